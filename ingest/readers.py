"""Read one source file into a :class:`~ingest.records.Source`: decoded, NFC, "\\n" newlines.

Korean text files come in more encodings than UTF-8: older Windows tools save CP949 (a superset
of EUC-KR), Notepad saves UTF-8 with a BOM or UTF-16. The reader detects these, says which one
it chose in ``Source.encoding``, and refuses what it cannot decode rather than guess: a wrong
guess would index mojibake (湲곕낯 instead of 기본) that no query ever finds.

HWP 5 and HWPX files (Hancom's word processor) are detected by their OLE or zip container and
read by ``ingest.hwp``, Word's .docx by ``ingest.docx``; other OLE and zip files (DOC, XLS,
EPUB) are refused with what to do.

PDFs are detected by their ``%PDF-`` magic and read from the positions of their glyphs
(``ingest.pdf``); pages are joined with form feeds, so the N-th ``\\f``-separated chunk of
``Source.text`` is physical page N.

Every failure is an :class:`~ingest.errors.IngestError` that names the file and says what to do.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import charset_normalizer

from ingest.docx import is_docx, read_docx
from ingest.errors import (
    BinarySourceError,
    DecodeError,
    EmptySourceError,
    IngestError,
    PdfError,
)
from ingest.hwp import HwpDamagedError, NotHwpError, hwp_source, read_hwp
from ingest.pdf import read_pdf
from ingest.records import Source

PDF_MAGIC = b"%PDF-"
# Viewers accept a PDF header anywhere in the first KiB (some generators prepend junk); we do the
# same, but only for files named *.pdf, so a text file that quotes "%PDF-" stays text.
PDF_HEADER_WINDOW = 1024

# Formats people drop into a corpus folder by mistake, with what to do instead.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image; run OCR on it first"),
    (b"\xff\xd8\xff", "a JPEG image; run OCR on it first"),
    (b"GIF87a", "a GIF image; run OCR on it first"),
    (b"GIF89a", "a GIF image; run OCR on it first"),
    (b"II*\x00", "a TIFF image; run OCR on it first"),
    (b"MM\x00*", "a TIFF image; run OCR on it first"),
    (b"PK\x03\x04", "a ZIP archive that is not HWPX or DOCX (EPUB?); unpack it or export the text"),
    (b"PK\x05\x06", "an empty ZIP archive; unpack it or export the text"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an OLE document that is not HWP (DOC/XLS?); export it as text or PDF",
    ),
    (b"\x1f\x8b", "a GZIP archive; decompress it first"),
    (b"BZh", "a BZIP2 archive; decompress it first"),
    (b"\xfd7zXZ\x00", "an XZ archive; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"\x7fELF", "an ELF executable; it is not a document"),
)

# ASCII control characters that never occur in text. Tab, LF, VT, FF and CR do: form feeds in
# particular are page breaks in pdftotext output.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D} | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_DELETE_CONTROL_CHARS = dict.fromkeys(_CONTROL)
# Text with more control characters than this is binary. Real extractions carry a stray one now
# and then (a DOS end-of-file ^Z, a lost bullet); binary data without NULs is ~12% controls.
MAX_CONTROL_SHARE = 0.02

# A strict CP949 decode is accepted outright when at least this share of its non-ASCII
# characters are common Hangul syllables. Korean prose is well above 0.8 (the rest are Hanja and
# symbols like “ ” ·); text in another 8-bit encoding that happens to decode as CP949 comes out
# as Hanja and rare syllables, well below.
KOREAN_SHARE = 0.5
# Between this and KOREAN_SHARE the text is Korean-ish (say, heavy Hanja) but not clearly so,
# and charset-normalizer gets a say. Below it, we refuse.
KOREAN_SHARE_FLOOR = 0.2
_KOREAN_CODECS = frozenset({"cp949", "euc_kr"})

UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

RESAVE = "re-save it as UTF-8"


def read_source(path: Path) -> Source:
    """Read ``path`` as plain text, PDF, HWP, HWPX or DOCX.

    >>> source = read_source(Path("corpus/002_1fa036497e7495cd.txt"))
    >>> source.encoding, source.text[:13]
    ('utf-8', ' 북한의 김정은 위원장은')

    Raises :class:`~ingest.errors.IngestError` (or a subclass) when the file cannot be read,
    is empty, is binary, cannot be decoded, or is a PDF without extractable text.
    """
    data = _read_bytes(path)
    name = str(path)
    if data.startswith(PDF_MAGIC) or (
        path.suffix.lower() == ".pdf" and PDF_MAGIC in data[:PDF_HEADER_WINDOW]
    ):
        return _read_pdf(name, data)
    if data.startswith((OLE_MAGIC, ZIP_MAGIC)):
        hwp = _read_hwp(path)
        if hwp is not None:
            return hwp
        if data.startswith(ZIP_MAGIC) and is_docx(path):
            return read_docx(path)
    if path.suffix.lower() == ".pdf" and data.strip():
        msg = (
            "is named .pdf but does not start with %PDF- (perhaps an error page saved by a "
            "download); re-download or re-export the PDF"
        )
        raise PdfError(name, msg)
    return _read_text(name, data)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        msg = "no such file; check the path"
        raise IngestError(str(path), msg) from e
    except IsADirectoryError as e:
        msg = "is a directory; pass the files in it one by one"
        raise IngestError(str(path), msg) from e
    except PermissionError as e:
        msg = "permission denied; make the file readable by this user"
        raise IngestError(str(path), msg) from e
    except OSError as e:
        msg = f"cannot be read ({e.strerror or e}); check the file and the disk"
        raise IngestError(str(path), msg) from e


# --- plain text -------------------------------------------------------------------------------


def _read_text(name: str, data: bytes) -> Source:
    if not data:
        raise EmptySourceError(name, "is empty; nothing to ingest")
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            raise BinarySourceError(name, f"is {what}")
    text, encoding = _decode(name, data)
    _check_controls(name, text)
    text = _normalise(text)
    if not text.strip():
        raise EmptySourceError(name, "holds only whitespace; nothing to ingest")
    return Source(path=name, text=text, encoding=encoding, media_type="text/plain")


def _decode(name: str, data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; the encoding names are those of ``Source.encoding``."""
    # UTF-32 first: its little-endian BOM begins with the UTF-16 one.
    if data.startswith(UTF32_BOMS):
        raise DecodeError(name, f"is UTF-32, which is not supported; {RESAVE}")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(name, data, "utf-8-sig"), "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return _strict(name, data, "utf-16"), "utf-16"
    if b"\x00" in data:
        msg = (
            "contains NUL bytes, so it is binary (or UTF-16 without a byte-order mark: "
            f"if so, {RESAVE})"
        )
        raise BinarySourceError(name, msg)
    # Checked on bytes before decoding, so random binary data is called binary rather than
    # undecodable. ASCII controls are single bytes in both UTF-8 and CP949.
    _check_controls(name, data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    korean = _as_korean(data)
    if korean is not None:
        return korean, "cp949"
    raise DecodeError(name, _undecodable_reason(data, utf8_error))


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        msg = f"has a {encoding} byte-order mark but invalid {encoding} at byte {e.start}; {RESAVE}"
        raise DecodeError(name, msg) from e


def _as_korean(data: bytes) -> str | None:
    """``data`` decoded as CP949 when that is plausibly Korean text, else None."""
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    share = _korean_share(text)
    if share >= KOREAN_SHARE:
        return text
    if share >= KOREAN_SHARE_FLOOR and _guess(data) in _KOREAN_CODECS:
        return text
    return None


def _korean_share(text: str) -> float:
    """Share of the non-ASCII characters that are Hangul syllables in KS X 1001.

    Only the 2,350 syllables of KS X 1001 (EUC-KR) count: CP949's extension maps the byte pairs
    that Windows-1252 punctuation makes (“ is 0x93) to rare syllables like 갂, which real text
    hardly uses.
    """
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return 0.0
    common = sum(1 for ch in non_ascii if "가" <= ch <= "힣" and _in_ks_x_1001(ch))
    return common / len(non_ascii)


def _in_ks_x_1001(ch: str) -> bool:
    try:
        ch.encode("euc_kr")
    except UnicodeEncodeError:
        return False
    return True


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess (a Python codec name), or None when it has none."""
    best = charset_normalizer.from_bytes(data).best()
    return best.encoding if best is not None else None


def _undecodable_reason(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    where = f"invalid UTF-8 at byte {utf8_error.start}"
    if utf8_error.end == len(data) and utf8_error.reason == "unexpected end of data":
        where += " (the file looks truncated mid-character)"
    guess = _guess(data)
    hint = f"; charset-normalizer guesses {guess}" if guess else ""
    return f"is neither UTF-8 nor CP949/EUC-KR Korean text ({where}){hint}; {RESAVE}"


def _check_controls(name: str, content: str | bytes) -> None:
    # translate() deletes in C: this runs over every byte of every file.
    if isinstance(content, str):
        kept = len(content.translate(_DELETE_CONTROL_CHARS))
    else:
        kept = len(content.translate(None, _CONTROL_BYTES))
    share = (len(content) - kept) / len(content) if content else 0.0
    if share > MAX_CONTROL_SHARE:
        msg = f"is {share:.0%} control characters, so it is binary, not text"
        raise BinarySourceError(name, msg)


def _normalise(text: str) -> str:
    # NFC composes decomposed Hangul (text from macOS and some PDF tools is jamo: ᄒ+ᅡ+ᆫ for
    # 한) so queries match. It also folds CJK compatibility ideographs, the duplicate Hanja
    # of KS X 1001, into their unified forms; for search that merge is what we want.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# --- HWP / HWPX --------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _read_hwp(path: Path) -> Source | None:
    """The file as an HWP/HWPX source, or None when the container holds another format (the
    binary-format message then says what it is). A damaged container is an HWP error only
    for a file named .hwp/.hwpx."""
    try:
        doc = read_hwp(path)
    except NotHwpError:
        return None
    except HwpDamagedError:
        if path.suffix.lower() in (".hwp", ".hwpx"):
            raise
        return None
    source = hwp_source(doc)
    if not source.text.replace("\f", "").strip():
        raise EmptySourceError(str(path), "holds no text (only drawings or images?)")
    return source


# --- PDF --------------------------------------------------------------------------------------


def _read_pdf(name: str, data: bytes) -> Source:
    return read_pdf(name, data)
