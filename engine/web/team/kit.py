"""Words and helpers the team, evaluation and submission pages share.

Status words (a symbol is added by the CSS: never colour alone), the name of an assignment as
people say it ("Fremdriftsplan etter samling 2"), per-render nonces that recognise a repeated
POST, and counting failed link look-ups per address (``LINK_GUESS_LIMIT`` per ``LINK_GUESS_WINDOW``,
in the store, so every process of the instance counts the same ones: ``engine.access.throttle``).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from ... import clock
from ...access.throttle import link_lookup_failed
from ...cycle.timerules import parse_clock
from ...exports.words import occasion, status_word
from ...i18n import current_language
from ...store import get_store
from ...store.records import parse_iso
from ...timefmt import fmt_time
from .. import formhtml

_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

status_label = status_word  # the word for a delivery status (``engine.exports.words``)


def new_nonce() -> str:
    """A fresh nonce for one rendering of a form."""
    return secrets.token_urlsafe(16)


def posted_nonce() -> str | None:
    """The nonce the POST carries, if it looks like one of ours (anything else counts as none)."""
    value = request.form.get("nonce", "")
    return value if _NONCE.match(value) else None


def posted_int(name: str) -> int | None:
    """An integer form value, or None if it is missing or not a number."""
    value = request.form.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def link_pages(bp: Blueprint) -> None:
    """What every blueprint reached by a link (team pages, evaluations) shares: the helpers it needs
    installed once, and responses that stay private (no cache, no referrer to other sites)."""

    @bp.record_once
    def _install(state: Any) -> None:
        formhtml.install(state.app)
        install(state.app)

    bp.after_request(private_response)


def private_response(response: Response) -> Response:
    """Link pages are nobody else's: not cached, not indexed, the Referer kept on this site (DESIGN §5)."""
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def failed_lookup() -> int:
    """Count a link that did not resolve against this address; the status to answer: 429 once the
    address has used up its failures (so guessing is slow), else 404. A valid link is never counted
    or refused: behind a shared proxy, one guesser must not lock out a municipality's teams."""
    config = current_app.config
    window = timedelta(seconds=float(config["LINK_GUESS_WINDOW"]))
    refused = link_lookup_failed(
        get_store(), int(config["LINK_GUESS_LIMIT"]), window, request.remote_addr or "-", clock.now()
    )
    return 404 if refused is None else 429


def install(app: Flask) -> None:
    """The Jinja helpers; safe to call more than once."""
    app.jinja_env.globals.setdefault("status_label", status_label)
    app.jinja_env.globals.setdefault("occasion", occasion)
    app.jinja_env.filters.setdefault("instant", instant)
    app.jinja_env.filters.setdefault("clock", clock_of_day)
    app.jinja_env.filters.setdefault("text_blocks", text_blocks)
    app.jinja_env.filters.setdefault("isoday", isoday)


def text_blocks(text: str | None) -> list[list[str]]:
    """Text a person wrote (feedback, a message) as paragraphs, each a list of its lines: blank lines
    part paragraphs and line breaks are kept, as they were typed (never markup)."""
    normalised = (text or "").replace("\r\n", "\n").strip()
    if not normalised:
        return []
    return [block.split("\n") for block in re.split(r"\n[ \t]*\n+", normalised) if block.strip()]


def isoday(value: str | date | None) -> date | None:
    """A stored day (``2018-09-03``) as a ``date`` (for the ``date`` filter)."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def instant(value: str | datetime | None) -> datetime | None:
    """A stored ISO 8601 time as an aware datetime (for the ``date``/``datetime`` filters)."""
    return value if value is None or isinstance(value, datetime) else parse_iso(value)


def clock_of_day(value: str) -> str:
    """A gathering's "09:00" as the interface writes times: 09.00 (nb) or 09:00 (en)."""
    try:
        moment = parse_clock(value)
    except ValueError:
        return value
    return fmt_time(moment.hour, moment.minute, current_language())
