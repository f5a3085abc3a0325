"""A full scheduler pass (``engine.mail.scheduler.tick``) over the national installation, timed.

Two days are measured, each cold (the file cache emptied: ``flask tick`` from cron) and warm (the
server's scheduler):

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

import random
import shutil
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

from .build import START, programme_doc

OSLO = ZoneInfo("Europe/Oslo")
DAY = (START + timedelta(days=700)).date()  # the day the other measurements call "now"
GATHERING_GAP = 110  # days between gatherings, as in build.programme_doc
BUSY = {"busy-a": 0, "busy-b": -7, "busy-c": -15}  # gathering 2 relative to DAY: its day, 'soon', 'overdue'


@dataclass
class TickTimings:
    """Seconds for each measured pass, and what the typical day sent."""

    idle_cold: float
    idle_warm: float
    busy_cold: float
    busy_warm: float
    busy_sent: int
    programmes: int


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


def timed_tick(app, now: datetime, cold: bool) -> tuple[float, TickReport]:
    """One pass at ``now``; ``cold`` empties the file cache and the kept assemblies first (a fresh process)."""
    if cold:
        cache.CACHE.clear()
        forget_runs()
    started = time.perf_counter()
    report = tick(app, now)
    return time.perf_counter() - started, report


def measure_ticks(instance: Path, store: Store, teams: int, seed: int, repeat: int = 3) -> TickTimings:
    """Run the passes on the installation at ``instance`` (its store is ``instance/data``); each figure
    is the median of ``repeat`` runs (the machine's other work makes single runs jump)."""
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "bench",
            "BASE_URL": "https://verksted.example",
            "MAIL_SERVER": None,
            "SCHEDULER": "off",
        }
    )
    idle = datetime.combine(DAY, clock(13, 0), tzinfo=OSLO)
    idle_cold, idle_warm = [], []
    for n in range(repeat):
        seconds, report = timed_tick(app, idle + timedelta(minutes=2 * n), cold=True)
        assert report.queued == report.sent == 0 and not report.errors, report.summary()
        idle_cold.append(seconds)
        idle_warm.append(timed_tick(app, idle + timedelta(minutes=2 * n + 1), cold=False)[0])
    add_busy_programmes(store, teams, seed)
    eve, morning = (
        datetime.combine(DAY - timedelta(days=1), clock(23), tzinfo=OSLO),
        datetime.combine(DAY, clock(8, 1), tzinfo=OSLO),
    )
    busy: dict[bool, list[float]] = {True: [], False: []}
    sent = set()
    for _ in range(repeat):
        for cold in (True, False):
            reset_busy_mail(store, instance)
            tick(app, eve)  # the day before, untimed: only the day's own mail is left
            if not cold:
                tick(app, eve + timedelta(minutes=1))  # warm the cache as a running server has it
            seconds, report = timed_tick(app, morning, cold)
            assert not report.errors and report.failed == 0, report.summary()
            busy[cold].append(seconds)
            sent.add(report.sent)
    assert len(sent) == 1, sent
    return TickTimings(
        median(idle_cold), median(idle_warm), median(busy[True]), median(busy[False]), sent.pop(), report.programmes
    )
