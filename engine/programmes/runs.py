"""A programme as the edges use it: the stored document, its workflow, its plan and its deliveries.

Pages, the CLI, the scheduler and the exports all need the same assembly — read the document,
find the workflow in the catalogue, plan the assignments (pure, ``engine.cycle``), restore the
history of submitted ones, and derive statuses for a given ``now``. :func:`load_run` does it in one
place; :func:`save_programme_document` and :func:`import_programme_file` are the only ways a
programme document is written, and both validate it with the same rules as ``flask check``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from ..cycle import (
    AdjustmentError,
    Assignment,
    Programme,
    Run,
    adjusted_workflow,
    load_programme_file,
    mail_periods,
    may_be_due,
    plan_run,
    programme_problems,
)
from ..cycle.deliveries import as_deliveries
from ..schema.source import format_path
from ..store import Store
from ..store import deliveries as delivery_repo
from ..store import programmes as programme_repo
from ..store.base import LEADER_OWNER
from ..store.runcache import read_run_cache, write_run_cache
from .catalog import Catalog

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
# (store root, pid) -> (fingerprint, run, its mail periods)
_ASSEMBLED: dict[tuple[str, str], tuple[tuple, Run, tuple]] = {}


class ProgrammeNotFound(LookupError):
    """No programme with that id is stored."""


class ProgrammeInvalid(ValueError):
    """The programme cannot be used as it is; ``problems`` lists why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def load_run(store: Store, catalog: Catalog, pid: str) -> Run:
    """Assemble the programme ``pid``; raises :class:`ProgrammeNotFound` or :class:`ProgrammeInvalid`."""
    document = programme_repo.get_programme(store, pid)
    if document is None:
        raise ProgrammeNotFound(pid)
    return _assemble(store, catalog, document)


def cached_run(store: Store, catalog: Catalog, pid: str, keep_on_disk: bool = False) -> Run:
    """``load_run(store, catalog, pid)``, reused while the files it was made from are unchanged.

    Assembling a programme (every team's delivery records parsed, the plan made, history restored)
    is most of what a page or a scheduler pass costs, and most of the time nothing has changed since
    the last request. The fingerprint is the programme document's revision and each team's delivery
    file as ``os.stat`` sees it (inode, size, modification time — a delivery file only grows, so a
    new submission always changes its size). A Run is immutable, so threads can share it.

    A process that has not assembled the programme yet looks in ``run.cache`` first (see
    :func:`_disk_entry`): another process may have assembled it from the very same files. Only a
    scheduler pass (``keep_on_disk``) writes that file, so a page, which GET may open, never
    writes anything; the server's scheduler keeps it current within a minute of a change.
    """
    run = _kept_run(store, catalog, pid, keep_on_disk, None)
    assert run is not None  # only a question about mail at an instant can be answered with None
    return run


def run_if_mail_may_be_due(store: Store, catalog: Catalog, pid: str, now: datetime) -> Run | None:
    """``cached_run`` for a scheduler pass (kept on disk), or None when no mail can be due at ``now``.

    None only when the run kept in this process or in ``run.cache`` was made from the very files
    there now and ``now`` falls outside its ``mail_periods`` (``engine.cycle.duemail``): a programme
    that has ended or not yet begun then costs a pass a look at its files — its run is not even
    unpickled. Raises like :func:`load_run`.
    """
    return _kept_run(store, catalog, pid, True, now)


