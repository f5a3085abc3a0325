"""The event log of a programme: what happened, when, and who did it — append-only.

An event is ``{id, at, kind, actor, team, assignment, detail}`` (``team`` and ``assignment`` are
None where they do not apply). Kinds in use (HACKING.md): ``invited reminded opened draft_saved
submitted extended withdrawn reinstated excused mail_failed mail_sent programme_saved
link_revoked cycle_adjusted
programme_copied``, and ``programme_deleted``. ``actor`` is a member id, an admin id, ``scheduler``
or ``system``.

The log is ``events.jsonl`` in the programme's folder (see ``journal`` for why it is not a TinyDB
file). Repository functions that change data log their event inside their transaction with
:func:`event_record` + ``tx.append``, so the event is written right after the change it records.

- ``log_event(store, pid, kind, actor, now, team=None, assignment=None, **detail) -> dict``
- ``list_events(store, pid, kind=None, team=None, assignment=None, since=None, limit=None) -> list[dict]``
- ``personal_data`` / ``erase_personal_data``: the privacy holder contract (``privacy``). Erasing
  is the one time the log is rewritten (``Journal.rewrite``): what happened stays, who did it
  becomes a pseudonym, and names and addresses in the details become the team's name.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime
from typing import Any

from .base import Store
from .erasure import Erasure, Person
from .records import iso, new_id, parse_iso, thaw

_KIND = re.compile(r"[a-z][a-z_]*")


def event_record(
    kind: str, actor: str, now: datetime, /, team: str | None = None, assignment: str | None = None, **detail: Any
) -> dict[str, Any]:
    """A new event record (not yet written); ``detail`` may use any key, ``kind`` too."""
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        raise ValueError(f"invalid event kind {kind!r}")
    if not isinstance(actor, str) or not actor:
        raise ValueError("an event needs an actor")
    return {
        "id": new_id(),
        "at": iso(now),
        "kind": kind,
        "actor": actor,
        "team": team,
        "assignment": assignment,
        "detail": thaw(detail),
    }


def log_event(
    store: Store,
    pid: str,
    kind: str,
    actor: str,
    now: datetime,
    /,
    team: str | None = None,
    assignment: str | None = None,
    **detail: Any,
) -> dict[str, Any]:
    """Append one event to programme ``pid``'s log, durably; returns it."""
    record = event_record(kind, actor, now, team, assignment, **detail)
    store.event_log(pid).append([record])
    return thaw(record)


def list_events(
    store: Store,
    pid: str,
    kind: str | Collection[str] | None = None,
    team: str | None = None,
    assignment: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events of ``pid`` in the order they were logged, filtered; ``limit`` keeps the latest ones.

    ``kind`` is one kind or a collection of kinds; ``since`` keeps events at or after that instant.
    """
    kinds = {kind} if isinstance(kind, str) else set(kind) if kind is not None else None
    chosen = [
        event
        for event in store.event_log(pid).read()
        if (kinds is None or event.get("kind") in kinds)
        and (team is None or event.get("team") == team)
        and (assignment is None or event.get("assignment") == assignment)
        and (since is None or parse_iso(event["at"]) >= since)
    ]
    if limit is not None:
        chosen = chosen[-limit:] if limit > 0 else []
    return [thaw(event) for event in chosen]


def _about(event: dict[str, Any], team: str | None, member: str | None) -> bool:
    detail = event.get("detail") or {}
    if event.get("actor") == f"{team}/{member}":  # feedback they wrote for their reference group
        return True
    if event.get("team") != team:
        return False
    return event.get("actor") == member or detail.get("member") == member


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """The events ``person`` caused (saved, submitted) or that concern them (invited, reminded …)."""
    return [thaw(event) for event in store.event_log(pid).read() if _about(event, person.team, person.member)]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """Pseudonymise the erased people in the log, and follow answers that moved to a new content hash."""

    def change(event: dict[str, Any]) -> dict[str, Any]:
        team = event.get("team")
        detail = dict(event.get("detail") or {})
        if erasure.concerns(team, event.get("actor")):
            event["actor"] = erasure.member_id(team, event["actor"])
        elif "/" in str(event.get("actor")):  # a reference group's member: <their team>/<member>
            group, _, member = event["actor"].partition("/")
            if erasure.concerns(group, member):
                event["actor"] = f"{group}/{erasure.member_id(group, member)}"
        if erasure.concerns(team, detail.get("member")):
            detail["member"] = erasure.member_id(team, detail["member"])
        if "key" in detail:
            detail["key"] = erasure.key(detail["key"], team)
        if detail.get("content_hash") in erasure.hashes:
            detail["content_hash"] = erasure.hashes[detail["content_hash"]]
        event["detail"] = erasure.tree(detail)
        return event

    return store.event_log(pid).rewrite(change)
