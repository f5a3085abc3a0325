"""Real processes on one instance folder: two ``flask tick`` at once, ``flask serve`` restarted, two ``serve``.

Every message is counted by its Message-ID (derived from its idempotency key) at a real SMTP server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from engine import create_app
from tests.support.programmes import small_programme, store_programme
from tests.support.server import ROOT, LiveServer, engine_env
from tests.support.smtp import free_port

pytestmark = pytest.mark.slow


def mail_settings(smtp_server) -> dict[str, object]:
    return {
        "MAIL_SERVER": smtp_server.host,
        "MAIL_PORT": smtp_server.port,
        "SECRET_KEY": "processes",
        "BASE_URL": "http://verksted.test",
    }


def message_ids(smtp_server) -> Counter:
    return Counter(m.header("Message-ID") for m in smtp_server.inbox.messages)


def test_two_flask_ticks_at_the_same_moments_send_every_message_once(tmp_path, smtp_server):
    instance = tmp_path / "instance"
    store_programme(create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"}), small_programme(date(2026, 3, 5)))
    env = engine_env(instance, **mail_settings(smtp_server))
    for moment in ("2026-03-05T19:00", "2026-03-12T19:00", "2026-03-20T19:00"):
        both = [
            subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "engine", "tick", "--now", moment],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=60) for process in both]
        assert [process.returncode for process in both] == [0, 0], outputs
        sent = sorted(int(out.split(" sent")[0].rsplit(" ", 1)[1]) for out, _ in outputs)
        assert sent[0] == 0, outputs  # the second pass found everything sent by the first
    ids = message_ids(smtp_server)
    assert [i for i, n in ids.items() if n > 1] == []
    assert sum(ids.values()) == 9 + 3 + 5 + 1  # opening; 'soon'; 'overdue' with two leader copies; a digest


def reminder_due_now() -> dict:
    """A programme whose Hovedplan is due in six days: its 'soon' reminder fell due yesterday at 08:00."""
    return small_programme(date.today() - timedelta(days=36), cycle={"send_on": "any_day"})  # any weekday


def wait_for_pass(instance: Path, server: LiveServer, after: datetime, timeout: float = 30) -> dict:
    """The first pass by one of ``server``'s processes that finished after ``after`` (polling real processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            last = json.loads((instance / "last-pass.json").read_text())
        except (FileNotFoundError, ValueError):
            last = None
        if last and last["pid"] in server.pids() and datetime.fromisoformat(last["finished_at"]) > after:
            return last
        time.sleep(0.1)
    raise AssertionError(f"no pass finished in {timeout} s:\n{server.log()}")


def soon_reminders(smtp_server) -> list[str]:
    return sorted(
        m.rcpt_tos[0]
        for m in smtp_server.inbox.messages
        if m.header("X-Verksted-Rule") == "soon" and m.header("X-Verksted-Kind") == "reminder"
    )


def test_restarting_serve_around_a_due_reminder_sends_it_once(tmp_path, smtp_server):
    instance = tmp_path / "instance"
    store_programme(create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"}), reminder_due_now())
    settings = {"SCHEDULER": "on", "SCHEDULER_INTERVAL": 1, **mail_settings(smtp_server)}
    first = LiveServer(instance, free_port(), settings).start()
    try:
        wait_for_pass(instance, first, datetime.now().astimezone())
        assert soon_reminders(smtp_server) == ["kari@example.org", "ola@example.org", "per@example.org"]
    finally:
        first.stop()
    assert first.process.returncode == 0  # SIGTERM let the pass in flight finish and the server end cleanly
    before = message_ids(smtp_server)
    restarted_at = datetime.now().astimezone()
    second = LiveServer(instance, free_port(), settings).start()
    try:
        wait_for_pass(instance, second, restarted_at)
        wait_for_pass(instance, second, datetime.now().astimezone())  # and one more, to be sure
    finally:
        second.stop()
    assert message_ids(smtp_server) == before  # nothing again
    assert soon_reminders(smtp_server) == ["kari@example.org", "ola@example.org", "per@example.org"]
    assert all(n == 1 for n in before.values())


def test_a_second_serve_on_the_same_instance_serves_web_only(tmp_path, smtp_server):
    instance = tmp_path / "instance"
    store_programme(create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"}), reminder_due_now())
    settings = {"SCHEDULER": "on", "SCHEDULER_INTERVAL": 1, **mail_settings(smtp_server)}
    first = LiveServer(instance, free_port(), settings).start()
    second = LiveServer(instance, free_port(), settings).start()
    try:
        wait_for_pass(instance, first, datetime.now().astimezone())
        wait_for_pass(instance, first, datetime.now().astimezone())
        assert "scheduler: on, every 1 s" in first.log()
        assert "scheduler: run by another process on this instance; web only" in second.log()
        last = json.loads((instance / "last-pass.json").read_text())
        assert last["pid"] in first.pids()  # every pass so far was by one of the first's workers
    finally:
        second.stop()
        first.stop()
    assert all(n == 1 for n in message_ids(smtp_server).values())
