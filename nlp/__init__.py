"""Reading Vietnamese reports: files in; metadata, sections, sentences and words out."""

from .classifier import Classifier, Prediction
from .errors import (EmptyDocumentError, FileMissingError, ModelError, NotVietnameseError,
                     ReportError, TrainingDataError, UnsupportedFormatError)
from .labels import LABELS
from .model_store import load_classifier, train_classifier
from .normalize import fold_diacritics, fold_whitespace, normalize_text, search_key
from .reader import iter_report_files, read_bytes, read_many, read_report, read_text
from .report import Metadata, Report, Section, Sentence, Signer

__all__ = [
    "EmptyDocumentError", "FileMissingError", "ModelError", "NotVietnameseError", "ReportError",
    "TrainingDataError", "UnsupportedFormatError",
    "fold_diacritics", "fold_whitespace", "normalize_text", "search_key",
    "read_report", "read_text", "read_bytes", "read_many", "iter_report_files",
    "Metadata", "Report", "Section", "Sentence", "Signer",
    "LABELS", "Classifier", "Prediction", "load_classifier", "train_classifier",
]
