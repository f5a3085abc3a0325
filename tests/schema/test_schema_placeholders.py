"""engine.schema.placeholders: Norwegian dates and the checks on placeholders in texts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from engine.schema.placeholders import MISSING, format_date, format_text, placeholder_problems

VALUES = {
    "recipient": "prosjektgruppa v/ prosjektleder",
    "team": "Våler",
    "due": datetime(2018, 10, 4, 21, 59, 59, tzinfo=UTC),  # 23:59:59 in Oslo
    "period_start": date(2018, 9, 20),
    "period_end": date(2019, 2, 14),
    "gathering_number": 2,
}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Sendes til {recipient} innen {due:%d.%m.%Y}.",
            "Sendes til prosjektgruppa v/ prosjektleder innen 04.10.2018.",
        ),
        ("{due}", "04.10.2018"),
        ("kl. {due:%H.%M}", "kl. 23.59"),
        ("mellom {period_start:%B %Y} til {period_end:%B %Y}", "mellom september 2018 til februar 2019"),
        ("{period_start:%A %e. %b}", "torsdag 20. sep."),
        ("samling {gathering_number}", "samling 2"),
        ("{{team}} er {team}", "{team} er Våler"),
        ("{programme}", MISSING),
        ("100 %", "100 %"),
    ],
)
def test_placeholders_are_filled_in_norwegian(text, expected):
    assert format_text(text, VALUES) == expected


def test_dates_use_norwegian_month_names_whatever_the_process_locale():
    assert format_date(date(2019, 6, 1), "%B") == "juni"
    assert format_date(date(2019, 5, 17), "%d. %B %Y") == "17. mai 2019"


@pytest.mark.parametrize(
    "text, messages",
    [
        ("Innen {due:%d.%m.%Y} til {recipient}", []),
        ("{{ikke en plassholder}}", []),
        (
            "{frist}",
            [
                "unknown placeholder {frist}; known placeholders: due, gathering_date, gathering_number, "
                "gathering_place, gathering_theme, period, period_end, period_start, programme, programme_end, "
                "programme_start, recipient, reference_for, team"
            ],
        ),
        (
            "{Team}",
            [
                "unknown placeholder {Team}; known placeholders: due, gathering_date, gathering_number, "
                "gathering_place, gathering_theme, period, period_end, period_start, programme, programme_end, "
                "programme_start, recipient, reference_for, team"
            ],
        ),
        ("{due:%d.%q}", ["unknown date format code '%q' in {due:%d.%q}; use %d %e %m %Y %y %B %b %A %a %H %M"]),
        ("{period:%Y}", ["the placeholder {period} is not a date and takes no format (':%Y')"]),
        ("a { b", ["a single '{' that is not part of a placeholder; write '{{' for a brace"]),
        ("a } b", ["a single '}' that is not part of a placeholder; write '}}' for a brace"]),
    ],
)
def test_placeholder_problems(text, messages):
    assert placeholder_problems(text) == messages
