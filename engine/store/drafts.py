"""Drafts: the team's work in progress on an assignment, one per assignment, shared by the team.

A draft is ``{id, assignment, team, revision, values, created_at, saved_at, saved_by,
saved_by_name}``, alone in its file ``teams/<team>/drafts/<deliverable>.<occurrence>.json`` so a
save rewrites one form, not the team's every draft (see ``base``); the file also keeps the last few
request nonces of the draft (not part of what callers get) to recognise a repeated POST.

``save_draft`` never overwrites a team-mate's work silently: the caller passes the revision its
form was based on; if the stored revision moved on meanwhile, nothing is written and the result
carries the other version (``status == "conflict"``) so the page can show both. Saving exactly
what is stored already is not a conflict. A nonce seen before (double click, resend after a lost
answer) returns the stored draft (``"replayed"``) and stores nothing twice.

- ``get_draft(store, pid, team, assignment) -> dict | None``
- ``list_drafts(store, pid, team) -> list[dict]``
- ``save_draft(store, pid, team, assignment, values, member_id, member_name, base_revision, nonce, now)
  -> DraftSave``
- ``personal_data`` / ``erase_personal_data``: the privacy holder contract (``privacy``). A purge
  deletes every draft (only submitted work outlives a programme); forgetting somebody renames them
  as the last saver and takes their name out of what the team typed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from tinydb import Query

from .base import LEADER_OWNER, Store
from .erasure import Erasure, Person
from .events import event_record
from .records import check_assignment, iso, new_id, thaw

NONCES_KEPT = 20  # a replay comes within seconds; twenty saves back is plenty
_PRIVATE = ("nonces",)


@dataclass(frozen=True)
class DraftSave:
    """What ``save_draft`` did: ``saved``, ``replayed`` (stored once before) or ``conflict``.

    ``draft`` is the stored draft afterwards: the one just saved, or — on a conflict — the other
    version that is stored now and was not overwritten.
    """

    status: Literal["saved", "replayed", "conflict"]
    draft: dict[str, Any]

    @property
    def conflict(self) -> bool:
        """Whether nothing was saved because a team-mate saved first."""
        return self.status == "conflict"


def get_draft(store: Store, pid: str, team: str, assignment: str) -> dict[str, Any] | None:
    """The team's draft of ``assignment``, or None if nobody saved one yet."""
    doc = store.view(_path(store, pid, team, assignment)).table("drafts").get(Query().assignment == assignment)
    return None if doc is None else _public(doc)


def list_drafts(store: Store, pid: str, team: str) -> list[dict[str, Any]]:
    """Every draft of the team (e.g. to show which forms are in progress), by assignment."""
    folder = store.drafts_dir(pid, team)
    names = (
        sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".json")) if folder.is_dir() else []
    )
    found = [doc for name in names for doc in store.view(folder / name).table("drafts").all()]
    return sorted((_public(doc) for doc in found), key=lambda draft: draft["assignment"])


def save_draft(
    store: Store,
    pid: str,
    team: str,
    assignment: str,
    values: Mapping[str, Any],
    member_id: str,
    member_name: str,
    base_revision: int,
    nonce: str | None,
    now: datetime,
) -> DraftSave:
    """Store ``values`` as the team's draft of ``assignment`` if nobody saved since ``base_revision``.

    ``base_revision`` is the revision the form showed (0 when there was no draft). Logs
    ``draft_saved``. See the module docstring for conflicts and replays.
    """
    values = thaw(values)
    path = _path(store, pid, team, assignment)
    with store.transaction(path) as tx:
        table = tx.table(path, "drafts")
        current = table.get(Query().assignment == assignment)
        if current is not None:
            if nonce is not None and nonce in current.get("nonces", ()):
                return DraftSave("replayed", _public(current))
            if current["revision"] != base_revision:
                status: Literal["saved", "conflict"] = "saved" if current["values"] == values else "conflict"
                return DraftSave(status, _public(current))
        revision = (current["revision"] if current is not None else 0) + 1
        nonces = [*(current.get("nonces", ()) if current is not None else ()), *([nonce] if nonce else [])]
        draft = {
            "id": current["id"] if current is not None else new_id(),
            "assignment": assignment,
            "team": team,
            "revision": revision,
            "values": values,
            "created_at": current["created_at"] if current is not None else iso(now),
            "saved_at": iso(now),
            "saved_by": member_id,
            "saved_by_name": member_name,
            "nonces": nonces[-NONCES_KEPT:],
        }
        if current is None:
            table.insert(draft)
        else:
            table.update(draft, doc_ids=[current.doc_id])
        tx.append(
            store.event_log(pid), event_record("draft_saved", member_id, now, team, assignment, revision=revision)
        )
    return DraftSave("saved", _public(draft))


def _path(store: Store, pid: str, team: str, assignment: str) -> Path:
    deliverable, occurrence = check_assignment(assignment, pid, team)
    return store.draft_file(pid, team, deliverable, occurrence)


def _public(doc: Mapping[str, Any]) -> dict[str, Any]:
    # ``doc`` is already the caller's own: a snapshot's copy, or a transaction's working copy that
    # the commit copies again before the cache keeps it.
    return {key: value for key, value in doc.items() if key not in _PRIVATE}


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """The drafts of ``person``'s team that they saved last (what the team typed, as they left it)."""
    return [
        {key: draft[key] for key in ("assignment", "revision", "saved_at", "saved_by_name", "values")}
        for draft in list_drafts(store, pid, person.team)
        if draft.get("saved_by") == person.member
    ]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """Purge: delete every draft, the leader's own too. Forget: pseudonymise the erased as last savers,
    and their names in the text."""
    teams_dir, leader_drafts = store.teams_dir(pid), store.drafts_dir(pid, LEADER_OWNER)
    files = sorted(teams_dir.glob("*/drafts/*.json")) if teams_dir.is_dir() else []
    files += sorted(leader_drafts.glob("*.json")) if leader_drafts.is_dir() else []  # the leader's own
    changed = 0
    for path in files:
        if erasure.purge:
            changed += store.remove(path)
            continue
        with store.transaction(path) as tx:
            table = tx.table(path, "drafts")
            for doc in table.all():
                new = erasure.tree({"values": doc["values"], "saved_by_name": doc.get("saved_by_name") or ""})
                if erasure.concerns(doc.get("team"), doc.get("saved_by")):
                    new["saved_by"] = erasure.member_id(doc.get("team"), doc.get("saved_by"))
                    new["saved_by_name"] = erasure.team_name(doc.get("team"))
                if any(doc.get(key) != value for key, value in new.items()):
                    table.update(new, doc_ids=[doc.doc_id])
                    changed += 1
    return changed
