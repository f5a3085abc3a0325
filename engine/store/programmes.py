"""Programmes: the whole configuration of one run of a workflow, one document per programme.

The document (HACKING.md "Programme") lives in ``programmes/<pid>/programme.json``; the index in
``installation.json`` (``{id, title, workflow, revision, created_at, updated_at}``) lists them
without opening every programme. ``revision`` counts saves: ``save_programme`` refuses to save
over a revision the caller did not see (``StaleRevision``), so two leaders editing at once do not
overwrite each other silently. Saving a document equal to the stored one changes nothing, which
keeps ``flask programme load`` idempotent.

- ``list_programmes(store) -> list[dict]`` (index entries, by id)
- ``get_programme(store, pid) -> dict | None``
- ``save_programme(store, doc, actor, now, expected_revision=None) -> dict``
- ``delete_programme(store, pid, actor, now) -> bool``
- ``close_programme(store, pid, actor, now) -> dict`` / ``reopen_programme(store, pid, actor, now) -> dict``
- ``personal_data`` / ``erase_personal_data``: the privacy holder contract (``privacy``). Erasing
  takes the people out of the team lists (and their names out of the programme's free text); a
  purge also marks the programme purged, as its last step.

A programme's *lifecycle* — ``closed_at``, ``closed_by``, ``purged_at`` — is kept in its document
next to ``revision`` and is the store's, not the leader's: ``save_programme`` keeps it as it is,
and refuses (``ProgrammeClosed``) to change a closed programme. Closing, reopening and the purge
are the only ways it changes; each bumps the revision, so every cached assembly sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tinydb import Query
from tinydb.table import Table

from .base import Store, check_id
from .erasure import Erasure, Person
from .errors import NotFound, ProgrammeClosed, StaleRevision
from .events import event_record
from .records import iso, thaw

INDEX_FIELDS = ("id", "title", "workflow", "revision", "created_at", "updated_at", "closed_at", "purged_at")
LIFECYCLE = ("closed_at", "closed_by", "purged_at")
_BOOKKEEPING = ("revision", "created_at", "updated_at", *LIFECYCLE)


def list_programmes(store: Store) -> list[dict[str, Any]]:
    """The index entry of every programme, sorted by id."""
    return sorted(store.view(store.installation_file).table("programmes").all(), key=lambda doc: doc["id"])


def get_programme(store: Store, pid: str) -> dict[str, Any] | None:
    """The programme document ``pid``, or None."""
    return store.view(store.programme_file(pid)).table("programme").get(Query().id == pid)


def save_programme(
    store: Store, doc: Mapping[str, Any], actor: str, now: datetime, expected_revision: int | None = None
) -> dict[str, Any]:
    """Create or replace programme ``doc["id"]``; returns the stored document with its new revision.

    ``expected_revision`` is the revision the caller edited (0 for "must be new"); None skips the
    check (loading a file is authoritative). Logs ``programme_saved``.
    """
    pid = check_id(doc.get("id"), "programme")
    new = {key: value for key, value in thaw(doc).items() if key not in _BOOKKEEPING}
    store.create_programme_dir(pid)
    programme_file, installation = store.programme_file(pid), store.installation_file
    with store.transaction(programme_file, installation) as tx:
        table = tx.table(programme_file, "programme")
        current = table.get(Query().id == pid)
        revision = current["revision"] if current is not None else 0
        if expected_revision is not None and expected_revision != revision:
            raise StaleRevision(f"Programme {pid}", expected_revision, revision)
        if current is not None and current.get("closed_at"):
            raise ProgrammeClosed(pid)
        if current is not None and {k: v for k, v in current.items() if k not in _BOOKKEEPING} == new:
            _index(tx.table(installation, "programmes"), current)  # repairs an index a crash left behind
            return dict(current)
        new.update(
            revision=revision + 1,
            created_at=current["created_at"] if current is not None else iso(now),
            updated_at=iso(now),
            **{field: None for field in LIFECYCLE},
        )
        if current is not None:
            table.remove(doc_ids=[current.doc_id])
        table.insert(new)  # the programme file first: the index only points at it
        _index(tx.table(installation, "programmes"), new)
        tx.append(store.event_log(pid), event_record("programme_saved", actor, now, revision=new["revision"]))
    return dict(new)


def _index(index: Table, doc: Mapping[str, Any]) -> None:
    """Make the index entry of ``doc`` say what the programme file says (no write if it does)."""
    entry = {field: doc.get(field) for field in INDEX_FIELDS}
    listed = index.get(Query().id == doc["id"])
    if listed is None:
        index.insert(entry)
    elif dict(listed) != entry:
        index.update(entry, doc_ids=[listed.doc_id])


def close_programme(store: Store, pid: str, actor: str, now: datetime) -> dict[str, Any]:
    """Make ``pid`` read-only from ``now`` (no mail, no links, no edits); logs ``programme_closed``.

    Closing a closed programme changes nothing. Raises ``NotFound`` for an unknown programme.
    """
    return _change_lifecycle(store, pid, actor, now, "programme_closed", closed_at=iso(now), closed_by=actor)


def reopen_programme(store: Store, pid: str, actor: str, now: datetime) -> dict[str, Any]:
    """Undo :func:`close_programme` (not after a purge: ``ProgrammeClosed``); logs ``programme_reopened``."""
    return _change_lifecycle(store, pid, actor, now, "programme_reopened", closed_at=None, closed_by=None)


FREE_TEXT = {"gatherings": ("place", "host", "theme", "agenda"), "excusals": ("reason",), "extensions": ()}


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """``person`` as a member of a team of ``pid``: name, address, role, whether active."""
    doc = get_programme(store, pid) or {}
    return [
        {"programme": pid, "title": doc.get("title"), "team": team["name"], **member}
        for team in doc.get("teams") or []
        if team["id"] == person.team
        for member in team.get("members") or []
        if member["id"] == person.member
    ]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """Take the erased people out of their teams and their names out of the free text; a purge also
    marks the programme purged (logs ``programme_purged``, else ``people_erased``)."""
    doc = get_programme(store, pid)
    if doc is None or doc.get("purged_at"):
        return 0
    new = thaw(doc)
    for team in new.get("teams") or []:
        team["members"] = [m for m in team.get("members") or [] if not erasure.concerns(team["id"], m["id"])]
        if team.get("withdrawn"):
            team["withdrawn"]["reason"] = erasure.text(team["withdrawn"].get("reason") or "")
    for key, fields in FREE_TEXT.items():
        for item in new.get(key) or []:
            item.update({field: erasure.text(item[field]) for field in fields if isinstance(item.get(field), str)})
    new["recipient"] = erasure.text(new.get("recipient") or "")
    if not erasure.purge and new == doc:
        return 0
    if erasure.purge:
        _change_lifecycle(store, pid, erasure.actor, erasure.now, "programme_purged", new, purged_at=iso(erasure.now))
    else:
        detail = {"people": len(erasure.people)}
        _change_lifecycle(store, pid, erasure.actor, erasure.now, "people_erased", new, detail=detail)
    return 1


def _change_lifecycle(
    store: Store,
    pid: str,
    actor: str,
    now: datetime,
    kind: str,
    document: Mapping[str, Any] | None = None,
    detail: Mapping[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    programme_file, installation = store.programme_file(pid), store.installation_file
    if not programme_file.exists():
        raise NotFound(f"no programme {pid}")
    with store.transaction(programme_file, installation) as tx:
        table = tx.table(programme_file, "programme")
        current = table.get(Query().id == pid)
        if current is None:
            raise NotFound(f"no programme {pid}")
        if current.get("purged_at") or (kind == "programme_purged" and not current.get("closed_at")):
            raise ProgrammeClosed(pid, purged=bool(current.get("purged_at")))
        if kind == "programme_closed" and current.get("closed_at"):
            return dict(current)
        if kind == "programme_reopened" and not current.get("closed_at"):
            return dict(current)
        base = thaw(document) if document is not None else dict(current)
        new = {key: value for key, value in base.items() if key not in _BOOKKEEPING}
        new.update({field: current.get(field) for field in LIFECYCLE})
        new.update(fields, revision=current["revision"] + 1, created_at=current["created_at"], updated_at=iso(now))
        table.remove(doc_ids=[current.doc_id])
        table.insert(new)
        _index(tx.table(installation, "programmes"), new)
        tx.append(store.event_log(pid), event_record(kind, actor, now, revision=new["revision"], **(detail or {})))
    return dict(new)


def delete_programme(store: Store, pid: str, actor: str, now: datetime) -> bool:
    """Remove ``pid`` from the index and move its folder to ``deleted/``; False if there was none.

    The folder is kept (renamed) so a mistake can be undone by hand; its event log, which moves
    with it, ends with ``programme_deleted``.
    """
    installation = store.installation_file
    with store.transaction(installation) as tx:
        index = tx.table(installation, "programmes")
        listed = index.contains(Query().id == pid)
        if listed:
            index.remove(Query().id == pid)
    folder = store.programme_dir(pid)
    if not folder.is_dir():
        return listed
    store.event_log(pid).append([event_record("programme_deleted", actor, now)])
    store.move_programme_away(pid, now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    return True
