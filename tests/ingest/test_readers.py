"""ingest.readers: encodings, newlines, NFC, binary and empty files, PDFs page by page."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.errors import (
    BinarySourceError,
    DecodeError,
    EmptySourceError,
    IngestError,
    PdfError,
)
from ingest.readers import read_source

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE_PDF = FIXTURES / "sample_ko_en.pdf"

# Seed lines (corpus/000 and corpus/002) that CP949 and EUC-KR can encode.
SEED_000 = "휴전회담을시작할때부터이승만대통령을정점으로한국"
SEED_002 = "북한의 김정은 위원장은 핵무기 포기 조건의 하나로 “체제안전의 보장”을 요구하였다."


def write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- text encodings ---------------------------------------------------------------------------


def test_utf8() -> None:
    source = read_source(CORPUS / "002_1fa036497e7495cd.txt")
    assert source.encoding == "utf-8"
    assert source.media_type == "text/plain"
    assert source.path == str(CORPUS / "002_1fa036497e7495cd.txt")
    # The seed starts with a space; the reader must not strip it (raw offsets depend on it).
    assert source.text.startswith(" " + SEED_002)


@pytest.mark.parametrize("seed", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_corpus_reads_unchanged(seed: Path) -> None:
    expected = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    assert read_source(seed).text == expected


def test_utf8_bom(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, b"\xef\xbb\xbf" + SEED_002.encode()))
    assert source.encoding == "utf-8-sig"
    assert source.text == SEED_002  # BOM dropped


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    source = read_source(write(tmp_path, bom + f"{SEED_002}\nEnglish too.".encode(codec)))
    assert source.encoding == "utf-16"
    assert source.text == f"{SEED_002}\nEnglish too."


def test_cp949_korean(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, f"{SEED_000}\n{SEED_002}\n".encode("cp949")))
    assert source.encoding == "cp949"
    assert source.text == f"{SEED_000}\n{SEED_002}\n"


def test_cp949_extension_syllables(tmp_path: Path) -> None:
    # 똠 and 햏 are outside EUC-KR (KS X 1001) but in CP949; a few of them must not tip the
    # plausibility check.
    text = "똠양꿍 가게에서 햏자를 만났다. 평범한 한국어 문장이 이어진다."
    source = read_source(write(tmp_path, text.encode("cp949")))
    assert (source.encoding, source.text) == ("cp949", text)


def test_euc_kr_is_read_as_cp949(tmp_path: Path) -> None:
    # CP949 is a superset of EUC-KR, so EUC-KR bytes decode identically and are reported as the
    # superset: the two cannot be told apart unless a CP949-only syllable occurs.
    source = read_source(write(tmp_path, SEED_002.encode("euc_kr")))
    assert (source.encoding, source.text) == ("cp949", SEED_002)


def test_cp949_with_heavy_hanja(tmp_path: Path) -> None:
    # Fewer than half the non-ASCII characters are Hangul: charset-normalizer settles it.
    text = (
        "大韓民國 憲法 第1條 大韓民國은 民主共和國이다. "
        "主權은 國民에게 있고, 모든 權力은 國民으로부터 나온다."
    )
    source = read_source(write(tmp_path, text.encode("cp949")))
    assert source.encoding == "cp949"
    assert source.text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("“Quoted” café – naïve résumé".encode("cp1252") * 5, id="cp1252"),
        pytest.param("Ça été déjà vu, garçon".encode("latin-1"), id="latin-1"),
        pytest.param("한글 텍스트".encode() + b"\xff" + "다음".encode(), id="utf8-stray-byte"),
        pytest.param(SEED_002.encode()[:-2], id="utf8-truncated"),
        pytest.param("가나다".encode("utf-32"), id="utf-32"),
        pytest.param(b"\xff\xfe" + b"\x00\xd8" + "a".encode("utf-16-le"), id="utf-16-bad"),
    ],
)
def test_undecodable(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    with pytest.raises(DecodeError) as info:
        read_source(path)
    assert info.value.path == str(path)
    assert "re-save it as UTF-8" in info.value.reason


def test_undecodable_says_where(tmp_path: Path) -> None:
    data = "한글 텍스트".encode() + b"\xff" + "다음".encode()
    with pytest.raises(DecodeError, match="invalid UTF-8 at byte 16"):
        read_source(write(tmp_path, data))


# --- newlines and normalisation ---------------------------------------------------------------


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "첫 줄\r\n둘째 줄\r셋째 줄\n\r\n끝".encode()))
    assert source.text == "첫 줄\n둘째 줄\n셋째 줄\n\n끝"


def test_crlf_in_cp949(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, f"{SEED_000}\r\n{SEED_002}\r\n".encode("cp949")))
    assert source.text == f"{SEED_000}\n{SEED_002}\n"


def test_nfd_hangul_becomes_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", SEED_002)
    assert nfd != SEED_002  # the test means something only if the input is decomposed
    source = read_source(write(tmp_path, nfd.encode()))
    assert source.text == SEED_002


def test_form_feeds_in_text_are_kept(tmp_path: Path) -> None:
    # pdftotext output marks page breaks with \f; the page splitter needs them.
    source = read_source(write(tmp_path, "첫 쪽\f둘째 쪽\f".encode()))
    assert source.text == "첫 쪽\f둘째 쪽\f"


# --- empty and binary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b" \n\t\r\n  ", id="whitespace"),
        pytest.param("\u3000\n".encode(), id="ideographic-space"),
        pytest.param(b"\xef\xbb\xbf", id="utf8-bom-only"),
        pytest.param(b"\xff\xfe \x00\n\x00", id="utf16-whitespace"),
    ],
)
def test_empty(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptySourceError):
        read_source(write(tmp_path, data))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG", id="jpeg"),
        pytest.param(b"PK\x03\x04\x14\x00", "ZIP", id="zip"),
        pytest.param(b"\x1f\x8b\x08\x00", "GZIP", id="gzip"),
        pytest.param(b"\x7fELF\x02\x01\x01", "ELF", id="elf"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "HWP", id="ole-hwp"),
        pytest.param(b"text\x00with a NUL", "NUL", id="nul"),
        pytest.param(b"\x01\x02\x03\x04abc" * 20, "control characters", id="controls"),
    ],
)
def test_binary(tmp_path: Path, data: bytes, says: str) -> None:
    with pytest.raises(BinarySourceError, match=says):
        read_source(write(tmp_path, data))


def test_binary_even_when_named_txt_with_korean_around(tmp_path: Path) -> None:
    data = SEED_002.encode() + b"\x00\x00\x00\x00" + SEED_000.encode()
    with pytest.raises(BinarySourceError):
        read_source(write(tmp_path, data))


def test_a_few_stray_controls_are_still_text(tmp_path: Path) -> None:
    # A DOS end-of-file marker and a lost bullet: damaged extractions have these.
    data = (SEED_002 * 3).encode() + b"\x07\n" + SEED_000.encode() + b"\x1a"
    assert read_source(write(tmp_path, data)).encoding == "utf-8"


# --- files that cannot be opened ----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file") as info:
        read_source(tmp_path / "nope.txt")
    assert type(info.value) is IngestError
    assert info.value.path == str(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="is a directory"):
        read_source(tmp_path)


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (CI containers), so the OS error is raised directly.
    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(IngestError, match="permission denied; make the file readable"):
        read_source(tmp_path / "secret.txt")


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_pages_are_form_feed_separated() -> None:
    source = read_source(SAMPLE_PDF)
    assert (source.encoding, source.media_type) == ("pdf", "application/pdf")
    pages = source.text.split("\f")
    assert len(pages) == len(PdfReader(SAMPLE_PDF).pages) == 3  # pypdf as a second opinion
    for number, page in enumerate(pages, start=1):
        assert page.startswith("북미 안전보장 조치 연구 · Security Assurances\n")  # running title
        assert page.endswith(f"\n- {14 + number} -")  # printed page number, 15 to 17
    assert (
        "북한의 김정은 위원장은 핵무기 포기 조건의 하나로\n“체제안전의 보장”을 요구하였다."
        in pages[0]
    )
    assert "Abstract: This report analyses security assurances" in pages[0]
    # a line that ends short of its column ends its word: it keeps a space at its end
    assert "Ⅱ. 외교적 조치 \n외교적으로는 북한에 미국의 연락사무소 설치를 시작으로" in pages[1]
    assert "Keywords: liaison office, peace treaty, sanctions" in pages[1]
    assert "A peace treaty ratified by the Senate would bind\nfuture administrations." in pages[2]
    assert "안보적 조치로는 불가침 약속과 평화협정이 있다." in pages[2]


def test_pdf_text_is_nfc() -> None:
    text = read_source(SAMPLE_PDF).text
    assert text == unicodedata.normalize("NFC", text)
    assert "\r" not in text


def test_pdf_detected_by_magic_not_extension(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, SAMPLE_PDF.read_bytes(), name="download.bin"))
    assert source.media_type == "application/pdf"
    assert source.text.count("\f") == 2


def test_pdf_with_empty_page_keeps_its_chunk(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=SAMPLE_PDF)
    writer.insert_blank_page(index=1)  # physical page 2 is blank
    writer.add_blank_page()  # and so is the last one, page 5
    source = read_source(write(tmp_path, pdf_bytes(writer), name="blank.pdf"))
    pages = source.text.split("\f")
    assert len(pages) == 5
    assert pages[1] == pages[4] == ""
    assert pages[2].endswith("- 16 -")  # the sample's second page is now physical page 3


def test_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    # "Encrypted" only to restrict copying/printing: opens with the empty password.
    writer = PdfWriter(clone_from=SAMPLE_PDF)
    writer.encrypt(user_password="", owner_password="owner")
    source = read_source(write(tmp_path, pdf_bytes(writer), name="restricted.pdf"))
    assert source.text == read_source(SAMPLE_PDF).text


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=SAMPLE_PDF)
    writer.encrypt(user_password="secret")
    with pytest.raises(PdfError, match="password-protected; save an unencrypted copy"):
        read_source(write(tmp_path, pdf_bytes(writer), name="locked.pdf"))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.7\nnot really a pdf\n", id="garbage"),
        pytest.param(SAMPLE_PDF.read_bytes()[:4000], id="truncated"),
        pytest.param(b"%PDF-1.4\n" + bytes(range(256)) * 8, id="binary-body"),
    ],
)
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(PdfError, match="damaged or truncated: re-download or re-export"):
        read_source(write(tmp_path, data, name="broken.pdf"))


def test_pdf_named_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    data = b"<html><body>404 Not Found</body></html>"
    with pytest.raises(PdfError, match="does not start with %PDF-"):
        read_source(write(tmp_path, data, name="paper.pdf"))


def test_image_only_pdf() -> None:
    with pytest.raises(PdfError, match=r"no text layer .*run OCR first"):
        read_source(FIXTURES / "scanned.pdf")


def test_pdf_of_blank_pages(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    with pytest.raises(PdfError, match="no text layer in any of its 2 pages"):
        read_source(write(tmp_path, pdf_bytes(writer), name="blank.pdf"))


def test_pdf_without_pages(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="has no pages"):
        read_source(write(tmp_path, pdf_bytes(PdfWriter()), name="empty.pdf"))


def test_pdf_with_junk_before_header(tmp_path: Path) -> None:
    # Some generators prepend bytes before %PDF-; viewers allow it in the first KiB.
    data = b"HTTP/1.1 200 OK\r\n\r\n" + SAMPLE_PDF.read_bytes()
    source = read_source(write(tmp_path, data, name="paper.pdf"))
    assert source.text.count("\f") == 2


def test_text_quoting_the_pdf_magic_stays_text(tmp_path: Path) -> None:
    text = "PDF 파일은 %PDF- 로 시작한다."
    source = read_source(write(tmp_path, text.encode(), name="note.txt"))
    assert (source.media_type, source.text) == ("text/plain", text)
