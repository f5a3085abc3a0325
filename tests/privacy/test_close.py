"""Closing a programme (``engine.privacy.lifecycle``, ``engine.web.admin.lifecycle``): read-only at once —
no mail, no links, no edits — until it is opened again, by the leader in the admin or on the command line."""

from __future__ import annotations

import pytest

from engine import privacy
from engine.access.links import evaluation_path
from engine.mail.scheduler import tick
from engine.programmes import get_catalog
from engine.programmes.attention import attention
from engine.store import ProgrammeClosed, events, get_store, outbox, programmes
from tests.admin.test_auth import SAMPLE_ARGS
from tests.support.teamwork import EXAMPLE, FREMDRIFTSPLAN, PID, admin_client, hidden, text_of


@pytest.fixture
def leader(app, store, clock):
    return admin_client(app, store, clock)


def _csrf(client, path):
    return hidden(client.get(path).get_data(as_text=True), "csrf_token")


def test_the_leader_closes_the_programme_after_being_told_what_it_means(leader, store, run, clock):
    page = text_of(leader.get(f"/admin/p/{PID}/close").get_data(as_text=True))
    assert "No more e-mail is sent" in page and "erased 365 days after closing — on 20.04.2019" in page
    response = leader.post(f"/admin/p/{PID}/close", data={"csrf_token": _csrf(leader, f"/admin/p/{PID}/close")})
    assert response.status_code == 302
    overview = text_of(leader.get(response.location).get_data(as_text=True))
    assert "The programme is closed." in overview
    assert "Closed Since 20.04.2018: read-only, no mail, no links." in overview
    assert "will be erased on 20.04.2019" in overview
    assert [e["actor"] for e in events.list_events(store, PID, kind="programme_closed")] == [
        programmes.get_programme(store, PID)["closed_by"]
    ]
    listing = text_of(leader.get("/admin/").get_data(as_text=True))
    assert "Closed" in listing


def test_a_closed_programme_refuses_every_change_and_opens_again(leader, store, run, clock, member):
    maria = member()
    settings = f"/admin/p/{PID}/settings"
    token = _csrf(leader, settings)
    privacy.close(store, PID, "leader", clock())
    for path in (settings, f"/admin/p/{PID}/teams/moss/extensions", f"/admin/p/{PID}/links/moss/maria-olsen/send"):
        response = leader.post(path, data={"csrf_token": token, "title": "Nytt navn"})
        assert response.status_code == 409, path
        assert "This programme is closed, so nothing in it can be changed." in text_of(response.get_data(as_text=True))
    assert maria.get().status_code == 410
    assert "The programme is closed" in text_of(maria.get().get_data(as_text=True))
    with pytest.raises(ProgrammeClosed):
        programmes.save_programme(store, {**programmes.get_programme(store, PID), "title": "x"}, "leader", clock())
    page = text_of(leader.get(settings).get_data(as_text=True))
    assert "The settings of a closed programme cannot be changed." in page
    response = leader.post(f"/admin/p/{PID}/reopen", data={"csrf_token": token})
    assert response.status_code == 302
    assert "The programme is open again." in text_of(leader.get(response.location).get_data(as_text=True))
    assert maria.get().status_code == 200


def test_closing_discards_the_mail_waiting_and_the_scheduler_sends_none(app, store, run, clock):
    outbox.enqueue(
        store,
        PID,
        {"key": "x:1", "kind": "message", "to": [{"name": "A", "email": "a@example.org"}], "subject": "S", "text": "T"},
        clock(),
    )
    _, discarded = privacy.close(store, PID, "leader", clock())
    assert discarded == 1
    assert [m["state"] for m in outbox.list_messages(store, PID)] == ["discarded"]
    report = tick(app, clock())
    assert (report.queued, report.sent) == (0, 0)
    privacy.reopen(store, PID, "leader", clock())
    assert tick(app, clock()).sent > 0  # open again: the invitations that are due go out


def test_a_closed_programmes_evaluation_takes_no_answers(app, store, run, clock):
    participant = app.test_client()
    participant.get("/?lang=en")
    assert participant.get(evaluation_path("test-secret", PID, 1)).status_code == 200
    privacy.close(store, PID, "leader", clock())
    response = participant.get(evaluation_path("test-secret", PID, 1))
    assert response.status_code == 410
    assert "its evaluations no longer take answers" in text_of(response.get_data(as_text=True))


def test_observers_cannot_close_and_the_cli_refuses_closed_programmes(app, runner, store, run, clock):
    observer = admin_client(app, store, clock, role="observer")
    assert observer.get(f"/admin/p/{PID}/close").status_code == 403
    privacy.close(store, PID, "leader", clock())
    loaded = runner.invoke(args=["programme", "load", str(EXAMPLE)])
    assert loaded.exit_code == 1 and "is closed: nothing in it can be changed. Nothing was loaded." in loaded.output
    links = runner.invoke(args=["links", PID])
    assert links.exit_code == 1 and "is closed: its links open nothing" in links.output
    with app.app_context():
        assert programmes.get_programme(get_store(), PID)["closed_at"]


def test_a_closed_programme_is_copied_for_the_next_round_and_stays_closed(leader, store, run, clock):
    token = _csrf(leader, f"/admin/p/{PID}/copy")
    privacy.close(store, PID, "leader", clock())
    form = {"csrf_token": token, "title": "Neste runde", "programme_id": "neste", "first_date": "2027-04-15"}
    response = leader.post(f"/admin/p/{PID}/copy", data={**form, "members": "drop"})
    assert response.status_code == 302 and response.location == "/admin/p/neste/"
    copy = programmes.get_programme(store, "neste")
    assert not copy.get("closed_at") and [t["id"] for t in copy["teams"]][:2] == ["eidsberg", "marker"]
    assert programmes.get_programme(store, PID)["closed_at"]


def test_every_change_to_a_closed_programme_is_refused_on_every_admin_page(app, leader, store, run, clock):
    """Every admin URL of a programme that takes a POST — main's learning loop, report, cycle and reading
    marks included — answers 409 once the programme is closed, except reopening it and copying it."""
    token = _csrf(leader, f"/admin/p/{PID}/settings")
    privacy.close(store, PID, "leader", clock())
    revision = programmes.get_programme(store, PID)["revision"]
    allowed = ("admin.reopen_programme", "admin.copy_programme")
    urls = []
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("admin.") and "POST" in rule.methods and "pid" in rule.arguments:
                values = {a: {**SAMPLE_ARGS, "pid": PID}[a] for a in rule.arguments}
                urls += [] if rule.endpoint in allowed else [adapter.build(rule.endpoint, values)]
    assert len(urls) > 30
    for url in urls:
        assert leader.post(url, data={"csrf_token": token, "text": "x", "title": "x"}).status_code == 409, url
    assert programmes.get_programme(store, PID)["revision"] == revision


def test_a_closed_programme_needs_no_attention_on_the_front_page(app, store, run, member, clock):
    member().submit(FREMDRIFTSPLAN)  # a new document to read
    with app.app_context():
        before = attention(store, get_catalog(), "leader", clock())
        privacy.close(store, PID, "leader", clock())
        after = attention(store, get_catalog(), "leader", clock())
    assert any(item.programme == PID for items in before.items.values() for item in items)
    assert after.total == 0
