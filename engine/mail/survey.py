"""One programme as a scheduler pass sees it: its run, its mail state, every message due at ``now``.

A pass surveys every programme every minute, and most minutes nothing has changed since the last
one. Assembling a programme — reading every team's delivery records, parsing them, planning,
restoring the history — is most of a pass's cost, so a process keeps the last assembly of each
programme and reuses it while the files it was made from are unchanged: the programme document's
revision, and each team's delivery file as ``os.stat`` sees it (inode, size, modification time;
the store replaces a file on every write, so a new write is a new inode). ``due_mail`` itself is
asked afresh every time (it depends on ``now``). A fresh process (``flask tick`` from cron) starts
empty and assembles everything once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..cycle import MailIntent, MailState, due_mail
from ..cycle.deliveries import as_deliveries
from ..programmes import ProgrammeNotFound, Run, load_run
from ..store import Store
from ..store import programmes as programme_repo

_LOCK = threading.Lock()
_ASSEMBLED: dict[tuple[str, str], tuple[tuple, Run]] = {}  # (store root, pid) -> (fingerprint, run)


@dataclass(frozen=True)
class Survey:
    """One programme as a pass sees it: its run, its mail state and every message due at ``now``."""

    run: Run
    state: MailState
    due: Mapping[str, MailIntent]


def survey(store: Store, catalog: Catalog, pid: str, now: datetime) -> Survey:
    """Programme ``pid`` at ``now``; raises ``ProgrammeNotFound``/``ProgrammeInvalid`` like ``load_run``."""
    run = assembled(store, catalog, pid)
    delivered = run.delivered or tuple(as_deliveries(run.deliveries))  # a Run made by hand may not carry them
    state = MailState(run.programme, run.workflow, run.assignments, delivered)
    return Survey(run, state, {intent.key: intent for intent in due_mail(state, now)})


def assembled(store: Store, catalog: Catalog, pid: str) -> Run:
    """``load_run(store, catalog, pid)``, reused while its files are unchanged (see the module docstring)."""
    document = programme_repo.get_programme(store, pid)
    if document is None:
        raise ProgrammeNotFound(pid)
    key = (str(store.root), pid)
    workflow = catalog.workflows.get(document.get("workflow"))
    fingerprint = (document.get("revision"), document.get("updated_at"), id(workflow), _delivery_files(store, pid))
    with _LOCK:
        known = _ASSEMBLED.get(key)
    if known is not None and known[0] == fingerprint:
        return known[1]
    run = load_run(store, catalog, pid)
    with _LOCK:
        _ASSEMBLED[key] = (fingerprint, run)
    return run


def forget() -> None:
    """Drop every kept assembly (the benchmark's cold runs)."""
    with _LOCK:
        _ASSEMBLED.clear()


def _delivery_files(store: Store, pid: str) -> tuple:
    folder = str(store.teams_dir(pid))  # plain strings: this runs for every programme every minute
    try:
        teams = sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())
    except FileNotFoundError:
        return ()
    versions = []
    for team in teams:
        try:
            stat = os.stat(os.path.join(folder, team, "deliveries.json"))
        except FileNotFoundError:
            continue
        versions.append((team, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return tuple(versions)
