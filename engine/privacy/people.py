"""One person across every programme: what is stored about them (export) and forgetting them.

A person is found by their e-mail address (any case) among the members of every programme's
teams. :func:`export` gathers what each privacy holder of the store keeps about them in each
programme (GDPR article 15), plus their admin account (with what they have read as one:
``readings``), the programmes they lead and the messages to them in the local mailbox.
:func:`forget` (article 17) erases them from every programme they are a member of: their name
and address give way to their team's name, their member id to a pseudonym, their links end, what
they submitted (and the feedback they wrote for a reference group) is attributed to the team, the
mail waiting for them is dropped, their messages leave the local mailbox — and the folders of
*deleted* programmes that still hold their address are removed.

What forget does not change, and says so: an admin account with the address, and the leader of a
programme (both are the municipality's own staff running Verksted; replace the leader of each
programme first, and remove the account, if they are to go too).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask

from ..config import VERSION
from ..logs import event
from ..mail import mailbox
from ..mail.scheduler import forget_pass_errors
from ..store import Store
from ..store import admins as admin_repo
from ..store import privacy as store_privacy
from ..store import programmes as programme_repo
from ..store import readings as reading_repo

log = logging.getLogger(__name__)


@dataclass
class Forgotten:
    """What :func:`forget` did, and what it left for a person to decide."""

    programmes: list[str] = field(default_factory=list)
    records: int = 0
    mailbox: int = 0
    deleted_folders: list[str] = field(default_factory=list)
    leader_of: list[str] = field(default_factory=list)
    admin_account: bool = False


def _normalised(email: str) -> str:
    address = (email or "").strip()
    if "@" not in address or address.startswith("@") or address.endswith("@") or any(c.isspace() for c in address):
        raise ValueError(f"'{email}' is not an e-mail address")
    return address


def export(app: Flask, store: Store, email: str, now: datetime) -> dict[str, Any]:
    """Everything Verksted stores about the person with the address ``email``, as one JSON document."""
    address = _normalised(email)
    programmes, leader_of, names = [], [], set()
    for entry in programme_repo.list_programmes(store):
        doc = programme_repo.get_programme(store, entry["id"]) or {}
        if (doc.get("leader") or {}).get("email", "").casefold() == address.casefold():
            leader_of.append({"programme": entry["id"], "title": doc.get("title"), "leader": doc["leader"]})
        for person in store_privacy.people(doc, address):
            names.add(person.name)
            programmes.append(
                {"programme": entry["id"], "title": doc.get("title"), "team": person.team_name}
                | store_privacy.export_person(store, entry["id"], person)
            )
    account = admin_repo.find_admin_by_email(store, address)
    read = (
        [
            {"programme": entry["id"], "readings": found}
            for entry in programme_repo.list_programmes(store)
            if (found := reading_repo.admin_readings(store, entry["id"], account["id"]))
        ]
        if account
        else []
    )
    messages = mailbox.find(app, [address])
    return {
        "subject": address,
        "exported_at": now.isoformat(),
        "verksted": VERSION,
        "admin_account": {k: v for k, v in account.items() if k != "password_hash"} if account else None,
        "leader_of": leader_of,
        "readings": read,
        "programmes": programmes,
        "local_mailbox": [
            {"received_at": m.received_at.isoformat(), "subject": m.subject, "kind": m.kind} for m in messages
        ],
    }


def forget(app: Flask, store: Store, email: str, actor: str, now: datetime) -> Forgotten:
    """Erase the person with the address ``email`` from every programme (see the module docstring)."""
    address = _normalised(email)
    result = Forgotten()
    needles = [address]
    for entry in programme_repo.list_programmes(store):
        doc = programme_repo.get_programme(store, entry["id"]) or {}
        if (doc.get("leader") or {}).get("email", "").casefold() == address.casefold():
            result.leader_of.append(entry["id"])
        found = store_privacy.people(doc, address)
        if not found:
            continue
        needles += [person.name for person in found if person.name]
        erasure = store_privacy.Erasure(tuple(found), now, actor)
        result.records += sum(store_privacy.erase(store, entry["id"], erasure).values())
        result.programmes.append(entry["id"])
        forget_pass_errors(app, entry["id"])
    result.mailbox = mailbox.delete(app, [m.id for m in mailbox.find(app, needles)])
    result.deleted_folders = _remove_deleted_holding(store, address)
    result.admin_account = admin_repo.find_admin_by_email(store, address) is not None
    event(log, "person_forgotten", programmes=len(result.programmes), records=result.records)
    return result


def _remove_deleted_holding(store: Store, address: str) -> list[str]:
    """Remove the folders of deleted programmes in which ``address`` occurs (they are kept only for
    recovery; a person who asked to be forgotten must not stay in them)."""
    folder = store.root / "deleted"
    if not folder.is_dir():
        return []
    wanted = address.casefold().encode()
    removed = []
    for programme in sorted(folder.iterdir()):
        if any(wanted in path.read_bytes().lower() for path in programme.rglob("*") if path.is_file()):
            shutil.rmtree(programme, ignore_errors=True)
            removed.append(programme.name)
    return removed