def _kept_run(store: Store, catalog: Catalog, pid: str, keep_on_disk: bool, mail_at: datetime | None) -> Run | None:
    document = programme_repo.get_programme(store, pid)
    if document is None:
        raise ProgrammeNotFound(pid)
    key = (str(store.root), pid)
    workflow = catalog.workflows.get(document.get("workflow"))
    fingerprint = (document.get("revision"), document.get("updated_at"), id(workflow), _delivery_files(store, pid))
    with _LOCK:
        known = _ASSEMBLED.get(key)
    if known is not None and known[0] == fingerprint:
        _, run, periods = known
    else:
        entry = _disk_entry(store, pid, fingerprint, workflow)
        periods = entry[0] if entry is not None else None
        if periods is not None and mail_at is not None and not may_be_due(periods, mail_at):
            return None  # quiet: the kept run is not needed, not even unpickled
        run = _unpickled(entry[1], workflow) if entry is not None else None
        if run is None:
            run = _assemble(store, catalog, document)
            periods = mail_periods(run.assignments, run.workflow)
            if keep_on_disk:
                _to_disk(store, pid, fingerprint, run, periods)
        with _LOCK:
            _ASSEMBLED[key] = (fingerprint, run, periods)
    return None if mail_at is not None and not may_be_due(periods, mail_at) else run


