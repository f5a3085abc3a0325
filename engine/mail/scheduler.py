"""The scheduler: one APScheduler interval job per installation that calls :func:`tick`.

``tick(app, now)`` derives everything from the stored state — what is due, what was sent — so a
restart, a missed minute or a day of downtime loses nothing, and running it twice is harmless.
Two locks keep it single-minded:

- the *runner lock* (``scheduler.lock`` in the instance folder) is held for the life of the one
  process that runs the interval job. ``flask serve`` makes every worker process a
  :class:`SchedulerCandidate`: one takes the lock, the others (and those of a second ``serve`` on
  the same folder) serve web only and ask again every interval, taking over if that process ends;
- the *pass lock* (``tick.lock``) is held for the duration of every pass, whether started by the
  job or by ``flask tick`` from cron, so two passes never interleave.

Every pass leaves its summary in ``last-pass.json`` in the instance folder (the leader's mail
page shows it, so a scheduler that stopped is noticed). A pass first checks that the data folder
can be written; if it cannot, the pass queues and sends nothing — a message sent but not recorded
would go out again on every pass — and says why (``TickReport.store_problem``). ``create_app()`` never starts the job;
only ``flask serve`` does, and there SIGTERM lets the pass in flight finish before the process
ends (a pass cut between the SMTP server's "250 OK" and the sent record would send again): the
worker that runs it stops it in gunicorn's ``worker_exit``.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from .. import clock
from ..store import get_store
from .outbox import queue_due_mail, send_outbox
from .pass_report import TickReport

log = logging.getLogger(__name__)

OSLO = ZoneInfo("Europe/Oslo")
LAST_PASS = "last-pass.json"
RUNNER_LOCK = "scheduler.lock"


class PassBusy(Exception):
    """Another pass held the pass lock for longer than we were willing to wait."""


@contextmanager
def _flock(path: Path, blocking: bool, timeout: float = 0.0) -> Iterator[bool]:
    """An exclusive ``flock`` on ``path``; yields True if taken (False only when not taken in time)."""
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
    if it never gets its turn. A data folder that cannot be written ends the pass before it does
    anything, with ``store_problem`` and one line in ``errors`` saying why.
    """
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    started = time.perf_counter()
    report = TickReport(now=now)
    try:
        with _flock(Path(app.instance_path) / "tick.lock", blocking=True, timeout=wait) as taken:
            if not taken:
                raise PassBusy("another scheduler pass is still running")
            with app.app_context():
                report.store_problem = get_store().write_problem()
                if report.store_problem is None:
                    surveys = queue_due_mail(app, now, report)
                    send_outbox(app, now, report, surveys)
    except OSError as exc:  # the pass lock cannot even be made: the instance folder refuses writes
        report.store_problem = exc.strerror or str(exc)
    if report.store_problem is not None:
        report.errors.append(f"the data folder cannot be written: {report.store_problem}; no mail was queued or sent")
    report.seconds = time.perf_counter() - started
    _remember(app, report)
    log.info("tick %s", report.summary())
    return report


