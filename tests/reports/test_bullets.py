"""engine.reports.bullets: a team's lists read back as the points and sub-points they were written as."""

from __future__ import annotations

import pytest

from engine.reports.bullets import Bullet, bullets, merged, plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("   \n  ", ()),
        ("Heltid", (Bullet("Heltid"),)),
        (
            "Heltid\nFunksjons- og stillingsbeskrivelse",
            (Bullet("Heltid"), Bullet("Funksjons- og stillingsbeskrivelse")),
        ),
        ("• Trainee\n• Fadderprogram", (Bullet("Trainee"), Bullet("Fadderprogram"))),
        ("- Trainee\n- Fadderprogram", (Bullet("Trainee"), Bullet("Fadderprogram"))),
        ("1. en\n2) to", (Bullet("en"), Bullet("to"))),
        # a wrapped point continues on the next line (text pasted from a PDF)
        (
            "• Sykepleier videreutdannes\netter planen.\n• Neste",
            (Bullet("Sykepleier videreutdannes etter planen."), Bullet("Neste")),
        ),
        # another marker (or a deeper indent) makes sub-points
        (
            "• Kartlegging:\n- Hvordan opplever veilederne studentpakken?\n- Påvirker den praksisperioden?\n• Tiltak",
            (
                Bullet(
                    "Kartlegging:",
                    (Bullet("Hvordan opplever veilederne studentpakken?"), Bullet("Påvirker den praksisperioden?")),
                ),
                Bullet("Tiltak"),
            ),
        ),
        ("• a\n    • b", (Bullet("a", (Bullet("b"),)),)),
        # a heading line without a marker above marked lines is a point with sub-points
        ("Kartlegging:\n- første\n- andre", (Bullet("Kartlegging:", (Bullet("første"), Bullet("andre"))),)),
        ("-3 grader er ingen punktliste", (Bullet("-3 grader er ingen punktliste"),)),
    ],
)
def test_points_and_sub_points(text, expected):
    assert bullets(text) == expected


def test_several_texts_merge_and_read_as_plain_text():
    items = merged(["• a\n- a1", None, "b"])
    assert items == (Bullet("a", (Bullet("a1"),)), Bullet("b"))
    assert plain(items) == "• a\n  – a1\n• b"
