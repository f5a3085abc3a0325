"""A full scheduler pass (``engine.mail.scheduler.tick``) over the national installation, timed.

Two days are measured, each cold — a real ``flask --app engine tick --now …`` in a fresh process,
as cron runs it, timed from start to exit (interpreter, imports, app, the pass; the files are in
the operating system's cache, as they are on a server) — and warm (the server's scheduler, which
keeps what it read while the files are unchanged):

- *nothing due*: the 60 programmes in their second year, every assignment delivered — the pass
  plans every programme, asks ``due_mail`` and finds nothing to queue or send, as it does on most
  minutes of most days;
- *a typical day*: three more programmes, each with one day's burst of mail — one on a gathering
  day (invitations to the next Fremdriftsplan and evaluation links), one a week before a deadline
  ('soon' reminders), one the day after it (first notices, the leader copied) — about 250
  messages, composed, queued, links minted and delivered to the local mailbox in one pass. A real
  installation of 60 staggered programmes sees a burst like these in three to five programmes a
  day (each programme has about 45 mail days in its 22 months). The day before is passed first,
  untimed, so only the day's own mail is due; between the cold and the warm run the three
  programmes' mail is reset so the same day can be sent again.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

from engine import create_app
from engine.mail.pass_report import TickReport
from engine.mail.scheduler import tick
from engine.programmes import forget_runs
from engine.store import Store, cache, programmes

from .build import GATHERING_GAP, ROOT, START, programme_doc

OSLO = ZoneInfo("Europe/Oslo")
DAY = (START + timedelta(days=700)).date()  # every programme past its last deadline: nothing due
BUSY = {"busy-a": 0, "busy-b": -7, "busy-c": -15}  # gathering 2 relative to DAY: its day, 'soon', 'overdue'


@dataclass
class TickTimings:
    """Seconds for each measured pass (cold: the whole fresh process; ``*_pass``: the pass inside
    it, as it reports itself), and what the typical day sent."""

    idle_cold: float
    idle_warm: float
    busy_cold: float
    busy_warm: float
    busy_sent: int
    programmes: int
    idle_cold_pass: float = 0.0
    busy_cold_pass: float = 0.0


def flask_tick(instance: Path, now: datetime) -> tuple[float, float, str]:
    """``flask --app engine tick --now …`` in a fresh process: wall seconds, the pass's own seconds, its line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERKSTED_")}
    env.update(VERKSTED_INSTANCE_PATH=str(instance), VERKSTED_SECRET_KEY="bench", VERKSTED_BASE_URL=BASE_URL)
    command = [sys.executable, "-m", "flask", "--app", "engine", "tick", "--now", now.isoformat()]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    # stderr carries the pass's log line (one event per line); only an error or a traceback is a failure
    if done.returncode != 0 or "Traceback" in done.stderr or "level=error" in done.stderr:
        raise RuntimeError(f"flask tick: {done.returncode}\n{done.stdout}\n{done.stderr}")
    found = re.search(r"\(([0-9.]+) s\)\s*$", done.stdout)
    return seconds, float(found.group(1)) if found else 0.0, done.stdout.strip()


def busy_doc(pid: str, second_gathering: date, teams: int, rnd: random.Random) -> dict:
    """A programme whose gathering 2 is on ``second_gathering`` and that nobody has delivered to yet."""
    doc = programme_doc(pid, teams, rnd)
    first = second_gathering - timedelta(days=GATHERING_GAP)
    for k, gathering in enumerate(doc["gatherings"]):
        gathering["date"] = (first + timedelta(days=GATHERING_GAP * k)).isoformat()
    return doc


def add_busy_programmes(store: Store, teams: int, seed: int) -> None:
    """The three programmes of the typical day (see the module docstring)."""
    rnd = random.Random(seed)
    for pid, offset in BUSY.items():
        programmes.save_programme(
            store, busy_doc(pid, DAY + timedelta(days=offset), teams, rnd), "leader", START - timedelta(days=30)
        )


def reset_busy_mail(store: Store, instance: Path) -> None:
    """Forget the busy programmes' mail (outbox, sent log, links, events) and the mailbox, to send the day again."""
    for pid in BUSY:
        folder = store.programme_dir(pid)
        for path in folder.iterdir():
            if path.name.startswith(
                ("outbox.json", "tokens.json", "sent.jsonl", "events.jsonl", ".sent.jsonl", ".events.jsonl")
            ):
                path.unlink()
    shutil.rmtree(instance / "mailbox", ignore_errors=True)
    cache.CACHE.clear()
    forget_runs()


def timed_tick(app, now: datetime) -> tuple[float, TickReport]:
    """One pass at ``now`` in this process, as the server's scheduler runs it."""
    started = time.perf_counter()
    report = tick(app, now)
    return time.perf_counter() - started, report


BASE_URL = "https://verksted.example"


def measure_ticks(instance: Path, store: Store, teams: int, seed: int, repeat: int = 3) -> TickTimings:
    """Run the passes on the installation at ``instance`` (its store is ``instance/data``); each figure
    is the median of ``repeat`` runs (the machine's other work makes single runs jump)."""
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "bench",
            "BASE_URL": BASE_URL,
            "MAIL_SERVER": None,
            "SCHEDULER": "off",
            "LOG_LEVEL": "WARNING",  # the in-process passes' event lines would bury the table
        }
    )
    idle = datetime.combine(DAY, clock(13, 0), tzinfo=OSLO)
    idle_cold, idle_cold_pass, idle_warm = [], [], []
    tick(app, idle - timedelta(minutes=1))  # untimed: this process now holds what a running server holds
    for n in range(repeat):
        seconds, in_pass, line = flask_tick(instance, idle + timedelta(minutes=2 * n))
        assert " 0 message(s) queued, 0 sent" in line, line
        idle_cold.append(seconds)
        idle_cold_pass.append(in_pass)
        idle_warm.append(timed_tick(app, idle + timedelta(minutes=2 * n + 1))[0])
    add_busy_programmes(store, teams, seed)
    eve, morning = (
        datetime.combine(DAY - timedelta(days=1), clock(23), tzinfo=OSLO),
        datetime.combine(DAY, clock(8, 1), tzinfo=OSLO),
    )
    busy: dict[bool, list[float]] = {True: [], False: []}
    busy_cold_pass, sent = [], set()
    for _ in range(repeat):
        for cold in (True, False):
            reset_busy_mail(store, instance)
            tick(app, eve)  # the day before, untimed: only the day's own mail is left
            if cold:
                seconds, in_pass, line = flask_tick(instance, morning)
                busy_cold_pass.append(in_pass)
                sent.add(int(re.search(r"(\d+) sent", line).group(1)))
            else:
                tick(app, eve + timedelta(minutes=1))  # warm the cache as a running server has it
                seconds, report = timed_tick(app, morning)
                assert not report.errors and report.failed == 0, report.summary()
                sent.add(report.sent)
            busy[cold].append(seconds)
    assert len(sent) == 1, sent
    return TickTimings(
        median(idle_cold),
        median(idle_warm),
        median(busy[True]),
        median(busy[False]),
        sent.pop(),
        len(programmes.list_programmes(store)),
        median(idle_cold_pass),
        median(busy_cold_pass),
    )
