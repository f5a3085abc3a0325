"""An e-mail address Verksted cannot send to is refused where it is entered (issue #12, item 8).

``åse@eksempel.no`` (letters outside ASCII before the @) was accepted by the member form and the
programme file, and then every message to it failed in the mail writer with a UnicodeEncodeError:
that person silently never got mail. It is now refused with a clear message where it is typed; a
domain with such letters (``kari@bølgen.no``) is fine (it is sent as IDNA). An address stored
before this rule fails its own messages with a reason the leader can act on, and nobody else's.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine.mail.scheduler import tick
from engine.store import get_store
from engine.store import outbox as outbox_repo
from engine.store import programmes as programme_repo
from tests.admin.conftest import PID, post, run_of
from tests.admin.test_teams import field_error
from tests.support.programmes import local, small_programme, store_programme

REFUSED = "Verksted cannot send mail to an address with letters such as æ, ø or å before the @. Use another address."


@pytest.mark.parametrize("address", ["åse@eksempel.no", "jørn.ås@example.org", "ĳ@example.org"])
def test_the_member_form_refuses_it_next_to_the_field(app, english, example, address):
    data = {"name": "Åse Ås", "email": address, "role": "", "active": "yes"}
    response = post(english, f"/admin/p/{PID}/teams/moss/members/new", data, app=app)
    assert response.status_code == 422
    assert field_error(response, "email") == REFUSED
    assert run_of(app).programme.team("moss").member("ase-as") is None


def test_an_internationalised_domain_is_fine(app, english, example):
    data = {"name": "Kari Bølge", "email": "kari@bølgen.no", "role": "", "active": "yes"}
    assert post(english, f"/admin/p/{PID}/teams/moss/members/new", data, app=app).status_code == 302


def test_an_address_stored_before_the_rule_fails_alone_with_a_reason(app):
    run = store_programme(app, small_programme(date(2026, 3, 5)))
    with app.app_context():
        store = get_store()
        document = programme_repo.get_programme(store, run.id)
        document["teams"][0]["members"][1]["email"] = "åse@example.org"  # Ola's, written by another program
        programme_repo.save_programme(store, document, "test", local("2026-03-01T12:00"))
    report = tick(app, local("2026-03-05T08:01"))
    assert report.failed == 3 and report.sent == report.queued - 3  # Ola's invitations and evaluation link
    with app.app_context():
        failed = outbox_repo.list_messages(get_store(), run.id, state="failed")
    assert {m["last_error"] for m in failed} == {
        "the address åse@example.org has letters outside A–Z before the @, which mail cannot carry; "
        "correct the address in the programme"
    }
