"""A mail server in trouble: refusing for two days, or silent. Passes stay short, mail goes once, pages stay fast."""

from __future__ import annotations

import fcntl
import json
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

from engine import create_app
from engine.mail.scheduler import tick
from engine.store import deliveries, events, get_store
from engine.store import outbox as outbox_repo
from tests.support.programmes import LEADER, local, small_programme, store_programme
from tests.support.server import LiveServer
from tests.support.smtp import free_port

PID = "demo-2026"
MEMBERS = ("kari@example.org", "ola@example.org", "per@example.org")
OUTAGES = [
    (local("2026-03-11T07:00"), local("2026-03-12T19:00")),  # the 'soon' reminder falls due in it
    (local("2026-03-18T07:00"), local("2026-03-19T19:00")),
]  # 'tomorrow' falls due and goes stale in it


def twice_a_day(first: str, last: str):
    now, end = local(first), local(last)
    while now <= end:
        yield now
        now = now.replace(hour=19) if now.hour == 7 else (now + timedelta(days=1)).replace(hour=7)


def test_two_days_of_refused_connections_then_what_is_still_due_goes_once(app_config, refusing_smtp_port, smtp_server):
    down = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": refusing_smtp_port})
    up = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port})
    store_programme(up, small_programme(date(2026, 3, 5)))
    sent_by_pass = {}
    for now in twice_a_day("2026-03-05T19:00", "2026-03-22T19:00"):
        if now.isoformat() == "2026-03-19T19:00:00+01:00":  # Moss delivers while the server is down
            with up.app_context():
                deliveries.submit(
                    get_store(),
                    PID,
                    "moss",
                    f"{PID}/moss/fremdriftsplan/1",
                    {},
                    {"form": "fremdriftsplan", "form_version": 1},
                    "kari",
                    "Kari",
                    None,
                    None,
                    local("2026-03-19T12:00"),
                )
        is_down = any(start <= now <= end for start, end in OUTAGES)
        before = len(smtp_server.inbox.messages)
        report = tick(down if is_down else up, now)
        assert report.sent == 0 or not is_down
        sent_by_pass[now] = [
            (m.header("X-Verksted-Kind"), m.header("X-Verksted-Rule"), m.rcpt_tos[0])
            for m in smtp_server.inbox.messages[before:]
        ]
    # The server is back at 07:00, before send_at: what waited goes with the first pass in the
    # sending hours (08:00–22:00), here the 19:00 one, never before (issue #12, item 11).
    assert sent_by_pass[local("2026-03-13T07:00")] == []
    assert sorted(sent_by_pass[local("2026-03-13T19:00")]) == [("reminder", "soon", who) for who in MEMBERS]
    assert sorted(sent_by_pass[local("2026-03-20T19:00")]) == [
        ("overdue", "overdue", LEADER["email"]),
        ("overdue", "overdue", "per@example.org"),
    ]
    received = [
        (m.header("X-Verksted-Kind"), m.header("X-Verksted-Assignment"), m.header("X-Verksted-Rule"), m.rcpt_tos[0])
        for m in smtp_server.inbox.messages
    ]
    assert len(received) == len(set(received)) == 9 + 3 + 1 + 2  # opening, 'soon', Monday's digest, Våler's notice
    assert not [r for r in received if r[2] == "tomorrow"]  # stale by the time the server was back
    with up.app_context():
        dropped = outbox_repo.list_messages(get_store(), PID, state="discarded")
        failures = events.list_events(get_store(), PID, kind="mail_failed")
    assert sorted((m["member"], m["reason"]) for m in dropped) == [
        ("kari", "the team has submitted"),
        ("ola", "the team has submitted"),
        ("per", "its moment has passed (a later message replaces it)"),
    ]
    assert len(failures) <= 4  # one connection attempt per pass while down, not one per message


def test_a_silent_server_never_holds_a_pass_longer_than_the_timeout(app_config, silent_smtp_server):
    app = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": silent_smtp_server[1], "MAIL_TIMEOUT": 1})
    store_programme(app, small_programme(date(2026, 3, 5)))
    started = time.monotonic()
    report = tick(app, local("2026-03-05T19:00"))
    elapsed = time.monotonic() - started
    assert (report.queued, report.failed, report.deferred) == (9, 1, 8)
    assert elapsed < 1.5, f"a pass against a silent server took {elapsed:.2f} s (timeout 1 s)"
    started = time.monotonic()
    tick(app, local("2026-03-05T19:10"))  # the retry: the same bound
    assert time.monotonic() - started < 1.5


def _pass_running(instance: Path) -> bool:
    with (instance / "tick.lock").open("a+") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def _get(url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
    return time.monotonic() - started


@pytest.mark.slow
def test_pages_answer_at_once_while_a_pass_waits_for_a_silent_server(tmp_path, silent_smtp_server):
    instance = tmp_path / "instance"
    today = date.today()
    setup = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"})
    # invitations due since yesterday, whatever day of the week the test runs on
    store_programme(setup, small_programme(today - timedelta(days=1), cycle={"send_on": "any_day"}))
    server = LiveServer(
        instance,
        free_port(),
        {
            "SCHEDULER": "on",
            "SCHEDULER_INTERVAL": 1,
            "MAIL_TIMEOUT": 4,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": silent_smtp_server[1],
        },
    )
    server.start()
    try:
        deadline = time.monotonic() + 30
        while not _pass_running(instance):  # polling a real process, not simulating time
            assert time.monotonic() < deadline, server.log()
            time.sleep(0.02)
        timings = [_get(f"{server.url}/healthz"), _get(f"{server.url}/admin/login"), _get(f"{server.url}/")]
        assert _pass_running(instance), "the pass ended before the pages were fetched"
        assert max(timings) < 1.0, timings
        while not (instance / "last-pass.json").exists():
            assert time.monotonic() < deadline, server.log()
            time.sleep(0.05)
        last = json.loads((instance / "last-pass.json").read_text())
        assert last["failed"] == 1 and last["seconds"] < 4 + 1.0, last
    finally:
        server.stop()
