"""An installation with something in it for the API to read: the example programme with submissions and
evaluations, a second programme, a project leader, an observer, and tokens of every scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from engine import create_app
from engine.access import team as team_access
from engine.access.accounts import create_account
from engine.access.api import mint_api_token
from engine.programmes import get_catalog, import_programme_file
from engine.store import api_tokens, evaluations, get_store
from tests.support.programmes import small_programme, store_programme
from tests.support.teamwork import EXAMPLE, FREMDRIFTSPLAN, PID, START, TeamMember

OTHER = "demo-2026"


@dataclass
class Tokens:
    everything: str  # all programmes, with addresses
    names_only: str  # all programmes, without addresses
    example_only: str  # the example programme only
    revoked: str
    observer_made: str  # made for an account that is no longer a leader's


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("api") / "instance"
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "api",
            "TESTING": True,
            "CLOCK": lambda: START,
            "SCHEDULER": "off",
            "LOG_LEVEL": "WARNING",
        }
    )
    with app.app_context():
        store = get_store()
        run, _ = import_programme_file(store, get_catalog(), EXAMPLE, "test", START)
        minted = team_access.mint_links(store, run, "http://verksted.test", START)
    store_programme(app, small_programme(date(2026, 3, 5), pid=OTHER), START)
    link = next(m.url for m in minted if m.member.id == "maria-olsen").removeprefix("http://verksted.test")
    client = app.test_client()
    client.get("/?lang=en")
    TeamMember(client, link).submit(FREMDRIFTSPLAN)
    with app.app_context():
        evaluations.add_evaluation(store, PID, "g1", {"faglig_innhold": 4, "kommentar": "Nyttig"}, None, START)
    return app


@pytest.fixture(scope="module")
def tokens(api_app) -> Tokens:
    with api_app.app_context():
        store = get_store()
        leader = create_account(store, "lea@example.org", "a long enough password", "leader", START)
        observer = create_account(store, "obs@example.org", "a long enough password", "observer", START)
        everything = mint_api_token(store, leader["id"], "Alt", None, True, START)[0]
        names_only = mint_api_token(store, leader["id"], "Navn", None, False, START)[0]
        example_only = mint_api_token(store, leader["id"], "Østfold", PID, True, START)[0]
        revoked, record = mint_api_token(store, leader["id"], "Gammel", None, True, START)
        api_tokens.revoke_api_token(store, record["id"], START)
        observer_made = mint_api_token(store, observer["id"], "Observatør", None, True, START)[0]
    return Tokens(everything, names_only, example_only, revoked, observer_made)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
