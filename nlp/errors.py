"""Errors raised while reading and classifying reports.

Every error of the ``nlp`` package derives from :class:`ReportError`, so the CLI catches one
type and prints its message as a single ``Error: ...`` line.  Messages name the file and say what
to do next.
"""


class ReportError(Exception):
    """Base class of every error raised by the ``nlp`` package."""


class FileMissingError(ReportError):
    """The path does not exist or is not a readable file."""


class UnsupportedFormatError(ReportError):
    """The file is of a kind the reader cannot turn into text (binary, image, archive...)."""


class EmptyDocumentError(ReportError):
    """The file holds no text at all (empty, blank, or a PDF without a text layer)."""


class FileTooLargeError(ReportError):
    """The file, or what it unpacks to, is beyond the size limit (``--max-size``)."""


class NotVietnameseError(ReportError):
    """The file holds text, but none of it is Vietnamese."""


class ModelError(ReportError):
    """The classifier model is missing, damaged, or was written by another version."""


class TrainingDataError(ReportError):
    """The data given to train or evaluate the classifier is unusable."""


class OcrUnavailableError(ReportError):
    """The file needs OCR, but Tesseract or its Vietnamese data is not installed."""


class OcrLimitError(ReportError):
    """OCR of the file would take more pages or more time than the limits allow."""
