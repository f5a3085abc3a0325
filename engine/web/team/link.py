"""The team blueprint, ``/p/<programme>/t/<token>/…``, and what every request does first.

The token in the URL is the only credential. Every request resolves it first
(``engine.access.team.resolve_access``); an unknown, revoked or expired link gets a friendly 404
that says how to get a new one, and an address that keeps guessing gets 429 (failed look-ups
are throttled per client address). A token reaches its own team only: assignments and receipts
are looked up within that team, so another team's address answers 404.

GET and HEAD never change the store (mail scanners open links first). Pages send
``Referrer-Policy: same-origin`` and ``Cache-Control: no-store``. The views are in ``pages``
and ``form``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _

from ... import clock
from ...access.team import resolve_access
from ...programmes import get_catalog
from ...store import get_store
from ..security import csrf
from . import kit as teamkit

bp = Blueprint("team", __name__, url_prefix="/p/<pid>/t/<token>")
csrf.exempt(bp)  # the form handler checks the token itself, so an expired one keeps the typed text


teamkit.link_pages(bp)


@bp.url_value_preprocessor
def _pull_link(endpoint: str | None, values: dict[str, Any] | None) -> None:
    values = values if values is not None else {}
    g.pid, g.token = values.pop("pid", ""), values.pop("token", "")


@bp.url_defaults
def _add_link(endpoint: str, values: dict[str, Any]) -> None:
    if "token" in g and current_app.url_map.is_endpoint_expecting(endpoint, "token"):
        values.setdefault("pid", g.pid)
        values.setdefault("token", g.token)


@bp.before_request
def _resolve_link():
    config = current_app.config
    access = resolve_access(
        get_store(),
        get_catalog(),
        g.pid,
        g.token,
        clock.now(),
        int(config["LINK_GRACE_DAYS"]),
        int(config["LINK_SUPERSEDED_DAYS"]),
    )
    if access is None:
        return _refuse(teamkit.failed_lookup())
    g.access = access
    g.programme_language = access.run.programme.language  # the team's pages speak it unless they choose
    return None


def wants_json() -> bool:
    """An autosave request (verksted.js) expects JSON, a person a page."""
    return request.form.get("action") == "autosave" or request.accept_mimetypes.best == "application/json"


def _refuse(code: int):
    if code == 429:
        message = _("Too many attempts with links that do not work. Wait a few minutes and try again.")
    else:
        message = _(
            "This link does not work any more. Your text on this page is not lost: copy it before you "
            "leave the page, and ask the project leader for a new link."
        )
    if wants_json():
        return jsonify(status="gone" if code == 404 else "throttled", message=message), code
    return render_template("team/link_invalid.html", code=code), code


def team_assignment(deliverable: str, occurrence: int):
    """The team's own assignment by deliverable and occurrence, or 404."""
    access = g.access
    assignment = access.run.find(access.team.id, deliverable, occurrence)
    if assignment is None:
        abort(404)
    return assignment
