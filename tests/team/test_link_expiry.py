"""A member's older links expire once newer ones have been sent; the leader can end one link
(issue #12, item 10).

Every e-mail mints a new personal link, and every older one used to work until the programme's
end + 90 days, so one leaked old e-mail was a working key for years. Now an older link works for
LINK_SUPERSEDED_DAYS after a newer one was sent — or until the deadline its e-mail was about, if
that is later — and the leader sees every working link and can end any one of them.
"""

from __future__ import annotations

from datetime import timedelta

from engine.access.links import mint_member_links
from engine.mail.scheduler import tick
from engine.store import events as event_repo
from engine.store import tokens as token_repo
from tests.support.teamwork import PID, START, TeamMember, hidden, text_of

MARIA = ("moss", "maria-olsen")
BASE = "http://verksted.test"


def mint(app, store, now, about_until=None):
    purposes = {MARIA: {"about_until": about_until, "sent_with": [{"kind": "reminder", "assignment": None}]}}
    with app.app_context():
        url = mint_member_links(store, BASE, PID, [MARIA], now, purposes)[MARIA]
    client = app.test_client()
    client.get("/?lang=en")
    return TeamMember(client, url.removeprefix(BASE))


def test_an_older_link_stops_working_30_days_after_a_newer_one_was_sent(app, store, clock, run):
    older = mint(app, store, START)
    newer = mint(app, store, START + timedelta(days=10))
    clock.set(START + timedelta(days=40))
    assert older.get().status_code == 200, "still the month after the newer link"
    clock.advance(seconds=1)
    assert older.get().status_code == 404
    assert "use the link in your newest e-mail" in text_of(older.get().get_data(as_text=True))
    assert newer.get().status_code == 200


def test_an_older_link_works_until_the_deadline_its_mail_was_about(app, store, clock, run):
    due = START + timedelta(days=70)
    older = mint(app, store, START, about_until=due)
    mint(app, store, START + timedelta(days=10))
    clock.set(due)
    assert older.get().status_code == 200
    clock.advance(seconds=1)
    assert older.get().status_code == 404


def test_the_newest_link_works_until_the_programme_ends(app, store, clock, run):
    newest = mint(app, store, START)
    clock.set(START + timedelta(days=600))
    assert newest.get().status_code == 200


def test_the_mail_pass_records_what_each_link_was_sent_with(app, store, run):
    tick(app, START)  # the invitations to the Hovedplan and the first Fremdriftsplan
    records = [t for t in token_repo.list_tokens(store, PID, "moss") if t["member"] == "maria-olsen"]
    carried = {
        (item["kind"], item["assignment"]): record["about_until"] for record in records for item in record["sent_with"]
    }
    hovedplan, plan = (run.find("moss", d, 1) for d in ("hovedplan", "fremdriftsplan"))
    assert set(carried) == {("invitation", hovedplan.key), ("invitation", plan.key)}
    # a link carried by both invitations is about the later deadline (the Hovedplan's, 42 days on)
    assert max(carried.values()) == hovedplan.effective_due_at.isoformat()


def test_the_leader_ends_one_link_and_the_others_keep_working(app, store, clock, run, leader):
    first = mint(app, store, START)
    second = mint(app, store, START + timedelta(minutes=5))
    clock.advance(minutes=10)
    page = leader.get(f"/admin/p/{PID}/links").get_data(as_text=True)
    assert "Links of Moss that work" in text_of(page)
    older_id = next(t["id"] for t in token_repo.list_tokens(store, PID, "moss") if t["created_at"] == START.isoformat())
    url = f"/admin/p/{PID}/links/moss/maria-olsen/{older_id}/end"
    assert url in page
    response = leader.post(url, data={"csrf_token": hidden(page, "csrf_token")})
    assert response.status_code == 302
    assert first.get().status_code == 404 and second.get().status_code == 200
    [event] = event_repo.list_events(store, PID, kind="link_revoked")
    assert (event["detail"]["member"], event["detail"]["token"]) == ("maria-olsen", older_id)
    again = leader.post(url, data={"csrf_token": hidden(page, "csrf_token")})
    assert again.status_code == 404, "an ended link cannot be ended twice"
