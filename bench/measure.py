"""Timed runs over a built installation: concurrent draft saves, submissions, a scheduler pass's reads."""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from engine.store import Store, cache, deliveries, drafts, outbox, programmes

from .build import START, Target
from .text import edit


@dataclass
class Timings:
    """Latencies in seconds, and what happened."""

    samples: list[float] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0

    def add(self, seconds: float, outcome: str) -> None:
        """Record one timed call and what it returned."""
        self.samples.append(seconds)
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def median_ms(self) -> float:
        """The median latency in milliseconds."""
        return statistics.median(self.samples) * 1000

    def rate(self) -> float:
        """Calls per second over the run's wall time (all threads together)."""
        return len(self.samples) / self.wall if self.wall else 0.0

    def p99_ms(self) -> float:
        """The 99th percentile latency in milliseconds (nearest rank)."""
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def run_threads(
    threads: int, per_thread: int, seed: int, step: Callable[[random.Random, int], tuple[float, str]]
) -> Timings:
    """Start ``threads`` threads together, each doing ``step`` ``per_thread`` times back to back."""
    timings, guard = Timings(), threading.Lock()
    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        rnd = random.Random(seed * 1000 + index)
        barrier.wait()
        try:
            for n in range(per_thread):
                seconds, outcome = step(rnd, index * per_thread + n)
                with guard:
                    timings.add(seconds, outcome)
        except BaseException as exc:  # reported after the run, not lost in a thread
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    timings.wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    return timings


def draft_saves(store: Store, targets: Sequence[Target], threads: int, per_thread: int, seed: int) -> Timings:
    """Members open a random team's form (untimed), change a field and save it (timed)."""
    now = START + timedelta(days=700)

    def step(rnd: random.Random, n: int) -> tuple[float, str]:
        target = rnd.choice(targets)
        current = drafts.get_draft(store, target.pid, target.team, target.assignment)
        assert current is not None
        values = edit(rnd, current["values"])
        started = time.perf_counter()
        result = drafts.save_draft(
            store,
            target.pid,
            target.team,
            target.assignment,
            values,
            target.member,
            "Medlem",
            current["revision"],
            f"bench:{seed}:{n}",
            now,
        )
        return time.perf_counter() - started, result.status

    return run_threads(threads, per_thread, seed, step)


def submissions(store: Store, targets: Sequence[Target], threads: int, per_thread: int, seed: int) -> Timings:
    """Members submit a new version of a random team's form (a correction): timed."""
    now = START + timedelta(days=700)

    def step(rnd: random.Random, n: int) -> tuple[float, str]:
        target = rnd.choice(targets)
        current = drafts.get_draft(store, target.pid, target.team, target.assignment)
        assert current is not None
        values = edit(rnd, current["values"])
        deliverable = target.assignment.split("/")[2]
        started = time.perf_counter()
        deliveries.submit(
            store,
            target.pid,
            target.team,
            target.assignment,
            values,
            {"form": deliverable, "form_version": 1},
            target.member,
            "Medlem",
            f"bench-submit:{seed}:{n}",
            now,
            now,
        )
        return time.perf_counter() - started, "submitted"

    return run_threads(threads, per_thread, seed, step)


def scheduler_reads(store: Store, now: datetime) -> tuple[float, int]:
    """Read what a pass needs: every programme, its deliveries, its outbox keys and due mail."""
    started = time.perf_counter()
    seen = 0
    for entry in programmes.list_programmes(store):
        pid = entry["id"]
        programme = programmes.get_programme(store, pid)
        assert programme is not None
        seen += len(deliveries.list_deliveries(store, pid))
        seen += len(outbox.outbox_keys(store, pid))
        seen += len(outbox.due_messages(store, pid, now))
    return time.perf_counter() - started, seen


def cold_and_warm(store: Store) -> tuple[float, float, float, int]:
    """A scheduler pass's reads: first ever (no checkpoints), fresh process (``flask tick``), warm."""
    now = START + timedelta(days=700)
    cache.CACHE.clear()
    first, seen = scheduler_reads(store, now)
    cache.CACHE.clear()
    cold, again = scheduler_reads(store, now)
    warm, warm_seen = scheduler_reads(store, now)
    assert seen == again == warm_seen
    return first, cold, warm, seen
