"""Anonymous evaluations of gatherings: the answers, and nothing that points to who gave them.

One file per gathering (``evaluations/<gathering>.json``, table ``responses``), so the rush of
answers at the end of a gathering rewrites only that gathering's file. A response is ``{id,
gathering, answers, submitted_on, nonce}``: the *day* only, no time, no member, no event in the
log (a time stamp next to the server's access log could tell who answered). The nonce is random
per form and recognises a repeated POST, which is stored once.

- ``add_evaluation(store, pid, gathering, answers, nonce, now) -> dict``
- ``add_evaluations(store, pid, gathering, answers_list, now) -> list[dict]`` — several at once (the demo)
- ``list_evaluations(store, pid, gathering=None) -> list[dict]``
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tinydb import Query

from .base import Store, check_id
from .records import new_id, thaw


def add_evaluation(
    store: Store, pid: str, gathering: str | int, answers: Mapping[str, Any], nonce: str | None, now: datetime
) -> dict[str, Any]:
    """Store one anonymous response to the evaluation of ``gathering``; a replayed nonce stores nothing."""
    gathering_id = check_id(gathering, "gathering")
    if now.tzinfo is None:
        raise ValueError("pass an aware datetime")
    path = store.evaluations_file(pid, gathering_id)
    with store.transaction(path) as tx:
        table = tx.table(path, "responses")
        if nonce is not None:
            earlier = table.get(Query().nonce == nonce)
            if earlier is not None:
                return dict(earlier)
        record = {
            "id": new_id(),
            "gathering": gathering_id,
            "answers": thaw(answers),
            "submitted_on": now.date().isoformat(),
            "nonce": nonce,
        }
        table.insert(record)
    return record


def add_evaluations(
    store: Store, pid: str, gathering: str | int, answers_list: list[Mapping[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """Store several anonymous responses to ``gathering`` in one write (no nonces: not from a form)."""
    gathering_id = check_id(gathering, "gathering")
    if now.tzinfo is None:
        raise ValueError("pass an aware datetime")
    records = [
        {
            "id": new_id(),
            "gathering": gathering_id,
            "answers": thaw(a),
            "submitted_on": now.date().isoformat(),
            "nonce": None,
        }
        for a in answers_list
    ]
    path = store.evaluations_file(pid, gathering_id)
    with store.transaction(path) as tx:
        tx.table(path, "responses").insert_multiple(records)
    return records


def list_evaluations(store: Store, pid: str, gathering: str | int | None = None) -> list[dict[str, Any]]:
    """The responses to one gathering's evaluation, or to all of them (by gathering, then arrival)."""
    if gathering is not None:
        return store.view(store.evaluations_file(pid, gathering)).table("responses").all()
    folder = store.evaluations_dir(pid)
    if not folder.is_dir():
        return []
    names = sorted((p.stem for p in folder.glob("*.json")), key=lambda name: (not name.isdigit(), name.zfill(8)))
    return [response for name in names for response in list_evaluations(store, pid, name)]
