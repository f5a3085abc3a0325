"""The scheduler: one APScheduler interval job per installation that calls :func:`tick`.

``tick(app, now)`` derives everything from the stored state — what is due, what was sent — so a
restart, a missed minute or a day of downtime loses nothing, and running it twice is harmless.
Two locks keep it single-minded:

- the *runner lock* (``scheduler.lock`` in the instance folder) is held for the life of the one
  ``flask serve`` process that runs the interval job; a second ``serve`` on the same folder fails
  to take it and serves web only;
- the *pass lock* (``tick.lock``) is held for the duration of every pass, whether started by the
  job or by ``flask tick`` from cron, so two passes never interleave.

Every pass leaves its summary in ``last-pass.json`` in the instance folder (the leader's mail
page shows it, so a scheduler that stopped is noticed). ``create_app()`` never starts the job;
only ``flask serve`` does, and there SIGTERM lets the pass in flight finish before the process
ends (a pass cut between the SMTP server's "250 OK" and the sent record would send again).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from .. import clock
from ..logs import event
from .outbox import queue_due_mail, send_outbox
from .pass_report import TickReport

log = logging.getLogger(__name__)

OSLO = ZoneInfo("Europe/Oslo")
LAST_PASS = "last-pass.json"
PASS_STEPS = "verksted.pass_steps"  # more work for every pass, added by services above mail (the purge)


def add_pass_step(app: Flask, step: Any) -> None:
    """Run ``step(app, now, report)`` at the end of every pass, after the mail (under the pass lock)."""
    app.extensions.setdefault(PASS_STEPS, []).append(step)


def lock_held(path: Path) -> bool:
    """Whether some process holds an ``flock`` on ``path`` now — found without taking the lock.

    Taking it even for a moment could make a ``serve`` starting at that instant believe another
    process runs the scheduler, so this reads the kernel's table of locks (``/proc/locks``) instead.
    Where there is none, the process id the runner wrote into the file is asked whether it lives.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii") as table:
            return any(line.split()[5:6] == [wanted] for line in table if "FLOCK" in line)
    except OSError:
        pass
    try:
        pid = int(path.read_text(encoding="ascii").strip() or 0)
        if pid > 0:
            os.kill(pid, 0)
            return True
    except (OSError, ValueError):
        pass
    return False


def scheduler_running(app: Flask) -> bool:
    """Whether a process (this one or another) runs the scheduler for this instance folder now."""
    return lock_held(Path(app.instance_path) / "scheduler.lock")


def pass_running(app: Flask) -> bool:
    """Whether a pass (the scheduler's or a ``flask tick``) is under way on this instance folder now."""
    return lock_held(Path(app.instance_path) / "tick.lock")


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
    if it never gets its turn.
    """
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    with _flock(Path(app.instance_path) / "tick.lock", blocking=True, timeout=wait) as taken:
        if not taken:
            raise PassBusy("another scheduler pass is still running")
        started = time.perf_counter()
        report = TickReport(now=now)
        with app.app_context():
            surveys = queue_due_mail(app, now, report)
            send_outbox(app, now, report, surveys)
            for step in app.extensions.get(PASS_STEPS, ()):
                step(app, now, report)
        report.seconds = time.perf_counter() - started
        _remember(app, report)
    event(log, "tick", now=report.now.isoformat(), **report.counts(), errors=len(report.errors), seconds=report.seconds)
    return report


def _remember(app: Flask, report: TickReport) -> None:
    path = Path(app.instance_path) / LAST_PASS
    tmp = path.with_name(f".{LAST_PASS}.{os.getpid()}")
    tmp.write_text(json.dumps(report.to_document(), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # atomic; no fsync: it is a status line, not data


def forget_pass_errors(app: Flask, programme: str) -> None:
    """Drop the last pass's error lines about ``programme`` (they can quote people's names and addresses)."""
    path = Path(app.instance_path) / LAST_PASS
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return
    errors = document.get("errors") or []
    kept = [line for line in errors if not str(line).startswith(f"{programme}:")]
    if kept != errors:
        document["errors"] = kept
        tmp = path.with_name(f".{LAST_PASS}.{os.getpid()}")
        tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)


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
            event(log, "tick_skipped", reason="another pass was running")
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
        os.ftruncate(self._lock_fd, 0)  # no process id left behind for ``lock_held`` to ask about
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)


def start_scheduler(app: Flask, stop_on_sigterm: bool = False) -> Runner | None:
    """Start the interval job if no other process on this instance folder runs one.

    With ``stop_on_sigterm`` (``flask serve``, in the main thread), SIGTERM ends the server like
    Ctrl-C does, so ``serve``'s clean-up (:meth:`Runner.shutdown`) lets a pass in flight finish.
    """
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
    if stop_on_sigterm and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_gracefully)
    return Runner(app, fd).start()


def _stop_gracefully(signum: int, frame: object) -> None:
    sys.exit(0)  # waitress's loop ends on SystemExit, then serve shuts the runner down
