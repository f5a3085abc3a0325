"""Small programmes of the shipped workflow for tests, stored through the service layer, and log-in.

``small_programme(start)`` is the shipped ``utviklingsverksted`` workflow run by two teams (Moss:
Kari and Ola; Våler: Per) with six gatherings ten weeks apart from ``start`` — so its Hovedplan
opens on ``start`` and is due 42 days later, its first Fremdriftsplan is due 14 days later, and so on.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from engine import clock
from engine.access.accounts import create_account, start_session
from engine.programmes import Run, get_catalog, save_programme_document
from engine.store import get_store

OSLO = ZoneInfo("Europe/Oslo")
LEADER = {"name": "Lea Leder", "email": "lea@example.org"}


def local(text: str) -> datetime:
    """``"2026-03-05T19:00"`` as an aware Europe/Oslo datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def small_programme(start: date, pid: str = "demo-2026", **changes: Any) -> dict[str, Any]:
    """A programme document (see the module docstring); ``changes`` replace top-level keys."""
    gatherings = [
        {
            "date": (start + timedelta(weeks=10 * n)).isoformat(),
            "start": "09:00",
            "end": "15:00",
            "place": "Moss",
            "host": "Moss",
            "theme": f"Samling {n + 1}",
        }
        for n in range(6)
    ]
    teams = [
        {
            "id": "moss",
            "name": "Moss",
            "members": [
                {"id": "kari", "name": "Kari Nordmann", "email": "kari@example.org", "role": "gruppeleder"},
                {"id": "ola", "name": "Ola Nordmann", "email": "ola@example.org"},
            ],
        },
        {"id": "valer", "name": "Våler", "members": [{"id": "per", "name": "Per Hansen", "email": "per@example.org"}]},
    ]
    doc = {
        "id": pid,
        "workflow": "utviklingsverksted",
        "title": "Demo 2026",
        "recipient": "prosjektgruppa",
        "language": "nb",
        "leader": dict(LEADER),
        "gatherings": gatherings,
        "teams": teams,
        "extensions": [],
        "excusals": [],
    }
    doc.update(changes)
    return doc


def store_programme(app: Flask, doc: dict[str, Any], now: datetime | None = None) -> Run:
    """Validate and store ``doc`` as the leader would (the admin UI's path)."""
    with app.app_context():
        return save_programme_document(get_store(), get_catalog(), doc, "test", now or local("2020-01-01T12:00"))


def log_in(app: Flask, client, role: str = "leader", lang: str = "en") -> dict[str, Any]:
    """Create an admin account of ``role`` and log ``client`` in as it (the session the log-in page makes).

    Pages are shown in ``lang`` (English by default, so tests read the msgids whatever the catalogue says).
    """
    with app.app_context():
        store = get_store()
        admin = create_account(store, f"{role}@example.org", "a-long-password-1", role, local("2020-01-01T12:00"))
        session_id = start_session(store, admin, clock.now(), app.permanent_session_lifetime)
    with client.session_transaction() as session:
        session["admin_session"] = session_id
        session["lang"] = lang
    return admin


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