def _remember(app: Flask, report: TickReport) -> None:
    path = Path(app.instance_path) / LAST_PASS
    tmp = path.with_name(f".{LAST_PASS}.{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(report.to_document(), ensure_ascii=False))
        tmp.replace(path)  # atomic; no fsync: it is a status line, not data
    except OSError as exc:  # the instance folder is failing too: the log and the CLI still say what happened
        log.error("could not record the pass in %s: %s", path, exc.strerror or exc)


def last_pass(app: Flask) -> dict[str, Any] | None:
    """What the latest pass on this instance did (``TickReport.to_document``, with ``now`` and
    ``finished_at`` as datetimes), or None."""
    try:
        document = json.loads((Path(app.instance_path) / LAST_PASS).read_text(encoding="utf-8"))
        document["now"] = datetime.fromisoformat(document["now"])
        document["finished_at"] = datetime.fromisoformat(document["finished_at"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None
    return document


class Runner:
    """The APScheduler instance of this process, holding the runner lock while it lives."""

    def __init__(self, app: Flask, lock_fd: int):
        self.app = app
        self._lock_fd = lock_fd
        self.interval = int(app.config["SCHEDULER_INTERVAL"])
        # Imported here: only a server's scheduler needs APScheduler, not `flask tick` from cron.
        from apscheduler.schedulers.background import BackgroundScheduler

        self.scheduler = BackgroundScheduler(timezone=OSLO)
        self.scheduler.add_job(
            self._run,
            "interval",
            seconds=self.interval,
            id="verksted-tick",
            coalesce=True,  # after a stall, one pass catches up; tick derives what is due anyway
            max_instances=1,  # a slow pass is never overlapped by the next
            misfire_grace_time=int(app.config["SCHEDULER_MISFIRE_GRACE"]),
            next_run_time=datetime.now(OSLO),  # a pass at start-up sends what fell due while down
        )

    def _run(self) -> None:
        try:
            with self.app.app_context():
                now = clock.now()
            tick(self.app, now, wait=self.interval)
        except PassBusy:
            log.info("skipped a pass: a `flask tick` from cron was running")
        except Exception:  # the job must survive one bad pass; the next one retries
            log.exception("scheduler pass failed")

    def start(self) -> Runner:
        """Start the interval job (the first pass runs at once)."""
        self.scheduler.start()
        return self

    def describe(self) -> str:
        """For the start-up line of ``flask serve``."""
        return f"on, every {self.interval} s"

    def shutdown(self) -> None:
        """Stop the job, waiting for a pass in flight, and let another process take over."""
        self.scheduler.shutdown(wait=True)
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)


def start_scheduler(app: Flask, quiet: bool = False) -> Runner | None:
    """Start the interval job if no other process on this instance folder runs one (else None).

    The caller stops it with :meth:`Runner.shutdown`, which lets a pass in flight finish.
    ``quiet``: log nothing when another process has it (a candidate asking again).
    """
    path = Path(app.instance_path) / RUNNER_LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        if not quiet:
            log.info("another process runs the scheduler for %s; this one serves web only", app.instance_path)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    log.info("process %s runs the scheduler for %s", os.getpid(), app.instance_path)
    return Runner(app, fd).start()


def scheduler_elsewhere(app: Flask) -> bool:
    """Whether another process holds the runner lock of this instance folder right now."""
    fd = os.open(Path(app.instance_path) / RUNNER_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock if this call took it
    return False


class SchedulerCandidate:
    """One server process's claim to run the scheduler (``flask serve`` starts one in every worker).

    The first to take the runner lock runs the interval job; the others ask again every interval,
    so when that process ends (a restart of the worker, a crash) another one takes over within a
    minute, and there is never more than one.
    """

    def __init__(self, app: Flask):
        self.app = app
        self.interval = int(app.config["SCHEDULER_INTERVAL"])
        self.runner: Runner | None = None
        self._stopped = threading.Event()
        self._guard = threading.Lock()
        self._thread = threading.Thread(target=self._wait, name="verksted-scheduler-candidate", daemon=True)

    def start(self) -> SchedulerCandidate:
        """Take the lock now if it is free, else keep asking in a thread of its own."""
        if not self._claim(quiet=False):
            self._thread.start()
        return self

    def _claim(self, quiet: bool) -> bool:
        with self._guard:
            if self._stopped.is_set():
                return True  # shutting down: stop asking
            self.runner = start_scheduler(self.app, quiet=quiet)
            return self.runner is not None

    def _wait(self) -> None:
        while not self._stopped.wait(self.interval):
            if self._claim(quiet=True):
                return

    def shutdown(self) -> None:
        """Stop asking; if this process runs the scheduler, let the pass in flight finish and stop it."""
        with self._guard:
            self._stopped.set()
            runner, self.runner = self.runner, None
        if runner is not None:
            runner.shutdown()
