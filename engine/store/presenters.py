"""Who presents at a gathering: teams the leader marked worth sharing, and the leader's choice.

The leader reads a team's submitted document (a Statusrapport, usually) and marks it "worth
sharing at the next gathering" with a one-line reason; the gathering's page lists the marked teams
as candidates, and the leader confirms the ones who will present. One record per gathering and
team, in ``presenters.json`` (table ``presenters``)::

    {id, gathering (its id), team, assignment, delivery, reason, marked_at, marked_by,
     confirmed_at, confirmed_by}

``confirmed_at`` is None for a candidate. Every change logs its event: ``presenter_marked``,
``presenter_unmarked``, ``presenter_confirmed``, ``presenter_unconfirmed``.

- ``mark(store, pid, gathering, team, assignment, delivery, reason, actor, now) -> dict``
- ``unmark(store, pid, gathering, team, actor, now) -> bool``
- ``set_confirmed(store, pid, gathering, team, confirmed, actor, now) -> (dict | None, changed)``
- ``list_presenters(store, pid, gathering=None, team=None) -> list[dict]``
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tinydb import Query

from .base import Store, check_id
from .events import event_record
from .records import iso, new_id


def _key(gathering: str, team: str):
    return (Query().gathering == gathering) & (Query().team == team)


def mark(
    store: Store,
    pid: str,
    gathering: str,
    team: str,
    assignment: str,
    delivery: str,
    reason: str,
    actor: str,
    now: datetime,
) -> dict[str, Any]:
    """Mark ``team`` worth sharing at ``gathering`` (again: the reason and document are updated,
    a confirmation stays)."""
    check_id(gathering, "gathering"), check_id(team, "team")
    path = store.presenters_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "presenters")
        current = table.get(_key(gathering, team))
        record = {
            "id": current["id"] if current else new_id(),
            "gathering": gathering,
            "team": team,
            "assignment": assignment,
            "delivery": delivery,
            "reason": reason,
            "marked_at": iso(now),
            "marked_by": actor,
            "confirmed_at": current.get("confirmed_at") if current else None,
            "confirmed_by": current.get("confirmed_by") if current else None,
        }
        if current is None:
            table.insert(record)
        else:
            table.update(record, doc_ids=[current.doc_id])
        tx.append(
            store.event_log(pid),
            event_record("presenter_marked", actor, now, team, assignment, gathering=gathering, reason=reason),
        )
    return record


def unmark(store: Store, pid: str, gathering: str, team: str, actor: str, now: datetime) -> bool:
    """Take ``team`` off the candidates of ``gathering`` (and off its presenters); whether it was on."""
    path = store.presenters_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "presenters")
        current = table.get(_key(gathering, team))
        if current is None:
            return False
        table.remove(doc_ids=[current.doc_id])
        tx.append(
            store.event_log(pid),
            event_record("presenter_unmarked", actor, now, team, current.get("assignment"), gathering=gathering),
        )
    return True


def set_confirmed(
    store: Store, pid: str, gathering: str, team: str, confirmed: bool, actor: str, now: datetime
) -> tuple[dict[str, Any] | None, bool]:
    """Confirm (or undo the confirmation of) a candidate; the record and whether anything changed.

    None if ``team`` is not a candidate of ``gathering``.
    """
    path = store.presenters_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "presenters")
        current = table.get(_key(gathering, team))
        if current is None:
            return None, False
        if bool(current.get("confirmed_at")) == confirmed:
            return dict(current), False
        changes = {"confirmed_at": iso(now) if confirmed else None, "confirmed_by": actor if confirmed else None}
        table.update(changes, doc_ids=[current.doc_id])
        kind = "presenter_confirmed" if confirmed else "presenter_unconfirmed"
        tx.append(
            store.event_log(pid), event_record(kind, actor, now, team, current.get("assignment"), gathering=gathering)
        )
        return {**current, **changes}, True


def list_presenters(
    store: Store, pid: str, gathering: str | None = None, team: str | None = None
) -> list[dict[str, Any]]:
    """The candidates and chosen presenters, optionally of one gathering or team, as marked."""
    records = store.view(store.presenters_file(pid)).table("presenters").all()
    chosen = [
        r for r in records if (gathering is None or r["gathering"] == gathering) and (team is None or r["team"] == team)
    ]
    return sorted(chosen, key=lambda r: r["marked_at"])