def _delivery_files(store: Store, pid: str) -> tuple:
    folder = str(store.teams_dir(pid))  # plain strings: this runs for every programme every minute
    try:
        teams = sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())
    except FileNotFoundError:
        teams = []
    paths = [(team, os.path.join(folder, team, "deliveries.json")) for team in teams]
    paths.append((LEADER_OWNER, str(store.deliveries_file(pid, LEADER_OWNER))))  # the leader's own
    versions = []
    for team, path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue
        versions.append((team, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return tuple(versions)


def _disk_key(fingerprint: tuple, workflow: Any) -> tuple:
    # In memory the workflow is the catalogue's object; across processes it is its content, and
    # the code that assembles a run is part of the key too (an upgrade must not read old runs).
    return (fingerprint[0], fingerprint[1], _workflow_digest(workflow), fingerprint[3], _code_version())


def _disk_entry(store: Store, pid: str, fingerprint: tuple, workflow: Any) -> tuple[tuple, bytes] | None:
    """``(mail periods, the pickled run)`` another process kept for these very files, or None.

    The file is ``(key, periods, run bytes)``: the run inside is unpickled only when it is needed,
    so telling a quiet programme costs reading the file, not rebuilding every object of its run.
    """
    data = read_run_cache(store, pid)
    if data is None or workflow is None:
        return None
    try:
        loaded = pickle.loads(data)
    except Exception:  # a torn or foreign file is only a miss: assemble and write it anew
        log.warning("ignored the unreadable run cache of %s", pid)
        return None
    if not isinstance(loaded, tuple) or len(loaded) != 3:
        return None  # written by an older Verksted: a miss, replaced by this pass
    key, periods, run_bytes = loaded
    if key != _disk_key(fingerprint, workflow) or not isinstance(run_bytes, bytes):
        return None
    return periods, run_bytes


def _unpickled(data: bytes, workflow: Any) -> Run | None:
    """The run in a kept file's bytes, with the catalogue's own workflow; None if unreadable."""
    try:
        run = pickle.loads(data)
    except Exception:
        log.warning("ignored an unreadable kept run")
        return None
    return replace(run, workflow=workflow) if isinstance(run, Run) else None


def _to_disk(store: Store, pid: str, fingerprint: tuple, run: Run, periods: tuple) -> None:
    try:
        kept = pickle.dumps(replace(run, workflow=None), protocol=5)
        data = pickle.dumps((_disk_key(fingerprint, run.workflow), periods, kept), protocol=5)
        write_run_cache(store, pid, data)
    except OSError as exc:  # a cache that cannot be written costs the next process an assembly
        log.warning("could not keep the run of %s: %s", pid, exc)


_DIGESTS: dict[int, tuple[object, str]] = {}


def _workflow_digest(workflow: Any) -> str:
    kept = _DIGESTS.get(id(workflow))
    if kept is None or kept[0] is not workflow:
        kept = _DIGESTS[id(workflow)] = (workflow, hashlib.sha256(pickle.dumps(workflow, protocol=5)).hexdigest())
    return kept[1]


@cache
def _code_version() -> str:
    """A digest of the source that plans and assembles runs (read once per process)."""
    engine = Path(__file__).resolve().parent.parent
    sources = sorted([*(engine / "cycle").glob("*.py"), Path(__file__), engine / "store" / "deliveries.py"])
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


def forget_runs() -> None:
    """Drop every kept assembly (tests and the benchmark's cold runs)."""
    with _LOCK:
        _ASSEMBLED.clear()


def _assemble(store: Store, catalog: Catalog, document: Mapping[str, Any]) -> Run:
    programme = Programme.from_document(document)
    installed = catalog.workflows.get(programme.workflow)
    if installed is None:
        raise ProgrammeInvalid([f"workflow: the workflow '{programme.workflow}' is not installed"])
    try:
        workflow = adjusted_workflow(installed, programme.cycle)
    except AdjustmentError as exc:
        raise ProgrammeInvalid([f"{format_path(parts)}: {message}" for parts, message in exc.problems]) from None
    records = tuple(delivery_repo.list_deliveries(store, programme.id))
    delivered = tuple(as_deliveries(records))  # parsed once: merging, statuses and due mail all need them
    assignments = tuple(plan_run(programme, workflow, delivered))
    revision = int(document.get("revision", 0))
    return Run(programme, workflow, assignments, records, revision, document, delivered, installed)


def save_programme_document(
    store: Store,
    catalog: Catalog,
    document: Mapping[str, Any],
    actor: str,
    now: datetime,
    expected_revision: int | None = None,
) -> Run:
    """Validate and store a programme document (from the admin UI); returns the new run.

    Raises :class:`ProgrammeInvalid` with every problem, or the store's ``StaleRevision`` when
    someone else saved the programme since ``expected_revision``.
    """
    programme = Programme.from_document(document)
    problems = programme_problems(programme, catalog.workflows)
    if problems:
        raise ProgrammeInvalid(problems)
    stored = programme_repo.save_programme(store, programme.to_document(), actor, now, expected_revision)
    return _assemble(store, catalog, stored)


def import_programme_file(store: Store, catalog: Catalog, path: Path, actor: str, now: datetime) -> tuple[Run, bool]:
    """Create or update a programme from a YAML file (``flask programme load``); idempotent by id.

    Returns the run and whether anything changed. A bad file raises ``SourceError`` with one
    problem per line and changes nothing.
    """
    programme = load_programme_file(path, catalog.workflows, catalog.forms)
    before = programme_repo.get_programme(store, programme.id)
    stored = programme_repo.save_programme(store, programme.to_document(), actor, now)
    changed = before is None or before.get("revision") != stored.get("revision")
    return _assemble(store, catalog, stored), changed


def answers_of(store: Store, run: Run, record: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a delivery record points to (empty if the blob is missing)."""
    return delivery_repo.get_answers(store, run.id, record["team"], record["content_hash"]) or {}


def prefill_sources(
    store: Store, run: Run, assignment: Assignment
) -> tuple[dict[str, Mapping[str, Any]], Mapping[str, Any] | None]:
    """What a form may be prefilled from: the team's latest submitted answers per form id, and the
    latest submitted answers of the same deliverable's previous occurrence (or None).

    The answers are the store's shared, read-only copies (``peek_answers``): prefilling only reads them."""
    team = assignment.team
    if team is None:
        return {}, None
    latest_by_form: dict[str, dict[str, Any]] = {}
    earlier: list[dict[str, Any]] = []
    for record in run.deliveries:
        if record["team"] != team or record["assignment"] == assignment.key:
            continue
        current = latest_by_form.get(record["form"])
        if current is None or record["submitted_at"] >= current["submitted_at"]:
            latest_by_form[record["form"]] = record
        if record["deliverable"] == assignment.deliverable and record["occurrence"] < assignment.occurrence:
            earlier.append(record)
    previous = max(earlier, key=lambda r: (r["occurrence"], r["version"]), default=None)
    answers = {form: _peek(store, run, record) for form, record in latest_by_form.items()}
    return answers, (_peek(store, run, previous) if previous is not None else None)


def _peek(store: Store, run: Run, record: Mapping[str, Any]) -> Mapping[str, Any]:
    return delivery_repo.peek_answers(store, run.id, record["team"], record["content_hash"]) or {}
