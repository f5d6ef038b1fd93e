"""Reading Vietnamese reports: files in; metadata, sections, sentences and words out.

The reader and the classifier are re-exported lazily (PEP 562), so ``import nlp`` (which every
``baocao`` command does to catch :class:`ReportError`) costs no more than the error classes and
the normal form: a cold ``baocao search`` must not pay for what it does not use.
"""

from importlib import import_module
from typing import Any

from .errors import (EmptyDocumentError, FileMissingError, ModelError, NotVietnameseError,
                     OcrLimitError, OcrUnavailableError, ReportError, TrainingDataError,
                     UnsupportedFormatError)
from .classifier.labels import LABELS
from .text import fold_diacritics, fold_whitespace, normalize_text, search_key

_LAZY = {
    "read_report": "reader.pipeline", "read_text": "reader.pipeline",
    "read_bytes": "reader.pipeline", "read_many": "reader.pipeline",
    "iter_report_files": "reader.pipeline", "OcrOptions": "reader.ocr", "OcrPage": "reader.report",
    "Metadata": "reader.report", "Report": "reader.report", "Section": "reader.report",
    "Sentence": "reader.report", "Signer": "reader.report",
    "Classifier": "classifier.model", "Prediction": "classifier.model",
    "load_classifier": "classifier.store", "train_classifier": "classifier.store",
}

__all__ = [
    "EmptyDocumentError", "FileMissingError", "ModelError", "NotVietnameseError", "ReportError",
    "TrainingDataError", "UnsupportedFormatError", "OcrLimitError", "OcrUnavailableError",
    "fold_diacritics", "fold_whitespace", "normalize_text", "search_key", "LABELS", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
