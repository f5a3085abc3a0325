"""engine.access.throttle over the store: the delays, the caps, and what the counts file holds."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from engine.access.throttle import LoginPolicy, link_lookup_failed, login_failed, login_gate, login_succeeded
from engine.store import Store

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
POLICY = LoginPolicy(free=3, max_delay=timedelta(seconds=5), address_limit=10, window=timedelta(minutes=15))


def test_the_delay_grows_to_its_maximum():
    assert [POLICY.delay(n).total_seconds() for n in range(1, 9)] == [0, 0, 1, 2, 4, 5, 5, 5]


def test_the_counts_file_names_no_address_and_keeps_only_the_current_window(tmp_path):
    store = Store(tmp_path / "data")
    for n in range(4):
        login_failed(store, POLICY, "lea@example.org", "192.0.2.7", NOW + timedelta(seconds=10 * n))
    assert link_lookup_failed(store, 20, timedelta(minutes=10), "192.0.2.7", NOW) is None
    text = store.throttles_file.read_text(encoding="utf-8")
    assert "lea@example.org" not in text and "192.0.2.7" not in text
    later = NOW + timedelta(hours=1)
    login_failed(store, POLICY, "other@example.org", "198.51.100.1", later)  # any write prunes
    assert len(store.peek(store.throttles_file)["counts"]) == 2  # the new pair and its address


def test_a_success_clears_the_account_and_address_but_not_the_address(tmp_path):
    store = Store(tmp_path / "data")
    for _ in range(POLICY.address_limit - 1):
        login_failed(store, POLICY, "lea@example.org", "192.0.2.7", NOW)
    login_succeeded(store, POLICY, "lea@example.org", "192.0.2.7", NOW + timedelta(seconds=5))
    assert login_gate(store, POLICY, "lea@example.org", "192.0.2.7", NOW + timedelta(seconds=5)) is None
    login_failed(store, POLICY, "x@example.org", "192.0.2.7", NOW + timedelta(seconds=6))
    refused = login_gate(store, POLICY, "lea@example.org", "192.0.2.7", NOW + timedelta(seconds=7))
    assert refused is not None and refused.reason == "address"


def test_parallel_attempts_cannot_all_get_in_before_the_delay(tmp_path):
    store = Store(tmp_path / "data")
    for _ in range(POLICY.free):
        login_failed(store, POLICY, "lea@example.org", "192.0.2.7", NOW)
    later = NOW + timedelta(seconds=2)
    first = login_gate(store, POLICY, "lea@example.org", "192.0.2.7", later)
    second = login_gate(store, POLICY, "lea@example.org", "192.0.2.7", later)  # before the first is answered
    assert first is None
    assert second is not None and second.reason == "wait" and second.seconds == 2
