"""Calendars people subscribe to: a stable secret address per team and per programme, whose events
keep their UIDs, so a moved gathering or an extension updates in the calendar program by itself;
only a hash of the secret is stored, and a revoked address opens nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from icalendar import Calendar

from engine.programmes import get_catalog
from engine.programmes.edits import extend, save_edit, with_gathering
from tests.support.teamwork import PID, hidden

BASE = "http://verksted.test"


def subscribe(client, url: str, form_page: str, **extra) -> None:
    token = hidden(client.get(form_page).get_data(as_text=True), "csrf_token")
    response = client.post(url, data={"csrf_token": token, **extra})
    assert response.status_code == 303


def address(page: str) -> tuple[str, str]:
    url = re.search(r'id="calendar-url" readonly value="([^"]+)"', page).group(1)
    webcal = re.search(r'href="(webcal://[^"]+)"', page).group(1)
    return url, webcal


def events(app, url: str) -> dict[str, dict]:
    response = app.test_client().get(url.removeprefix(BASE))  # a calendar program: no cookies, no log-in
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar.get("refresh-interval").to_ical().decode()) == "PT6H"
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_team_subscribes_and_its_calendar_follows_the_programme(app, store, member, leader, reload, clock):
    maria = member()
    subscribe(maria.client, maria.base + "calendar/subscription", maria.base, action="create")
    url, webcal = address(maria.get().get_data(as_text=True))
    assert url.startswith(f"{BASE}/p/{PID}/calendar/") and url.endswith(".ics")
    assert webcal == "webcal://" + url.removeprefix("http://")
    before = events(app, url)
    gathering = before[f"{PID}.g2.gathering@verksted"]
    deadline = before[f"{PID}.moss.hovedplan.1.due@verksted"]
    assert gathering["dtstart"].dt.date() == date(2018, 9, 20) and deadline["dtstart"].dt == date(2018, 5, 31)

    run = reload()
    moved = with_gathering(run.programme, replace(run.programme.gatherings[1], date=date(2018, 9, 27)))
    moved = extend(moved, "moss", "hovedplan", 1, date(2018, 6, 14))
    with app.app_context():
        save_edit(store, get_catalog(), moved, "test", clock(), run.revision)
    after = events(app, url)
    assert set(after) == set(before)  # the same events, no duplicates
    assert after[f"{PID}.g2.gathering@verksted"]["dtstart"].dt.date() == date(2018, 9, 27)
    assert after[f"{PID}.moss.hovedplan.1.due@verksted"]["dtstart"].dt == date(2018, 6, 14)
    assert int(after[f"{PID}.g2.gathering@verksted"]["sequence"]) > int(gathering["sequence"])


def test_only_the_hash_is_kept_and_a_new_address_retires_the_old(app, store, member):
    maria = member()
    subscribe(maria.client, maria.base + "calendar/subscription", maria.base, action="create")
    url, _ = address(maria.get().get_data(as_text=True))
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = store.calendars_file(PID).read_text(encoding="utf-8")
    assert secret not in stored and '"token_hash"' in stored
    subscribe(maria.client, maria.base + "calendar/subscription", maria.base, action="renew")
    new, _ = address(maria.get().get_data(as_text=True))
    assert new != url
    assert app.test_client().get(url.removeprefix(BASE)).status_code == 404
    assert app.test_client().get(new.removeprefix(BASE)).status_code == 200


def test_the_leader_revokes_a_team_address_and_subscribes_to_the_programme(app, member, leader):
    maria = member()
    subscribe(maria.client, maria.base + "calendar/subscription", maria.base, action="create")
    url, _ = address(maria.get().get_data(as_text=True))
    gatherings = f"/admin/p/{PID}/gatherings"
    page = leader.get(gatherings).get_data(as_text=True)
    assert "Teams that subscribe to their calendar" in page and "Moss" in page
    revision = hidden(page, "revision")
    subscribe(leader, f"/admin/p/{PID}/calendar/teams/moss/revoke", gatherings, revision=revision)
    assert app.test_client().get(url.removeprefix(BASE)).status_code == 404
    subscribe(leader, f"/admin/p/{PID}/calendar/subscription", gatherings, action="create", revision=revision)
    programme_url, _ = address(leader.get(gatherings).get_data(as_text=True))
    found = events(app, programme_url)
    assert f"{PID}.-.statusrapport.4.due@verksted" in found  # each document's deadline once
    assert f"{PID}.-.styringsgrupperapport.2.due@verksted" in found  # and the leader's own
    assert not [uid for uid in found if ".moss." in uid]
    titles = {str(e["summary"]) for e in found.values()}
    assert "Frist: Statusrapport før samling 4" in titles  # in the programme's language


def test_guessing_addresses_is_refused(app):
    client = app.test_client()
    codes = [client.get(f"/p/{PID}/calendar/{'x' * 43}.ics").status_code for _ in range(25)]
    assert codes[0] == 404 and codes[-1] == 429
