"""engine.i18n: which language a page speaks — the visitor's choice (on every page, remembered), an
admin's own preference, the programme's language for its teams, else Bokmål."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.access.links import mint_member_link
from engine.programmes import get_catalog, import_programme_file, load_run, save_programme_document
from engine.store import admins as admin_repo
from engine.store import get_store
from tests.admin.conftest import log_in, make_account
from tests.support.clockfix import Clock
from tests.support.teamwork import EXAMPLE, MIDWAY, OSLO, PID


@pytest.fixture
def clock():
    return Clock(MIDWAY)


def lang(response) -> str:
    return re.search(r'<html lang="(\w+)">', response.get_data(as_text=True)).group(1)


@pytest.fixture
def english_programme(app):
    """The example programme, run in English for its teams (``language: en``); Maria's link."""
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        import_programme_file(store, catalog, EXAMPLE, "test", MIDWAY)
        document = {**load_run(store, catalog, PID).programme.to_document(), "language": "en"}
        save_programme_document(store, catalog, document, "test", MIDWAY)
        link = mint_member_link(store, "http://verksted.test", PID, "moss", "maria-olsen", MIDWAY)
    return link.removeprefix("http://verksted.test")


def test_the_programmes_language_is_its_teams_default_and_their_choice_wins(app, english_programme):
    member = app.test_client()
    assert lang(member.get(english_programme)) == "en"  # nobody chose: the programme's language
    assert lang(member.get(english_programme + "?lang=nb")) == "nb"
    assert lang(member.get(english_programme)) == "nb"  # chosen once, kept
    assert lang(app.test_client().get("/")) == "nb"  # a page of no programme: Bokmål


def test_the_choice_is_remembered_in_the_browser_for_a_year(app, client):
    response = client.get("/?lang=en")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("verksted_lang=en;") and "Max-Age=31536000" in cookie and "HttpOnly" in cookie
    later = app.test_client()  # a new browser session: no session cookie, the language cookie stays
    later.set_cookie("verksted_lang", "en")
    assert lang(later.get("/")) == "en"
    later.set_cookie("verksted_lang", "xx")
    assert lang(later.get("/")) == "nb"  # an unknown language is ignored


def test_an_admins_choice_follows_them_to_another_device(app, client):
    make_account(app, "lea@example.org", "leader", "Lea Leder")
    log_in(client, "lea@example.org")
    client.get("/admin/?lang=en")
    with app.app_context():
        assert admin_repo.find_admin_by_email(get_store(), "lea@example.org")["language"] == "en"
    elsewhere = app.test_client()
    log_in(elsewhere, "lea@example.org")
    assert lang(elsewhere.get("/admin/")) == "en"


def test_the_choice_on_every_page_keeps_the_pages_own_query(app, client):
    make_account(app, "lea@example.org", "leader", "Lea Leder")
    log_in(client, "lea@example.org")
    with app.app_context():
        import_programme_file(get_store(), get_catalog(), EXAMPLE, "test", datetime(2019, 5, 1, tzinfo=OSLO))
    page = client.get(f"/admin/p/{PID}/?columns=all").get_data(as_text=True)
    assert f'<a href="/admin/p/{PID}/?columns=all&amp;lang=en" lang="en" hreflang="en">English</a>' in page


def test_choosing_a_language_by_a_personal_link_changes_nothing_stored(app, english_programme, instance):
    before = {p: p.read_bytes() for p in (instance / "data").rglob("*.json")}
    assert app.test_client().get(english_programme + "?lang=nb").status_code == 200
    after = {p: p.read_bytes() for p in (instance / "data").rglob("*.json")}
    assert after == before


@pytest.fixture
def nynorsk_programme(app):
    """The example programme run by a nynorsk municipality (``language: nn``); Maria's link."""
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        import_programme_file(store, catalog, EXAMPLE, "test", MIDWAY)
        document = {**load_run(store, catalog, PID).programme.to_document(), "language": "nn"}
        save_programme_document(store, catalog, document, "test", MIDWAY)
        link = mint_member_link(store, "http://verksted.test", PID, "moss", "maria-olsen", MIDWAY)
    return link.removeprefix("http://verksted.test")


def test_a_nynorsk_programme_shows_its_teams_nynorsk_unless_they_choose_otherwise(app, nynorsk_programme):
    member = app.test_client()
    page = member.get(nynorsk_programme)
    assert lang(page) == "nn"
    text = page.get_data(as_text=True)
    for phrase in (
        "Gå til hovudinnhaldet",
        "Samlingar",
        "Ikkje del henne: alle som har lenka, kan opne skjemaa til teamet.",
    ):
        assert phrase in text, phrase
    assert 'hreflang="nb">Bokmål</a>' in text and 'hreflang="en">English</a>' in text
    assert lang(member.get(nynorsk_programme + "?lang=nb")) == "nb"
    assert lang(member.get(nynorsk_programme)) == "nb"  # the member's own choice is kept


def test_a_nynorsk_programmes_forms_are_nynorsk_and_follow_the_members_choice(app, nynorsk_programme):
    member = app.test_client()
    page = member.get(nynorsk_programme + "a/hovedplan/1").get_data(as_text=True)
    assert '<html lang="nn">' in page
    for phrase in ("Hovudplan", "Talet på innbyggjarar", "Kva tiltak vil vere relevante for at vi skal nå måla?"):
        assert phrase in page, phrase
    assert "Antall innbyggere" not in page
    page = member.get(nynorsk_programme + "a/hovedplan/1?lang=nb").get_data(as_text=True)
    assert "Antall innbyggere" in page and "Talet på innbyggjarar" not in page
