"""Reading Vietnamese reports: files in; metadata, sections, sentences and words out.

The reader and the classifier are re-exported lazily (PEP 562), so ``import nlp`` (which every
``baocao`` command does to catch :class:`ReportError`) costs no more than the error classes and
the normal form: a cold ``baocao search`` must not pay for what it does not use.
"""

from importlib import import_module

from .errors import (EmptyDocumentError, FileMissingError, ModelError, NotVietnameseError,
                     ReportError, TrainingDataError, UnsupportedFormatError)
from .labels import LABELS
from .normalize import fold_diacritics, fold_whitespace, normalize_text, search_key

_LAZY = {
    "read_report": "reader", "read_text": "reader", "read_bytes": "reader",
    "read_many": "reader", "iter_report_files": "reader",
    "Metadata": "report", "Report": "report", "Section": "report", "Sentence": "report",
    "Signer": "report",
    "Classifier": "classifier", "Prediction": "classifier",
    "load_classifier": "model_store", "train_classifier": "model_store",
}

__all__ = [
    "EmptyDocumentError", "FileMissingError", "ModelError", "NotVietnameseError", "ReportError",
    "TrainingDataError", "UnsupportedFormatError",
    "fold_diacritics", "fold_whitespace", "normalize_text", "search_key", "LABELS", *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
