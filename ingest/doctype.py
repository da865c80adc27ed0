"""What kind of document this is, read from the words its first pages print.

A thesis says so on its cover (석사학위논문, "Master's Thesis") and names the school in its
approval sentence ("위 논문은 한국과학기술원 석사학위논문으로"); a press release heads its
first page 보도자료 and prints when it was released under it; an arXiv preprint carries the
arXiv stamp in its margin; a government report its 발간등록번호. Only such printed words
decide: nothing is guessed from length, layout or style, and a document that prints none of
them has no kind (citations then cite it as a document).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.titles import unspaced

# How far into a document its kind is printed: the cover, the inner title page and the
# approval page of a thesis; the heading block of a press release.
HEAD_LINES = 60
_PRESS_HEAD = 8  # 보도자료 and its release date sit above the title

_THESIS_KO = re.compile(r"^(석사|박사)학위(청구)?논문$")
_THESIS_EN = re.compile(
    r"^(?:(master)['’]?s?|(doctoral|ph\.?\s?d\.?))\s+(?:thesis|dissertation)$", re.IGNORECASE
)
_APPROVAL = re.compile(r"위\s*논문은\s*(\S+?)\s*(석사|박사)\s*학위\s*논문으로")
_SCHOOL = re.compile(r"^[가-힣]{2,20}(대학교|대학원|과학기술원|대학)$")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)\.\s*(\d{1,2})\.\s*(\d{1,2})\.")
_ARXIV = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?)")
_REG_NO = re.compile(r"발간\s*등록\s*번호\s*[:：]?\s*(\d{2}-\d{7}-\d{6}-\d{2})")
# An organisation named alone on a line of page 1: a cover's issuer ("한국개발연구원" under
# ko_report_kdi_market's title and date, "주식회사 OOO소O트" under ko_bizplan_homepage's), an
# official letter's sender ("강 남 소 방 서" closing ko_approval_fire_report) or letterhead
# ("강동수도사업소" over ko_notice_water_test).
_ORGANISATION = re.compile(
    r"^(?:(?:주식회사|\(주\))[가-힣A-Za-z0-9·]{2,20}|[가-힣A-Za-z0-9·]{2,20}"
    r"(?:부|처|청|위원회|연구원|연구소|연구회|공사|공단|재단|협회|학회|대학교|과학원|교육원|"
    r"진흥원|사업소|소방서|경찰서|센터|은행|시청|구청|군청|도청))$"
)
_DOI = re.compile(r"(?:doi\s*[:.]?\s*|doi\.org/)(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Kind:
    doc_type: str | None = None  # "석사학위논문", "Master's thesis", "보도자료", "preprint", …
    publisher: str | None = None  # a thesis's school, a cover's or a letter's organisation
    date: str | None = None  # ISO date a press release prints
    number: str | None = None  # "arXiv:2109.08266v2", a 발간등록번호
    doi: str | None = None


def _squeezed(line: str) -> str:
    """A line without its spaces when it is Hangul ("보 도 자 료" is 보도자료)."""
    text = " ".join(line.split())
    return text.replace(" ", "") if re.search(r"[가-힣]", text) else text


def _thesis(lines: Sequence[str]) -> Kind | None:
    degree = None
    for line in lines:
        squeezed = _squeezed(line)
        if m := _THESIS_KO.match(squeezed):
            degree = f"{m.group(1)}학위논문"
            break
        if m := _THESIS_EN.match(" ".join(line.split())):
            degree = "Master's thesis" if m.group(1) else "Doctoral dissertation"
            break
    if degree is None:
        return None
    joined = " ".join(" ".join(lines).split())
    school = m.group(1) if (m := _APPROVAL.search(joined)) else None
    if school is None:
        school = next((s for s in map(_squeezed, lines) if _SCHOOL.match(s)), None)
    return Kind(doc_type=degree, publisher=school)


def _press(lines: Sequence[str]) -> Kind | None:
    head = lines[:_PRESS_HEAD]
    if not any(_squeezed(line) == "보도자료" for line in head):
        return None
    date = None
    for line in head:
        if m := _DATE.search(line):
            year, month, day = (int(g) for g in m.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                date = f"{year:04d}-{month:02d}-{day:02d}"
                break
    return Kind(doc_type="보도자료", date=date)


def organisation(lines: Sequence[str]) -> str | None:
    """The first line of page 1 that is an organisation's name and nothing else."""
    for line in lines:
        words = line.split()
        if _ORGANISATION.match("".join(words)):
            return unspaced(" ".join(words))  # "강 남 소 방 서" → 강남소방서
    return None


def read_kind(head: str, margin: Sequence[str] = ()) -> Kind:
    """The kind of a document from the text of its first pages (``head``) and the margin
    notes of page 1 (where arXiv prints its stamp)."""
    lines = [line for line in head.replace("\f", "\n").split("\n") if line.strip()]
    lines = lines[:HEAD_LINES]
    text = "\n".join([*lines, *margin])
    doi = m.group(1).rstrip(".,;)") if (m := _DOI.search(text)) else None
    found = _thesis(lines) or _press(lines)
    if found is None and (m := _ARXIV.search(text)):
        found = Kind(doc_type="preprint", number=f"arXiv:{m.group(1)}")
    if found is None and (m := _REG_NO.search(text)):
        found = Kind(doc_type="report", number=m.group(1))
    found = found or Kind()
    page1 = [line for line in head.split("\f")[0].split("\n") if line.strip()][:HEAD_LINES]
    publisher = found.publisher or organisation(page1)
    return Kind(found.doc_type, publisher, found.date, found.number, doi)
