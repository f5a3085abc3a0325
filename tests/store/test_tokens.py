"""Link tokens (``engine.store.tokens``)."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from engine.store import events, tokens


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_a_token_is_found_by_its_hash_and_only_the_hash_is_stored(store, pid, now):
    token = secrets.token_urlsafe(32)
    record = tokens.add_token(store, pid, digest(token), "moss", "kari", now)
    assert tokens.find_token(store, pid, digest(token)) == record
    assert record["team"] == "moss" and record["member"] == "kari" and record["revoked_at"] is None
    assert token not in store.tokens_file(pid).read_text()
    assert tokens.find_token(store, pid, digest("guess")) is None


@pytest.mark.parametrize("value", ["raw-token-value", "A" * 64, "0" * 63, None])
def test_anything_but_a_sha256_digest_is_refused(store, pid, now, value):
    with pytest.raises(ValueError, match="SHA-256"):
        tokens.add_token(store, pid, value, "moss", "kari", now)


def test_revoking_a_member_leaves_the_rest_of_the_team(store, pid, now):
    kari, ola = digest("kari"), digest("ola")
    tokens.add_token(store, pid, kari, "moss", "kari", now)
    tokens.add_token(store, pid, ola, "moss", "ola", now)
    assert tokens.revoke_tokens(store, pid, "moss", "kari", now=now, actor="leader") == 1
    assert tokens.find_token(store, pid, kari) is None and tokens.find_token(store, pid, ola) is not None
    [event] = events.list_events(store, pid, kind="link_revoked")
    assert (event["actor"], event["team"], event["detail"]) == ("leader", "moss", {"member": "kari", "count": 1})


def test_revoking_a_team_revokes_every_active_link_once(store, pid, now):
    for name in ("kari", "ola"):
        tokens.add_token(store, pid, digest(name), "moss", name, now)
    tokens.add_token(store, pid, digest("per"), "valer", "per", now)
    assert tokens.revoke_tokens(store, pid, "moss", now=now) == 2
    assert tokens.revoke_tokens(store, pid, "moss", now=now) == 0
    assert [t["member"] for t in tokens.list_tokens(store, pid) if t["revoked_at"] is None] == ["per"]
    assert len(events.list_events(store, pid, kind="link_revoked")) == 1
    assert len(tokens.list_tokens(store, pid, team="moss")) == 2


def test_several_tokens_are_added_in_one_write_or_none_at_all(store, pid, now):
    made = tokens.add_tokens(store, pid, [(digest("a"), "moss", "kari"), (digest("b"), "valer", "per")], now)
    assert [(t["team"], t["member"]) for t in made] == [("moss", "kari"), ("valer", "per")]
    assert tokens.find_token(store, pid, digest("b"))["member"] == "per"
    with pytest.raises(ValueError, match="SHA-256"):
        tokens.add_tokens(store, pid, [(digest("c"), "moss", "ola"), ("raw", "moss", "ola")], now)
    assert tokens.find_token(store, pid, digest("c")) is None
    assert tokens.add_tokens(store, pid, [], now) == []
