"""Deliveries: one record per submitted version of an assignment, and the answers they point to.

A submission is written with a commit protocol, so a crash never leaves a delivery without its
answers: first the answers, in a file named by their content hash,
``teams/<team>/answers/<sha256>.json`` (immutable; unreferenced, it is invisible), then the
delivery record in ``teams/<team>/deliveries.json`` — the commit point — then the ``submitted``
event. Both files are locked together and each is written once; a submission costs what the
team's delivery records weigh, not the programme's.

A delivery (HACKING.md) is ``{id, assignment, team, deliverable, occurrence, version,
submitted_at, submitted_by, submitted_by_name, form, form_version, content_hash, due_at, nonce}``;
``version`` counts 1, 2, … per assignment, ``content_hash`` is the SHA-256 of the canonical JSON of
the answers, ``due_at`` the effective due instant when it was submitted. A nonce submitted before
returns the delivery it made instead of making a new version.

- ``submit(store, pid, team, assignment, answers, meta, member_id, member_name, nonce, due_at, now) -> dict``
- ``list_deliveries(store, pid, team=None, assignment=None) -> list[dict]`` (by team, each team's in
  submission order)
- ``get_delivery(store, pid, delivery_id) -> dict | None``
- ``get_answers(store, pid, team, content_hash) -> dict | None``
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tinydb import Query

from .base import LEADER_OWNER, Store
from .events import event_record
from .records import check_assignment, content_hash, iso, new_id, split_assignment, thaw


def submit(
    store: Store,
    pid: str,
    team: str,
    assignment: str,
    answers: Mapping[str, Any],
    meta: Mapping[str, Any],
    member_id: str,
    member_name: str,
    nonce: str | None,
    due_at: datetime | None,
    now: datetime,
) -> dict[str, Any]:
    """Record a new version of the team's answers to ``assignment``; returns the delivery.

    Submitting exactly the latest version's answers again makes no new version: that one is returned.

    ``meta`` names the template filled in: ``form`` and ``form_version``; ``opens_at`` (optional)
    is the opening instant the assignment had, kept so its history survives a moved gathering.
    """
    deliverable, occurrence = check_assignment(assignment, pid, team)
    if not meta.get("form") or not isinstance(meta.get("form_version"), int):
        raise ValueError("meta must name the form and its integer form_version")
    blob = thaw(answers)
    digest = content_hash(blob)
    records, answers_file = store.deliveries_file(pid, team), store.answers_file(pid, team, digest)
    with store.transaction(records, answers_file) as tx:
        deliveries = tx.table(records, "deliveries")
        earlier = deliveries.search(Query().assignment == assignment)
        replayed = next((d for d in earlier if nonce is not None and d.get("nonce") == nonce), None)
        if replayed is not None:
            return dict(replayed)
        latest = max(earlier, key=lambda d: d["version"], default=None)
        if latest is not None and latest["content_hash"] == digest and latest["form_version"] == meta["form_version"]:
            return dict(latest)  # the same answers again (a second click on an old confirmation): no new version
        stored = tx.table(answers_file, "answers")
        if not stored.contains(Query().id == digest):
            stored.insert({"id": digest, "answers": blob, "stored_at": iso(now)})  # first: unreferenced
        delivery = {
            "id": new_id(),
            "assignment": assignment,
            "team": team,
            "deliverable": deliverable,
            "occurrence": occurrence,
            "version": max((d["version"] for d in earlier), default=0) + 1,
            "submitted_at": iso(now),
            "submitted_by": member_id,
            "submitted_by_name": member_name,
            "form": meta["form"],
            "form_version": meta["form_version"],
            "content_hash": digest,
            "due_at": None if due_at is None else iso(due_at),
            "opens_at": None if meta.get("opens_at") is None else iso(meta["opens_at"]),
            "nonce": nonce,
        }
        deliveries.insert(delivery)  # the commit point: written after the answers
        tx.append(
            store.event_log(pid),
            event_record(
                "submitted",
                member_id,
                now,
                team,
                assignment,
                delivery=delivery["id"],
                version=delivery["version"],
                content_hash=digest,
            ),
        )
    return dict(delivery)


def list_deliveries(
    store: Store, pid: str, team: str | None = None, assignment: str | None = None
) -> list[dict[str, Any]]:
    """Deliveries of ``pid``, optionally of one team or assignment: by team id, then as submitted."""
    if assignment is not None:
        owner = split_assignment(assignment)[1]
        if team is not None and team != owner:
            return []
        team = owner
    teams = [team] if team is not None else _teams(store, pid)
    found = []
    for name in teams:
        table = store.view(store.deliveries_file(pid, name)).table("deliveries")
        found += table.all() if assignment is None else table.search(Query().assignment == assignment)
    return found


def get_delivery(store: Store, pid: str, delivery_id: str) -> dict[str, Any] | None:
    """One delivery by its id."""
    for team in _teams(store, pid):
        found = store.view(store.deliveries_file(pid, team)).table("deliveries").get(Query().id == delivery_id)
        if found is not None:
            return found
    return None


def get_answers(store: Store, pid: str, team: str, content_hash: str) -> dict[str, Any] | None:
    """The answers a delivery of ``team`` points to (by its ``content_hash``)."""
    doc = store.view(store.answers_file(pid, team, content_hash)).table("answers").get(Query().id == content_hash)
    return None if doc is None else doc["answers"]


def peek_answers(store: Store, pid: str, team: str, content_hash: str) -> Mapping[str, Any] | None:
    """:func:`get_answers` without the copy: the parsed answers the store's cache holds, to read and
    never change (answers are addressed by their content, so what a hash names never changes).
    Prefilling a form reads six of them on every request; copying 1,500 words each time cost more
    than the rest of the look-up."""
    tables = store.peek(store.answers_file(pid, team, content_hash))
    for doc in tables.get("answers", {}).values():
        if doc.get("id") == content_hash:
            return doc["answers"]
    return None


def _teams(store: Store, pid: str) -> list[str]:
    """Teams of ``pid`` that have submitted something (a folder with delivery records), and ``-``
    after them if the leader has submitted a document of their own."""
    folder = store.teams_dir(pid)
    owners = []
    if folder.is_dir():
        owners = sorted(
            entry.name for entry in os.scandir(folder) if os.path.exists(os.path.join(entry.path, "deliveries.json"))
        )
    if store.deliveries_file(pid, LEADER_OWNER).exists():
        owners.append(LEADER_OWNER)
    return owners
