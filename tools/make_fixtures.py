"""Regenerate the committed PDF fixtures in ``tests/fixtures/``.

The tests read these files; they never run this script. It needs two dev-only things that the
service itself does not:

* fpdf2, to lay out text with an embedded, subsetted TrueType font::

      . .venv/bin/activate && pip install fpdf2

* a Korean TrueType font, NanumGothic by default (Debian/Ubuntu)::

      apt-get update && apt-get install -y fonts-nanum

  or point ``--font`` at any TTF that covers Hangul.

Run from the repository root::

      python -m tools.make_fixtures

Fixtures written:

* ``sample_ko_en.pdf``: three pages of Korean and English text. Every page carries page
  furniture (a running title at the top, a printed page number at the bottom) so the page
  splitter downstream has something to strip; the printed numbers start at 15 to tell them apart
  from physical page numbers.
* ``scanned.pdf``: one page holding only an image, no text layer, as a scanner would make it.

Edge-case PDFs that need no font (blank pages, encryption, corruption) are built by the tests
themselves with pypdf.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from pathlib import Path

from fpdf import FPDF
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")

# fpdf2 derives the file /ID from the content and this date, so a fixed date keeps regenerated
# fixtures byte-identical and a rerun shows no diff.
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
RUNNING_TITLE = "북미 안전보장 조치 연구 · Security Assurances"
FIRST_PRINTED_PAGE = 15

# One list of lines per page. Korean lines come from seed 002 (corpus/002_*.txt).
PAGES: tuple[tuple[str, ...], ...] = (
    (
        "Ⅰ. 서론",
        "북한의 김정은 위원장은 핵무기 포기 조건의 하나로",
        "“체제안전의 보장”을 요구하였다.",
        "Abstract: This report analyses security assurances",
        "that the United States could offer North Korea.",
    ),
    (
        "Ⅱ. 외교적 조치",
        "외교적으로는 북한에 미국의 연락사무소 설치를 시작으로",
        "전면적 외교관계를 수립하는 것이다.",
        "Keywords: liaison office, peace treaty, sanctions",
    ),
    (
        "Ⅲ. Conclusion",
        "A peace treaty ratified by the Senate would bind",
        "future administrations.",
        "안보적 조치로는 불가침 약속과 평화협정이 있다.",
    ),
)


def _new_pdf() -> FPDF:
    pdf = FPDF(format=(148, 210))  # A5 in mm; the "A5" name warns about a 2.8.5 size fix
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_auto_page_break(auto=False)
    return pdf


def sample_ko_en(font: Path, out: Path) -> None:
    pdf = _new_pdf()
    pdf.add_font("Nanum", fname=font)  # fpdf2 embeds only the glyphs used: a ~25 KB subset
    pdf.set_font("Nanum", size=11)
    for offset, lines in enumerate(PAGES):
        pdf.add_page()
        pdf.set_font_size(8)
        pdf.set_xy(15, 10)
        pdf.cell(text=RUNNING_TITLE)
        pdf.set_font_size(11)
        pdf.set_xy(15, 25)
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT", h=8)
        pdf.set_font_size(8)
        pdf.set_xy(70, 195)
        pdf.cell(text=f"- {FIRST_PRINTED_PAGE + offset} -")
    pdf.output(str(out))


def scanned(_font: Path, out: Path) -> None:
    # A small grey gradient (deterministic, unlike noise): a whole "page" that is commit-sized.
    image = Image.linear_gradient("L").resize((64, 64))
    pdf = _new_pdf()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=128)
    pdf.output(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT, help="a TTF covering Hangul")
    args = parser.parse_args()
    # fontTools names every font table it drops while subsetting; none of them matter here.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    if not args.font.is_file():
        msg = f"{args.font}: font not found; install fonts-nanum or pass --font PATH.ttf"
        raise SystemExit(msg)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, make in (("sample_ko_en.pdf", sample_ko_en), ("scanned.pdf", scanned)):
        path = FIXTURES / name
        make(args.font, path)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
