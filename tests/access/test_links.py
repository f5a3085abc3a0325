"""Personal and evaluation links: 256-bit tokens, only hashes stored, signatures not guessable."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from engine.access import links
from engine.store import Store
from engine.store import tokens as token_repo

NOW = datetime(2018, 4, 19, 8, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def test_a_minted_link_resolves_to_its_member_and_only_the_hash_is_stored(tmp_path):
    store = Store(tmp_path / "data")
    store.create_programme_dir("ostfold")
    url = links.mint_member_link(store, "https://verksted.example/", "ostfold", "moss", "kari", NOW)
    assert url.startswith("https://verksted.example/p/ostfold/t/") and url.endswith("/")
    raw = url.rstrip("/").rsplit("/", 1)[1]
    assert len(raw) >= 43  # 32 random bytes, base64url
    record = links.resolve_token(store, "ostfold", raw)
    assert (record["team"], record["member"]) == ("moss", "kari")
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert raw.encode() not in on_disk
    assert links.token_hash(raw).encode() in on_disk


def test_unknown_revoked_and_absurd_tokens_resolve_to_nothing(tmp_path):
    store = Store(tmp_path / "data")
    store.create_programme_dir("ostfold")
    url = links.mint_member_link(store, "http://x", "ostfold", "moss", "kari", NOW)
    raw = url.rstrip("/").rsplit("/", 1)[1]
    assert links.resolve_token(store, "ostfold", links.new_token()) is None
    assert links.resolve_token(store, "ostfold", "x" * 500) is None
    assert links.resolve_token(store, "ostfold", "") is None
    token_repo.revoke_tokens(store, "ostfold", "moss", "kari", now=NOW)
    assert links.resolve_token(store, "ostfold", raw) is None


def test_evaluation_links_are_signed_per_programme_and_gathering():
    sig = links.evaluation_signature("secret", "ostfold", 3)
    assert links.valid_evaluation_signature("secret", "ostfold", 3, sig)
    assert not links.valid_evaluation_signature("secret", "ostfold", 4, sig)
    assert not links.valid_evaluation_signature("secret", "other", 3, sig)
    assert not links.valid_evaluation_signature("other-secret", "ostfold", 3, sig)
    assert not links.valid_evaluation_signature("secret", "ostfold", 3, "")
    assert links.evaluation_url("http://x/", "secret", "ostfold", 3) == f"http://x/p/ostfold/evaluering/3/{sig}"


def test_minting_for_several_members_gives_each_a_link_of_their_own(tmp_path):
    store = Store(tmp_path / "data")
    store.create_programme_dir("ostfold")
    minted = links.mint_member_links(
        store, "http://x", "ostfold", [("moss", "kari"), ("moss", "ola"), ("moss", "kari")], NOW
    )
    assert sorted(minted) == [("moss", "kari"), ("moss", "ola")]  # one link per member, however often named
    owners = {
        pair: links.resolve_token(store, "ostfold", url.rstrip("/").rsplit("/", 1)[1]) for pair, url in minted.items()
    }
    assert {pair: (o["team"], o["member"]) for pair, o in owners.items()} == {p: p for p in minted}
    assert len(token_repo.list_tokens(store, "ostfold")) == 2


def test_the_session_cookie_is_secure_when_the_site_is_https(tmp_path):
    from engine import create_app

    https = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "a"), "BASE_URL": "https://verksted.example"})
    http = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "b"), "BASE_URL": "http://127.0.0.1:5000"})
    assert https.config["SESSION_COOKIE_SECURE"] is True and http.config["SESSION_COOKIE_SECURE"] is False
    client = https.test_client()
    client.get("/?lang=en")  # the language choice puts something in the session
    cookie = client.get_cookie("verksted_session")
    assert cookie is not None and cookie.secure


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(tmp_path):
    from flask import request

    from engine import create_app

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "p"), "PROXY_FIX": 1})
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
    response = app.test_client().get(
        "/whoami", headers={"X-Forwarded-For": "203.0.113.7"}, environ_base={"REMOTE_ADDR": "10.0.0.1"}
    )
    assert response.get_data(as_text=True) == "203.0.113.7"


def test_an_evaluation_address_with_letters_outside_ascii_is_no_signature_and_no_code():
    """Found by the hostile suite: ``hmac.compare_digest`` raises on non-ASCII text (a 500)."""
    sig = links.evaluation_signature("secret", "ostfold", 3)
    assert not links.valid_evaluation_signature("secret", "ostfold", 3, "\x80" + sig[1:])
    assert not links.valid_evaluation_signature("secret", "ostfold", 3, "Eᵗå")
    assert links.find_evaluation_code("secret", [("ostfold", 3)], "æøåæøåæø") is None
    code = links.evaluation_code("secret", "ostfold", 3)
    assert links.find_evaluation_code("secret", [("ostfold", 3)], code.upper()) == ("ostfold", 3)


def test_the_evaluation_pages_answer_404_to_such_addresses(client):
    assert client.get("/p/ostfold/evaluering/1/%C2%80").status_code == 404
    assert client.get("/e/%C3%A6%C3%B8%C3%A5%C3%A6%C3%B8%C3%A5%C3%A6%C3%B8").status_code == 404
