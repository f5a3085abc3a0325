"""A programme's end: closing it (read-only), and purging its people once the retention period is over.

Closing (:func:`close`) makes a programme read-only at once: the store refuses changes to it,
links and evaluation links open nothing, the scheduler sends it no mail, and whatever mail was
still waiting is discarded. A leader can reopen it until it is purged.

:func:`purge` runs every privacy holder of the store over the programme with all its members
(``engine.store.privacy``): names and addresses give way to the team's name, member ids to
pseudonyms, links are ended, drafts deleted (the leader's own too), calendar subscriptions and the
admins' reading marks removed, the outbox emptied and the sent log left with what went out when to
which team — while the deliveries (the leader's own documents too), the submitted documents, the
feedback, messages, follow-up notes and presenters (names in their texts given way to the team's),
the event log and the programme (gatherings, teams, leader, deadlines) stay, and with them the
programme report.
It also clears the local mailbox of the programme's messages and the last pass's error lines
about it. A purge is idempotent: one cut short by a crash runs again from the start.

The scheduler (:func:`purge_due`, a step of every pass) purges a closed programme
``RETENTION_DAYS`` (default 365) after it was closed, and removes the folders of *deleted*
programmes (``data/deleted/``, kept for recovery) after the same period.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from ..logs import event
from ..mail import mailbox
from ..mail.pass_report import TickReport
from ..mail.scheduler import forget_pass_errors
from ..store import NotFound, ProgrammeClosed, Store, get_store
from ..store import outbox as outbox_repo
from ..store import privacy as store_privacy
from ..store import programmes as programme_repo
from ..store.cache import CACHE
from ..store.records import parse_iso

log = logging.getLogger(__name__)


class NotClosed(Exception):
    """Only a closed programme can be purged."""


@dataclass
class Purge:
    """What a purge did: records changed per holder, mailbox messages removed, people erased."""

    programme: str
    people: int = 0
    records: dict[str, int] = field(default_factory=dict)
    mailbox: int = 0
    already: bool = False


def retention(app: Flask) -> timedelta:
    """How long a closed programme keeps its people's data (``RETENTION_DAYS``)."""
    return timedelta(days=int(app.config["RETENTION_DAYS"]))


def purge_due_at(app: Flask, document_or_entry: dict[str, Any]) -> datetime | None:
    """When a closed programme is due to be purged (None: not closed, or purged already)."""
    closed = document_or_entry.get("closed_at")
    if not closed or document_or_entry.get("purged_at"):
        return None
    return parse_iso(closed) + retention(app)


def close(store: Store, pid: str, actor: str, now: datetime) -> tuple[dict[str, Any], int]:
    """Close ``pid`` and discard the mail waiting in it; returns the document and how many were discarded.

    Raises the store's ``NotFound`` for an unknown programme, ``ProgrammeClosed`` for a purged one.
    """
    doc = programme_repo.close_programme(store, pid, actor, now)
    discarded = outbox_repo.discard_all(store, pid, "the programme was closed", now)
    event(log, "programme_closed", programme=pid, discarded=discarded)
    return doc, discarded


def reopen(store: Store, pid: str, actor: str, now: datetime) -> dict[str, Any]:
    """Open a closed programme again (not after a purge: ``ProgrammeClosed``)."""
    doc = programme_repo.reopen_programme(store, pid, actor, now)
    event(log, "programme_reopened", programme=pid)
    return doc


def purge(app: Flask, store: Store, pid: str, actor: str, now: datetime) -> Purge:
    """Erase the people of the closed programme ``pid`` (see the module docstring).

    Raises ``NotFound`` for an unknown programme and :class:`NotClosed` for one still open; a
    programme purged already is left as it is (``Purge.already``).
    """
    doc = programme_repo.get_programme(store, pid)
    if doc is None:
        raise NotFound(f"no programme {pid}")
    if doc.get("purged_at"):
        return Purge(pid, already=True)
    if not doc.get("closed_at"):
        raise NotClosed(f"programme {pid} is open; close it first")
    members = store_privacy.people(doc)
    erasure = store_privacy.Erasure(tuple(members), now, actor, purge=True)
    result = Purge(pid, people=len(members))
    result.records = store_privacy.erase(store, pid, erasure)
    needles = [value for person in members for value in (person.email, person.name) if value]
    result.mailbox = mailbox.delete(app, [entry.id for entry in mailbox.find(app, needles, programme=pid)])
    forget_pass_errors(app, pid)
    _remove_leftovers(store.programme_dir(pid))
    event(log, "programme_purged", programme=pid, people=result.people, mailbox=result.mailbox)
    return result


def _remove_leftovers(folder: Path) -> None:
    """Temporary files a crash left behind in the programme's folder (they may hold old data)."""
    for leftover in folder.rglob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    CACHE.invalidate_tree(str(folder))


def purge_due(app: Flask, now: datetime, report: TickReport | None = None) -> list[str]:
    """Purge every closed programme whose retention ran out at ``now``, and remove deleted programmes'
    folders older than the retention period; returns the ids purged. A step of every scheduler pass."""
    store = get_store()
    purged = []
    for entry in programme_repo.list_programmes(store):
        due = purge_due_at(app, entry)
        if due is None or due > now:
            continue
        try:
            purge(app, store, entry["id"], "scheduler", now)
        except (NotFound, ProgrammeClosed, NotClosed):
            continue  # changed under us (reopened, deleted, purged by hand): the next pass looks again
        except Exception as exc:  # one programme's trouble must not stop the pass
            log.exception("could not purge programme %s", entry["id"])
            if report is not None:
                report.errors.append(f"{entry['id']}: the purge failed: {exc!r}")
            continue
        purged.append(entry["id"])
    if report is not None:
        report.purged += len(purged)
    remove_old_deleted(app, store, now)
    return purged


def remove_old_deleted(app: Flask, store: Store, now: datetime) -> list[str]:
    """Remove the folders of programmes deleted longer ago than the retention period; returns their names."""
    folder = store.root / "deleted"
    if not folder.is_dir():
        return []
    removed = []
    for entry in sorted(folder.iterdir()):
        stamp = entry.name.rsplit(".", 1)[-1]  # delete_programme names it <pid>.<UTC time>
        try:
            deleted_at = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        if now - deleted_at >= retention(app):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
            event(log, "deleted_programme_removed", folder=entry.name)
    return removed
