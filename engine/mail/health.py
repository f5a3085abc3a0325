"""The health check: can the store be written, and is the scheduler passing? (``/healthz``)

A load balancer, a monitoring system or the operator's ``curl`` asks it; it answers from any
process serving the instance folder, whichever of them runs the scheduler:

- ``store.writable``: a file can be created, fsynced and removed in the data folder now;
- ``scheduler.running``: some process holds the scheduler's runner lock on this instance folder
  (``flask serve`` with the scheduler on); ``last_pass`` is when the latest pass — the scheduler's
  or a ``flask tick`` from cron — ran, as its clock showed it; ``pending_mail``/``failed_mail`` are
  the messages waiting in every programme's outbox.

The status is ``degraded`` (HTTP 503) when the store cannot be written, or when no pass has run for
more than three scheduler intervals (``SCHEDULER_INTERVAL``: with cron instead of the built-in
scheduler, set it to cron's interval). A fresh process is given those three intervals for its first
pass, and a first pass still under way counts as passing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from .. import clock
from ..store import Store
from ..store import outbox as outbox_repo
from ..store import programmes as programme_repo
from .scheduler import last_pass, pass_running, scheduler_running

STALE_AFTER = 3  # scheduler intervals without a pass before the check degrades
STARTED = "verksted.started"
OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class Health:
    """The answer of the health check: ``ok`` and the JSON document ``/healthz`` returns."""

    ok: bool
    document: dict[str, Any]


def started_at(app: Flask) -> datetime:
    """When this process's app was made, on the app's clock (see :func:`remember_start`)."""
    return app.extensions[STARTED]


def remember_start(app: Flask) -> None:
    """Note the app's start on its own clock (a test's ``CLOCK`` too): a fresh process's first pass
    is given :data:`STALE_AFTER` intervals from here."""
    with app.app_context():  # the clock reads the app's CLOCK: a test's callable, or a fixed instant
        try:
            app.extensions[STARTED] = clock.now()
        except ValueError:  # a CLOCK without its offset: refused where pages and commands read it
            app.extensions[STARTED] = datetime.now(OSLO)


def check_health(app: Flask, store: Store, now: datetime, started: datetime) -> Health:
    """The health of the installation at ``now``; ``started`` is when this process started (same clock)."""
    writable, why = store.writable()
    interval = timedelta(seconds=int(app.config["SCHEDULER_INTERVAL"]))
    latest = last_pass(app)
    if latest is not None:
        passing = now - latest["now"] <= STALE_AFTER * interval
    else:
        passing = now - started <= STALE_AFTER * interval or pass_running(app)
    pending = failed = 0
    for entry in programme_repo.list_programmes(store):
        waiting, failing = outbox_repo.waiting_counts(store, entry["id"])
        pending, failed = pending + waiting, failed + failing
    reasons = []
    if not writable:
        reasons.append(f"the store cannot be written ({why})")
    if not passing:
        reasons.append(f"no scheduler pass for more than {STALE_AFTER} intervals of {interval.seconds} s")
    document = {
        "status": "ok" if not reasons else "degraded",
        "store": {"writable": writable},
        "scheduler": {
            "running": scheduler_running(app),
            "last_pass": latest["now"].isoformat() if latest is not None else None,
            "pending_mail": pending,
            "failed_mail": failed,
        },
    }
    if reasons:
        document["reasons"] = reasons
    return Health(not reasons, document)
