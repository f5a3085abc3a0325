"""engine.web.team: the team page, receipts, the calendar, and what a link opens — and what not."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest

from engine import create_app
from engine.access import team as team_access
from engine.access.links import evaluation_path
from engine.programmes import get_catalog, save_programme_document
from engine.store import programmes as programme_repo
from engine.store import tokens
from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, text_of


def test_the_team_page_shows_what_to_do_now_what_is_next_and_every_form(member):
    page = text_of(member().get().get_data(as_text=True))
    todo = page.split("To do now")[1].split("All the team's forms")[0]
    assert "Fremdriftsplan after gathering 1 Open Deadline: 03.05.2018 Fill in" in todo
    assert "Hovedplan Open Deadline: 31.05.2018 Fill in" in todo
    assert "Next Fremdriftsplan after gathering 2 opens 20.09.2018, deadline 04.10.2018." in todo
    assert "Gathering 2: 20.09.2018 at Dypedalsåsen, Hvaler." in todo
    table = page.split("All the team's forms")[1].split("Gatherings")[0]
    assert "Statusrapport before gathering 4 Not open yet 25.04.2019 01.06.2019 extended" in table
    assert "Statusrapport before gathering 6 Excused" in table
    gatherings = page.split("Add the gatherings and deadlines to your calendar")[1]
    assert (
        "Gathering 1: Oppstart med kick-off og gruppearbeid Date 19 April 2018 Time 09:00–15:30 "
        "Place Litteraturhuset, Fredrikstad Host Fredrikstad"
    ) in gatherings
    assert "Gruppearbeid i eget team: hovedplan og første fremdriftsplan." in gatherings


def test_the_team_page_shows_drafts_and_submissions(member, clock):
    maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")
    maria.post(maria.open("hovedplan", 1), {"effektmal": "Et mål"})
    clock.advance(minutes=5)
    lars.submit(FREMDRIFTSPLAN)
    page = text_of(maria.get().get_data(as_text=True))
    assert "Hovedplan Open Deadline: 31.05.2018 Draft last saved by Maria Olsen, 20.04.2018 at 10:00 Continue" in page
    assert (
        "Fremdriftsplan after gathering 1 Submitted on time 19.04.2018 03.05.2018 20.04.2018 at 10:05 "
        "Lars Kristiansen 1 Change (new version) : Fremdriftsplan after gathering 1 See what was submitted"
    ) in page


def test_pages_reached_by_a_link_are_private(member):
    maria = member()
    for response in (maria.get(), maria.get("a/fremdriftsplan/1"), maria.get("calendar.ics")):
        assert response.status_code == 200
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"


def test_the_calendar_is_an_icalendar_download(member):
    response = member().get("calendar.ics")
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == 'attachment; filename="moss.ics"'
    body = response.get_data(as_text=True)
    assert "SUMMARY:Deadline: Fremdriftsplan after gathering 1" in body
    assert "SUMMARY:Gathering 1: Oppstart med kick-off og gruppearbeid" in body


def invalid(response) -> bool:
    body = text_of(response.get_data(as_text=True))
    return response.status_code == 404 and "How to get a new link" in body and "Ask your project leader" in body


@pytest.mark.parametrize("path", ["", "a/fremdriftsplan/1", "calendar.ics"])
def test_an_unknown_token_gets_a_friendly_404(client, run, path):
    client.get("/?lang=en")
    assert invalid(client.get(f"/p/{PID}/t/{'x' * 43}/{path}"))
    assert invalid(client.get(f"/p/no-such-programme/t/abc/{path}"))


def test_a_revoked_link_gets_the_404(member, store, clock):
    maria = member()
    tokens.revoke_tokens(store, PID, "moss", "maria-olsen", now=clock())
    assert invalid(maria.get())
    assert member("moss", "lars-kristiansen").get().status_code == 200


def test_a_deactivated_or_removed_member_gets_the_404(app, member, store, clock):
    maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")
    doc = programme_repo.get_programme(store, PID)
    moss = next(t for t in doc["teams"] if t["id"] == "moss")
    moss["members"] = [m for m in moss["members"] if m["id"] != "lars-kristiansen"]
    next(m for m in moss["members"] if m["id"] == "maria-olsen")["active"] = False
    with app.app_context():
        save_programme_document(store, get_catalog(), doc, "test", clock())
    assert invalid(maria.get()) and invalid(lars.get())
    assert member("moss", "ida-pedersen").get().status_code == 200


def test_a_link_works_until_the_grace_period_after_the_programme_ends(member, clock, run):
    last_moment = team_access.programme_links_end(run, 90)
    assert last_moment == datetime(2020, 6, 12, 23, 59, 59, tzinfo=OSLO)  # last due day 14.03.2020 + 90 days
    maria = member()
    clock.set(last_moment)
    assert maria.get().status_code == 200
    clock.set(last_moment + timedelta(seconds=1))
    assert invalid(maria.get())


def test_another_teams_receipt_is_not_reachable(member):
    response = member("eidsberg", "kari-holm").submit(FREMDRIFTSPLAN)
    delivery_id = response.location.split("/receipt/")[1].split("?")[0]
    maria = member("moss", "maria-olsen")
    assert maria.get(f"a/fremdriftsplan/1/receipt/{delivery_id}").status_code == 404
    assert member("eidsberg", "ole-bakken").get(f"a/fremdriftsplan/1/receipt/{delivery_id}").status_code == 200


def test_guessing_links_is_throttled_per_address(app_config, links):
    app = create_app({**app_config, "LINK_GUESS_LIMIT": 3})
    guesser = app.test_client()
    for attempt in range(3):
        assert guesser.get(f"/p/{PID}/t/guess-{attempt}/").status_code == 404
    assert guesser.get(f"/p/{PID}/t/guess-4/").status_code == 429
    # A valid link still works from that address: behind a shared proxy, one guesser must not lock
    # out a whole municipality's teams.
    assert guesser.get(links[("moss", "maria-olsen")]).status_code == 200
    assert guesser.get(f"/p/{PID}/t/guess-5/").status_code == 429
    elsewhere = app.test_client()
    assert elsewhere.get(f"/p/{PID}/t/guess-6/", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 404


def data_files(instance):
    """Every file under the data folder with its bytes and modification time — but the counts of
    failed look-ups (``throttles.json``): counting a guess is the one write a GET makes, and it
    changes nothing anyone sees or receives."""
    found = {}
    for folder, _, names in os.walk(instance / "data"):
        for name in names:
            if name.startswith("throttles.json"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                found[path] = (fh.read(), os.stat(path).st_mtime_ns)
    return found


def test_get_and_head_never_change_the_store(app, instance, member, run, clock):
    maria = member()
    maria.post(maria.open("hovedplan", 1), {"effektmal": "Et mål"})
    receipt = maria.submit(FREMDRIFTSPLAN).location
    pages = [
        maria.base,
        maria.base + "calendar.ics",
        receipt,
        f"/p/{PID}/t/not-a-token/",
        evaluation_path("test-secret", PID, 1),
        evaluation_path("test-secret", PID, 1) + "/takk",
    ]
    pages += [maria.form_url(a.deliverable, a.occurrence) for a in run.team_assignments("moss")]
    before = data_files(instance)
    for path in pages:
        for method in (maria.client.get, maria.client.head):
            assert method(path).status_code in (200, 404)
    assert data_files(instance) == before
