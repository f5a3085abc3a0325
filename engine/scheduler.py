"""The scheduler: one APScheduler interval job per installation that calls :func:`tick`.

``tick(app, now)`` derives everything from the stored state — what is due, what was sent — so a
restart, a missed minute or a day of downtime loses nothing, and running it twice is harmless.
Two locks keep it single-minded:

- the *runner lock* (``scheduler.lock`` in the instance folder) is held for the life of the one
  ``flask serve`` process that runs the interval job; a second ``serve`` on the same folder fails
  to take it and serves web only;
- the *pass lock* (``tick.lock``) is held for the duration of every pass, whether started by the
  job or by ``flask tick`` from cron, so two passes never interleave.

``create_app()`` never starts this; only ``flask serve`` does.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

log = logging.getLogger(__name__)

OSLO = ZoneInfo("Europe/Oslo")


class PassBusy(Exception):
    """Another pass held the pass lock for longer than we were willing to wait."""


@dataclass
class TickReport:
    """What one pass did, for the CLI, the log and the tests."""

    now: datetime
    queued: int = 0
    sent: int = 0
    failed: int = 0
    programmes: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.now.isoformat()}: {self.programmes} programme(s), {self.queued} message(s) queued, "
                f"{self.sent} sent, {self.failed} failed")


@contextmanager
def _flock(path: Path, blocking: bool, timeout: float = 0.0):
    """An exclusive ``flock`` on ``path``; yields True if taken (False only when non-blocking)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    taken = False
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                taken = True
                break
            except BlockingIOError:
                if not blocking or time.monotonic() >= deadline:
                    break
                time.sleep(0.05)  # another real process holds the lock; wait for it to finish
        yield taken
    finally:
        if taken:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def tick(app: Flask, now: datetime, wait: float = 300.0) -> TickReport:
    """One pass as if the clock showed ``now``: queue the mail that is due, then send the outbox.

    Blocks (up to ``wait`` seconds) while another process runs a pass; raises :class:`PassBusy`
    if it never gets its turn.
    """
    from .mail.outbox import queue_due_mail, send_outbox

    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    with _flock(Path(app.instance_path) / "tick.lock", blocking=True, timeout=wait) as taken:
        if not taken:
            raise PassBusy("another scheduler pass is still running")
        report = TickReport(now=now)
        with app.app_context():
            queue_due_mail(app, now, report)
            send_outbox(app, now, report)
        log.info("tick %s", report.summary())
        return report


class Runner:
    """The APScheduler instance of this process, holding the runner lock while it lives."""

    def __init__(self, app: Flask, lock_fd: int):
        self.app = app
        self._lock_fd = lock_fd
        self.interval = int(app.config["SCHEDULER_INTERVAL"])
        self.scheduler = BackgroundScheduler(timezone=OSLO)
        self.scheduler.add_job(
            self._run, "interval", seconds=self.interval, id="verksted-tick",
            coalesce=True,  # after a stall, one pass catches up; tick derives what is due anyway
            max_instances=1,  # a slow pass is never overlapped by the next
            misfire_grace_time=int(app.config["SCHEDULER_MISFIRE_GRACE"]),
            next_run_time=datetime.now(OSLO),  # a pass at start-up sends what fell due while down
        )

    def _run(self) -> None:
        try:
            tick(self.app, datetime.now(OSLO), wait=self.interval)
        except PassBusy:
            log.info("skipped a pass: a `flask tick` from cron was running")
        except Exception:  # the job must survive one bad pass; the next one retries
            log.exception("scheduler pass failed")

    def start(self) -> Runner:
        self.scheduler.start()
        return self

    def describe(self) -> str:
        return f"on, every {self.interval} s"

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=True)
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)


def start_scheduler(app: Flask) -> Runner | None:
    """Start the interval job if no other process on this instance folder runs one."""
    path = Path(app.instance_path) / "scheduler.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        log.warning("another process runs the scheduler for %s; this one serves web only", app.instance_path)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return Runner(app, fd).start()
