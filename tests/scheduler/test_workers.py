"""The scheduler under ``flask serve --workers 2``: one worker runs it, another takes over when that
one dies, and SIGTERM lets a pass that is sending mail finish. Messages are counted at a real SMTP
server by their Message-ID."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from engine import create_app
from engine.cycle.calendar import day_off
from engine.mail.scheduler import tick
from tests.support.programmes import OSLO, small_programme, store_programme
from tests.support.server import LiveServer
from tests.support.smtp import Inbox, free_port, serving

pytestmark = pytest.mark.slow


def reminders_due() -> dict:
    """A programme whose Hovedplan is due in about a week: three 'soon' reminders fell due on the last
    working day before today (mail due on a weekend or holiday waits for the next working day)."""
    day = date.today() - timedelta(days=1)
    while day_off(day):
        day -= timedelta(days=1)
    return small_programme(day - timedelta(days=35))


def passes(instance: Path, server: LiveServer, count: int, after: datetime, timeout: float = 30) -> list[dict]:
    """The summaries of ``count`` passes by ``server``'s processes that finished after ``after``, one
    after another (polling real processes)."""
    seen: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(seen) < count:
        assert time.monotonic() < deadline, f"{len(seen)} of {count} passes in {timeout} s:\n{server.log()}"
        try:
            last = json.loads((instance / "last-pass.json").read_text())
        except (FileNotFoundError, ValueError):
            last = None
        if (
            last
            and last["pid"] in server.pids()
            and datetime.fromisoformat(last["finished_at"]) > after
            and (not seen or last["finished_at"] != seen[-1]["finished_at"])
        ):
            seen.append(last)
        time.sleep(0.05)
    return seen


def soon_reminders(inbox: Inbox) -> list[str]:
    return sorted(m.rcpt_tos[0] for m in inbox.messages if m.header("X-Verksted-Rule") == "soon")


def settings(smtp) -> dict:
    return {"SCHEDULER": "on", "SCHEDULER_INTERVAL": 1, "MAIL_SERVER": smtp.host, "MAIL_PORT": smtp.port}


def test_one_worker_runs_the_scheduler_and_another_takes_over_when_it_dies(tmp_path, smtp_server):
    instance = tmp_path / "instance"
    store_programme(create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"}), reminders_due())
    server = LiveServer(instance, free_port(), {**settings(smtp_server), "SECRET_KEY": "x"}, workers=2).start()
    try:
        workers = server.worker_pids()
        assert len(workers) == 2
        runners = {p["pid"] for p in passes(instance, server, 4, datetime.now(OSLO))}
        assert len(runners) == 1 and runners < set(workers)  # one worker, every pass
        (runner,) = runners
        assert (instance / "scheduler.lock").read_text().strip() == str(runner)
        assert 'scheduler="on, every 1 s, in one of the workers"' in server.log()

        os.kill(runner, signal.SIGKILL)  # a crash; gunicorn starts a new worker in its place
        after = {p["pid"] for p in passes(instance, server, 3, datetime.now(OSLO))}
        assert runner not in after and len(after) == 1 and after < server.pids()
    finally:
        server.stop()
    ids = Counter(m.header("Message-ID") for m in smtp_server.inbox.messages)
    assert sum(ids.values()) >= 3 and set(ids.values()) == {1}  # the reminders (and notices) due, each once
    assert soon_reminders(smtp_server.inbox) == ["kari@example.org", "ola@example.org", "per@example.org"]


@dataclass
class SlowInbox(Inbox):
    """Takes a second to accept each message; ``receiving`` is set when the first one arrives."""

    receiving: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.receiving.set()
        await asyncio.sleep(1.0)
        return await super().handle_DATA(server, session, envelope)


def test_sigterm_lets_a_pass_that_is_sending_mail_finish(tmp_path):
    instance = tmp_path / "instance"
    setup = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"})
    store_programme(setup, reminders_due())
    with serving(SlowInbox()) as smtp:
        server = LiveServer(instance, free_port(), {**settings(smtp), "SECRET_KEY": "x"}, workers=2).start()
        assert smtp.inbox.receiving.wait(30), server.log()
        stopped_at = datetime.now(OSLO)
        server.stop(timeout=60)  # SIGTERM to gunicorn's master while the first reminder is on its way
        assert server.process.returncode == 0, server.log()
        ids = Counter(m.header("Message-ID") for m in smtp.inbox.messages)
        assert soon_reminders(smtp.inbox) == ["kari@example.org", "ola@example.org", "per@example.org"]
    assert len(ids) > 1 and set(ids.values()) == {1}
    last = json.loads((instance / "last-pass.json").read_text())
    assert last["sent"] == len(ids) and datetime.fromisoformat(last["finished_at"]) > stopped_at  # finished after
    assert tick(setup, datetime.now(OSLO)).sent == 0  # recorded as sent: nothing goes again
