"""Errors raised by ingest. Each names the file and says what to do."""

from __future__ import annotations


class IngestError(Exception):
    """Base class: something about one source file prevents ingesting it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptySourceError(IngestError):
    """The file holds no text."""


class BinarySourceError(IngestError):
    """The file is binary (not text, not a PDF we can read)."""


class DecodeError(IngestError):
    """The bytes are not UTF-8, UTF-16 or CP949/EUC-KR text."""


class PdfError(IngestError):
    """The PDF cannot be opened or holds no extractable text."""


class MetadataError(IngestError):
    """A metadata sidecar exists but cannot be read."""
