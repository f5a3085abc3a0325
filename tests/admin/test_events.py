"""engine.web.admin.events: the event log, newest first, filtered, in pages, with actors by name."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from engine.store import events as event_repo
from engine.store import get_store
from tests.admin.conftest import OSLO, PID, post, text

START = datetime(2019, 3, 1, 9, 0, tzinfo=OSLO)


@pytest.fixture
def logged(app, example):
    """60 ``draft_saved`` events by Maria Olsen (Moss), a day apart, then a submission and a scheduler send."""
    with app.app_context():
        store = get_store()
        for n in range(60):
            event_repo.log_event(
                store,
                PID,
                "draft_saved",
                "maria-olsen",
                START + timedelta(days=n),
                "moss",
                f"{PID}/moss/statusrapport/4",
            )
        event_repo.log_event(
            store,
            PID,
            "submitted",
            "kari-holm",
            datetime(2019, 4, 20, 10, tzinfo=OSLO),
            "eidsberg",
            f"{PID}/eidsberg/statusrapport/4",
            version=2,
        )
        event_repo.log_event(
            store,
            PID,
            "mail_sent",
            "scheduler",
            datetime(2019, 4, 21, 8, tzinfo=OSLO),
            "marker",
            f"{PID}/marker/fremdriftsplan/3",
            kind="overdue",
        )
    return PID


def rows(response) -> list[list[str]]:
    html = response.get_data(as_text=True)
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    if not body:
        return []
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


def test_newest_first_in_pages_of_fifty(english, logged):
    first = english.get(f"/admin/p/{PID}/events")
    assert "63 events – page 1 of 2" in text(first)
    page = rows(first)
    assert len(page) == 50
    assert page[0] == ["01.05.2019 at 12:00", "Programme saved", "", "", "System", "revision 1"]
    assert page[1] == [
        "29.04.2019 at 09:00",
        "Draft saved",
        "Moss",
        "Statusrapport before gathering 4",
        "Maria Olsen",
        "",
    ]
    assert page[9:13] == [
        ["21.04.2019 at 09:00", "Draft saved", "Moss", "Statusrapport before gathering 4", "Maria Olsen", ""],
        [
            "21.04.2019 at 08:00",
            "E-mail sent",
            "Marker",
            "Fremdriftsplan after gathering 3",
            "Scheduler",
            "Overdue notice",
        ],
        ["20.04.2019 at 10:00", "Submitted", "Eidsberg", "Statusrapport before gathering 4", "Kari Holm", "version 2"],
        ["20.04.2019 at 09:00", "Draft saved", "Moss", "Statusrapport before gathering 4", "Maria Olsen", ""],
    ]
    assert 'href="?page=2" rel="next"' in first.get_data(as_text=True)
    second = rows(english.get(f"/admin/p/{PID}/events?page=2"))
    assert len(second) == 13
    assert second[-1][0] == "01.03.2019 at 09:00"


def test_filters_narrow_the_log_and_survive_paging(english, logged):
    response = english.get(f"/admin/p/{PID}/events?kind=draft_saved&team=moss&since=2019-03-10&until=20.03.2019")
    found = rows(response)
    assert [r[0][:10] for r in found] == [f"{d:02d}.03.2019" for d in range(20, 9, -1)]
    assert "11 events" in text(response)
    by_assignment = rows(english.get(f"/admin/p/{PID}/events?assignment=statusrapport/4&team=eidsberg"))
    assert [r[1] for r in by_assignment] == ["Submitted"]
    html = english.get(f"/admin/p/{PID}/events?kind=draft_saved").get_data(as_text=True)
    assert 'href="?kind=draft_saved&amp;page=2"' in html


def test_an_unreadable_date_is_said_and_ignored(english, logged):
    response = english.get(f"/admin/p/{PID}/events?since=yesterday")
    assert 'id="since-error">Write the date as dd.mm.yyyy, for example 19.04.2018.</p>' in response.get_data(
        as_text=True
    )
    assert "63 events" in text(response)


def test_the_leaders_own_changes_appear_under_their_name(app, english, example):
    post(
        english,
        f"/admin/p/{PID}/teams/moss/excusals",
        {"excusal-assignment": "statusrapport/5", "excusal-reason": "Sammenslåing."},
        app=app,
    )
    found = rows(english.get(f"/admin/p/{PID}/events?kind=excused"))
    assert found == [
        ["01.05.2019 at 12:00", "Excused", "Moss", "Statusrapport before gathering 5", "Lea Leder", "Sammenslåing."]
    ]


def test_every_kind_of_event_is_said_in_words(app, english, example):
    """The presenters, calendars, dropped mail and the programme's lifecycle too: never an engine code."""
    with app.app_context():
        store = get_store()
        at = datetime(2019, 4, 22, 9, tzinfo=OSLO)
        moss = f"{PID}/moss/statusrapport/4"
        event_repo.log_event(store, PID, "presenter_marked", "system", at, "moss", moss, gathering="g4", reason="Godt")
        event_repo.log_event(store, PID, "presenter_confirmed", "system", at, "moss", moss, gathering="g4")
        event_repo.log_event(store, PID, "calendar_created", "system", at, "moss", scope="team")
        dropped = {"kind": "reminder", "reason": "the team has submitted"}
        event_repo.log_event(store, PID, "mail_discarded", "scheduler", at, "moss", moss, **dropped)
        event_repo.log_event(store, PID, "programme_closed", "system", at)
    found = {row[1]: row[-1] for row in rows(english.get(f"/admin/p/{PID}/events")) if row[0].startswith("22.04")}
    assert found == {
        "Marked as worth sharing": "gathering 4: Godt",
        "Chosen to present": "gathering 4",
        "Calendar address made": "",
        "E-mail not sent": "Reminder: the team has submitted",
        "Programme closed": "",
    }
