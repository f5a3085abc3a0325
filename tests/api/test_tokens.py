"""Who may read the API (``engine.access.api``, ``engine.web.admin.api_tokens``): every call without a
valid token gets 401 and never data; a token reaches its programmes only, and addresses only if made to."""

from __future__ import annotations

import json

import pytest

from engine.store import api_tokens, get_store
from engine.web.api.openapi import document
from tests.api.conftest import OTHER, bearer
from tests.support.teamwork import PID, START, admin_client, hidden, text_of

ENDPOINTS = [path.replace("{pid}", PID) for path in sorted(document()["paths"])]
ENDPOINTS_OF_OTHER = [path.replace("{pid}", OTHER) for path in sorted(document()["paths"]) if "{pid}" in path]


def get(app, path, headers=None):
    return app.test_client().get(f"/api/v1{path}", headers=headers or {})


def refused_without_data(response, status):
    assert response.status_code == status
    assert response.get_json().keys() == {"error", "message"}
    assert "Maria" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer vk_not-a-token",
        "Basic dmVya3N0ZWQ6cGFzc29yZA==",
        "bearer  vk_",
    ],
)
def test_a_missing_or_malformed_token_gets_401_and_no_data(api_app, path, header):
    response = get(api_app, path, {"Authorization": header} if header is not None else None)
    refused_without_data(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="verksted"'


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_revoked_token_or_one_whose_maker_is_not_a_leader_gets_401(api_app, tokens, path):
    refused_without_data(get(api_app, path, bearer(tokens.revoked)), 401)
    refused_without_data(get(api_app, path, bearer(tokens.observer_made)), 401)
    assert get(api_app, path, bearer(tokens.everything)).status_code == 200


@pytest.mark.parametrize("path", ENDPOINTS_OF_OTHER)
def test_a_token_for_one_programme_gets_403_for_another(api_app, tokens, path):
    refused_without_data(get(api_app, path, bearer(tokens.example_only)), 403)
    assert get(api_app, path.replace(OTHER, PID), bearer(tokens.example_only)).status_code == 200


def test_the_list_holds_only_the_programmes_a_token_reaches(api_app, tokens):
    assert [p["id"] for p in get(api_app, "/programmes", bearer(tokens.everything)).get_json()] == [OTHER, PID]
    assert [p["id"] for p in get(api_app, "/programmes", bearer(tokens.example_only)).get_json()] == [PID]


def test_addresses_only_for_a_token_made_to_read_them(api_app, tokens):
    def emails(token):
        teams = get(api_app, f"/programmes/{PID}/teams", bearer(token)).get_json()
        programme = get(api_app, f"/programmes/{PID}", bearer(token)).get_json()
        return [m.get("email") for t in teams for m in t["members"]][:2], programme["leader"].get("email")

    assert emails(tokens.everything) == (
        ["kari.holm@example.org", "ole.bakken@example.org"],
        "ingrid.solberg@example.org",
    )
    assert emails(tokens.names_only) == ([None, None], None)
    body = json.dumps(get(api_app, f"/programmes/{PID}/teams", bearer(tokens.names_only)).get_json())
    assert "@" not in body and "Kari Holm" in body


def test_what_the_api_reads_is_what_the_teams_did(api_app, tokens):
    headers = bearer(tokens.everything)
    (submission,) = get(api_app, f"/programmes/{PID}/submissions?team=moss", headers).get_json()
    assert (submission["deliverable"], submission["version"], submission["submitted_by"]) == (
        "fremdriftsplan",
        1,
        "Maria Olsen",
    )
    assert submission["answers"]["resultatmal"] == "To nye traineeplasser er lyst ut før sommeren."
    done = get(api_app, f"/programmes/{PID}/assignments?status=submitted_on_time", headers).get_json()
    assert [(a["team"], a["deliverable"], a["occurrence"]) for a in done] == [("moss", "fremdriftsplan", 1)]
    (first,) = [e for e in get(api_app, f"/programmes/{PID}/evaluations", headers).get_json() if e["gathering"] == 1]
    assert first["responses"] == 1
    assert next(s for s in first["scales"] if s["key"] == "faglig_innhold")["average"] == 4
    assert "Nyttig" not in json.dumps(first)  # words stay with the leader: aggregates only
    bad = get(api_app, f"/programmes/{PID}/assignments?status=late", headers)
    assert bad.status_code == 400 and "status must be one of" in bad.get_json()["message"]


def test_the_openapi_document_needs_no_token_and_says_it_is_31(api_app):
    response = get(api_app, "/openapi.json")
    assert response.status_code == 200 and response.get_json()["openapi"] == "3.1.0"


@pytest.fixture
def store(app):
    with app.app_context():
        return get_store()


def test_a_leader_makes_a_token_sees_it_once_and_revokes_it(app, store):
    leader = admin_client(app, store, lambda: START)
    page = leader.get("/admin/api-tokens").get_data(as_text=True)
    response = leader.post(
        "/admin/api-tokens",
        data={"csrf_token": hidden(page, "csrf_token"), "name": "Sak/arkiv", "programme": "*", "addresses": "y"},
    )
    assert response.status_code == 200
    raw = _token_in(response.get_data(as_text=True))
    assert raw.startswith("vk_") and len(raw) > 40
    assert "Copy the token now" in text_of(response.get_data(as_text=True))
    assert raw not in leader.get("/admin/api-tokens").get_data(as_text=True)  # shown once only
    installation = (store.root / "installation.json").read_text()
    assert raw not in installation and api_tokens.list_api_tokens(store)[0]["token_hash"] in installation
    assert app.test_client().get("/api/v1/programmes", headers=bearer(raw)).status_code == 200
    assert api_tokens.list_api_tokens(store)[0]["last_used_at"] is not None
    token_id = api_tokens.list_api_tokens(store)[0]["id"]
    page = leader.get("/admin/api-tokens").get_data(as_text=True)
    revoked = leader.post(f"/admin/api-tokens/{token_id}/revoke", data={"csrf_token": hidden(page, "csrf_token")})
    assert revoked.status_code == 302
    assert app.test_client().get("/api/v1/programmes", headers=bearer(raw)).status_code == 401


def test_a_token_needs_a_name_and_observers_make_none(app, store):
    leader = admin_client(app, store, lambda: START)
    page = leader.get("/admin/api-tokens").get_data(as_text=True)
    response = leader.post("/admin/api-tokens", data={"csrf_token": hidden(page, "csrf_token"), "programme": "*"})
    assert response.status_code == 422 and "Give the token a name" in text_of(response.get_data(as_text=True))
    observer = admin_client(app, store, lambda: START, role="observer")
    assert observer.get("/admin/api-tokens").status_code == 200
    token = hidden(observer.get("/admin/api-tokens").get_data(as_text=True), "csrf_token")
    assert observer.post("/admin/api-tokens", data={"csrf_token": token, "name": "x"}).status_code == 403
    with app.app_context():
        assert api_tokens.list_api_tokens(get_store()) == []


def _token_in(page: str) -> str:
    return page.split('id="new-token"')[1].split('value="')[1].split('"')[0]
