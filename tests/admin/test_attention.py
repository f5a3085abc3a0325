"""The leader's front page (engine.web.admin.attention and .programmes): what needs attention, with a
link to where each thing is handled, and the reading marks behind "waiting for your reading"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from engine.access.links import mint_member_link
from engine.store import drafts as draft_repo
from engine.store import get_store
from engine.store import outbox as outbox_repo
from engine.store import readings as reading_repo
from tests.admin.conftest import OSLO, PID, deliver, move_clock, post, run_of, text

FRIDAY = datetime(2019, 5, 17, 10, 0, tzinfo=OSLO)  # the Statusrapport before gathering 4 is due Thursday


@pytest.fixture
def situation(app, example, clock, english):
    """Everything due delivered by the teams still in on 01.05 (not Halden: it withdraws on 02.05), but
    Marker's Fremdriftsplan after gathering 3;
    Sarpsborg has a draft of its Statusrapport; one invitation failed."""
    move_clock(english, clock, FRIDAY)  # two weeks on: a log-in lasts a working day
    run = run_of(app)
    for a in run.assignments:
        team = run.programme.team(a.team or "")
        if team and not team.withdrawn and a.due_at < FRIDAY and a.key != f"{PID}/marker/fremdriftsplan/3":
            deliver(app, a.team, a.deliverable, a.occurrence, a.due_at - timedelta(days=1))
    with app.app_context():
        store = get_store()
        draft_repo.save_draft(
            store, PID, "sarpsborg", f"{PID}/sarpsborg/statusrapport/4", {}, "anders", "Anders Nygård", 0, None, FRIDAY
        )
        message, _ = outbox_repo.enqueue(
            store,
            PID,
            {
                "key": "invitation:x",
                "kind": "invitation",
                "to": [{"name": "Kari Holm", "email": "k@example.org"}],
                "subject": "S",
                "text": "T",
                "assignment": f"{PID}/eidsberg/statusrapport/4",
                "team": "eidsberg",
            },
            FRIDAY,
        )
        outbox_repo.mark_failed(store, PID, message["id"], "the mail server refused the connection", FRIDAY, FRIDAY)
    return run_of(app)


def section(page: str, kind: str) -> str:
    return page.split(f'id="attention-{kind}"')[1].split("</section>")[0]


def test_the_front_page_lists_each_kind_with_where_it_is_handled(english, situation):
    page = english.get("/admin/").get_data(as_text=True)
    summary = text(english.get("/admin/"))
    assert (
        "What needs attention Overdue 1 Due this week, not started 3 Started, not submitted 1 "
        "Waiting for your reading 24 New versions you asked for 0 Mail that could not be sent 1"
    ) in summary
    overdue = section(page, "overdue")
    assert "Marker – Fremdriftsplan after gathering 3" in overdue and "due 28.02.2019 (78 days ago)" in overdue
    assert f'href="/admin/p/{PID}/mail?assignment={PID}/marker/fremdriftsplan/3">Send a reminder' in overdue
    assert f'href="/admin/p/{PID}/teams/marker">More time or an excusal' in overdue
    soon = text_of(section(page, "due_soon"))
    assert "Due this week, not started (3)" in soon and "due 23.05.2019 (in 6 days)" in soon
    assert "Sarpsborg" not in soon and "Moss" not in soon  # started; extended to 01.06
    draft = text_of(section(page, "draft"))
    assert (
        "Sarpsborg – Statusrapport before gathering 4 due 23.05.2019 (in 6 days) · draft saved by Anders Nygård"
        in draft
    )
    failed = section(page, "mail_failed")
    assert "the mail server refused the connection" in failed and f'href="/admin/p/{PID}/mail#failed"' in failed
    unread = section(page, "unread")
    assert "Waiting for your reading (24)" in text_of(unread)  # Halden, Hvaler, Våler: not delivered
    assert f'href="/admin/p/{PID}/submissions/eidsberg/hovedplan/1">Read it' in unread


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").strip()


def test_opening_a_document_reads_it_and_mark_as_unread_puts_it_back(app, english, situation):
    url = f"/admin/p/{PID}/submissions/moss/hovedplan/1"
    assert url in english.get("/admin/").get_data(as_text=True)
    assert english.get(url).status_code == 200
    assert f'href="{url}"' not in section(english.get("/admin/").get_data(as_text=True), "unread")
    response = post(english, f"{url}/unread", {})
    assert response.status_code == 302 and "is back on your reading list" in text(english.get("/admin/"))
    assert f'href="{url}"' in section(english.get("/admin/").get_data(as_text=True), "unread")


def test_a_new_version_comes_back_with_what_changed(app, english, situation):
    english.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1")
    deliver(app, "moss", "hovedplan", 1, FRIDAY - timedelta(hours=2))
    unread = section(english.get("/admin/").get_data(as_text=True), "unread")
    assert f'href="/admin/p/{PID}/submissions/moss/hovedplan/1?compare=1,2">What changed since version 1' in unread
    english.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1?compare=1,2")
    assert "moss/hovedplan/1" not in section(english.get("/admin/").get_data(as_text=True), "unread")


def test_everything_can_be_marked_as_read_at_once(app, english, situation):
    response = post(english, f"/admin/p/{PID}/read-all", {})
    assert response.status_code == 302
    assert "Waiting for your reading (0) " in text(english.get("/admin/"))


def test_reading_is_each_leaders_own_and_a_team_link_never_marks_anything(app, english, situation, observer):
    english.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1")
    assert "Waiting for your reading (24)" in text(observer.get("/admin/?lang=en"))  # the observer's own list
    assert observer.post(f"/admin/p/{PID}/read-all", data={}).status_code in (400, 403)
    with app.app_context():
        link = mint_member_link(get_store(), "http://verksted.test", PID, "moss", "maria-olsen", FRIDAY)
        before = {k: reading_repo.read_versions(get_store(), PID, k) for k in ("lea", "olav")}
    member = app.test_client()
    path = link.removeprefix("http://verksted.test")
    assert member.get(path).status_code == 200
    receipt = re.search(r'href="([^"]*/receipt/[^"]+)"', member.get(path).get_data(as_text=True)).group(1)
    assert member.get(receipt).status_code == 200
    with app.app_context():
        after = {k: reading_repo.read_versions(get_store(), PID, k) for k in ("lea", "olav")}
    assert after == before


def test_nothing_to_do_says_so(english, example, clock):
    clock.set(datetime(2018, 4, 10, 10, 0, tzinfo=OSLO))  # before the first gathering
    page = text(english.get("/admin/"))
    assert (
        "Overdue (0) Documents a team still in the programme has not delivered by the deadline. Nothing at the moment."
        in page
    )
