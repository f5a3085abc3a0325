"""engine.web.admin.timeline: the timeline drawn as SVG on the server, and its text twin."""

from __future__ import annotations

import re
from datetime import datetime

from tests.admin.conftest import OSLO, PID, move_clock, text


def test_the_page_draws_an_accessible_svg_and_says_the_same_in_a_table(english, example):
    response = english.get(f"/admin/p/{PID}/timeline")
    html = response.get_data(as_text=True)
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title-wide timeline-desc-wide"' in svg
    assert re.search(r'<title id="timeline-title-wide">Timeline of Jobbvinner Østfold', svg)
    assert "6 gatherings from 19.04.2018 to 13.02.2020 and 11 deadlines; today is 01.05.2019." in svg
    assert "style=" not in html  # the CSP forbids inline styles: classes and presentation attributes only
    assert 'viewBox="0 0 960' in svg
    assert svg.count('class="tl-gathering"') == 6 and svg.count('class="tl-due"') == 11
    assert 'class="tl-today"' in svg
    page = text(response)
    assert (
        "25.04.2019 Statusrapport before gathering 4 opens 01.05.2019 Today "
        "23.05.2019 Statusrapport before gathering 4 is due"
    ) in page
    assert "19.04.2018 Gathering 1: Oppstart med kick-off og gruppearbeid (Litteraturhuset, Fredrikstad)" in page


def test_the_page_has_no_today_line_after_the_programme(english, example, clock):
    move_clock(english, clock, datetime(2021, 1, 1, 12, tzinfo=OSLO))
    html = english.get(f"/admin/p/{PID}/timeline").get_data(as_text=True)
    assert 'class="tl-today"' not in html
    assert "01.01.2021 Today" in text(english.get(f"/admin/p/{PID}/timeline"))


def test_a_phone_gets_the_months_around_today_within_the_programme(english, example, clock):
    html = english.get(f"/admin/p/{PID}/timeline").get_data(as_text=True)
    phone = re.search(r"<svg\b[^>]*timeline__svg--phone.*?</svg>", html, re.S).group(0)
    assert "Timeline of Jobbvinner Østfold – utviklingsverksted 2018–2020: the months around today" in phone
    assert 'class="tl-today"' in phone
    numbers = re.compile(r'class="tl-gathering-number"[^>]*>(\d)<')
    assert numbers.findall(phone) == ["3", "4"]  # 14.02 and 06.06.2019, not the rest
    # after the end: the last months, no line for today
    move_clock(english, clock, datetime(2021, 1, 1, 12, tzinfo=OSLO))
    html = english.get(f"/admin/p/{PID}/timeline").get_data(as_text=True)
    phone = re.search(r"<svg\b[^>]*timeline__svg--phone.*?</svg>", html, re.S).group(0)
    assert 'class="tl-today"' not in phone and numbers.findall(phone) == ["5", "6"]
