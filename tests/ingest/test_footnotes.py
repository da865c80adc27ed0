from __future__ import annotations

import pytest

from ingest.footnotes import FootnoteScanner


@pytest.mark.parametrize(
    ("text", "expected", "refs", "start"),
    [
        (
            "트럼프는 바로 공격했을 것이라고 불신감을 표시1",
            "트럼프는 바로 공격했을 것이라고 불신감을 표시",
            ("1",),
            1,
        ),
        ("효과를 기대할 수 있음5 6 7", "효과를 기대할 수 있음", ("5", "6", "7"), 5),
        ("체결했으며,11 북한에 대해서도", "체결했으며, 북한에 대해서도", ("11",), 11),
        ("추진을 시사(2018.5.24.)14", "추진을 시사(2018.5.24.)", ("14",), 14),
        ("1973년 11월 7일9", "1973년 11월 7일", ("9",), 9),
        # Not footnotes: not the number expected, or not glued to a word end.
        ("북한이 20여 년 동안", "북한이 20여 년 동안", (), 20),
        ("G20 정상회의", "G20 정상회의", (), 20),
        ("핵태세 보고서(NPR2010)", "핵태세 보고서(NPR2010)", (), 10),
        ("2001년 발생한 9.11 테러사태", "2001년 발생한 9.11 테러사태", (), 10),
        ("북극성 2형 탄도미사일", "북극성 2형 탄도미사일", (), 2),
    ],
)
def test_markers(text: str, expected: str, refs: tuple[str, ...], start: int) -> None:
    scanner = FootnoteScanner(expected=start)
    clean, found, _ = scanner.strip(text)
    assert clean.rstrip() == expected
    assert found == refs


def test_sequence_advances() -> None:
    scanner = FootnoteScanner()
    scanner.strip("불신감을 표시1")
    assert scanner.expected == 2
    assert scanner.strip("사례9")[1] == ()  # too far ahead of 2: a number, not a marker
    assert scanner.strip("사례3")[1] == ("3",)  # a lost marker (2) is tolerated
    assert scanner.expected == 4
