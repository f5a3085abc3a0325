"""The personal data of the outbox and the sent log: the privacy holder contract (``privacy``) for ``outbox``.

A purge empties the outbox and leaves in the sent log what went out when, to which team — no
body, no address; forgetting somebody drops the mail still waiting for them and makes their sent
mail the team's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import Store
from .erasure import Erasure, Person
from .outbox import list_messages


def _addressed_to(message: Mapping[str, Any], person: Person) -> bool:
    if message.get("team") == person.team and message.get("member") == person.member:
        return True
    wanted = person.email.strip().casefold()
    return any((r.get("email") or "").strip().casefold() == wanted for r in [*message["to"], *message.get("cc", [])])


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """The mail sent to ``person`` (what, when) and the mail waiting for them (with its text)."""
    fields = ("kind", "subject", "state", "assignment", "to", "cc", "created_at", "sent_at", "text")
    return [
        {key: message[key] for key in fields if message.get(key) is not None}
        for message in list_messages(store, pid)
        if _addressed_to(message, person)
    ]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """Purge: empty the outbox; in the sent log, every address gives way to the team's name. Forget: the
    same for the mail of the erased people only, whose waiting mail is dropped."""

    def erased_recipients(record: Mapping[str, Any]) -> list[dict[str, str]]:
        return [{"name": erasure.team_name(record.get("team")) or "", "email": ""} for _ in record.get("to") or []]

    def concerns(record: Mapping[str, Any]) -> bool:
        if erasure.purge or erasure.concerns(record.get("team"), record.get("member")):
            return True
        addresses = {(r.get("email") or "").casefold() for r in [*record.get("to", []), *record.get("cc", [])]}
        return any(p.email.casefold() in addresses for p in erasure.people if p.email)

    changed = 0
    path = store.outbox_file(pid)
    if path.exists():
        with store.transaction(path) as tx:
            table = tx.table(path, "messages")
            doomed = [doc.doc_id for doc in table.all() if concerns(doc)]
            if doomed:
                table.remove(doc_ids=doomed)
            changed += len(doomed)

    def change(record: dict[str, Any]) -> dict[str, Any]:
        if concerns(record):
            record["to"] = erased_recipients(record)
            record["member"] = erasure.member_id(record.get("team"), record.get("member"))
        record["key"] = erasure.key(record.get("key"), record.get("team"))
        return erasure.tree(record)

    changed += store.sent_log(pid).rewrite(change)
    return changed
