"""Calendar subscriptions: a stable secret address per team and per programme, revocable.

A calendar program subscribes to an address and fetches it again every few hours, so the address
must stay the same while the calendar changes (a moved gathering, an extension: the events keep
their UIDs and the programme's revision raises their SEQUENCE, so Outlook updates them itself).
The address is the link pages' kin but not a member's link: it belongs to the team (or the
programme) and survives member changes, and it only ever shows dates and places.

The secret of a feed is derived from the app's secret key and the feed's random id —
``HMAC-SHA256(SECRET_KEY, "calendar:<programme>:<feed id>")``, 256 bits, URL-safe — so the
page can show the address again at any time, while the store keeps only its SHA-256 (a copy of
the data folder alone opens nothing). Revoking a feed and making a new one gives a new address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Any

from ..store import Store
from ..store import calendars as feed_repo
from ..store.records import new_id
from .links import token_hash


def feed_secret(secret_key: str, pid: str, feed_id: str) -> str:
    """The secret in a feed's address (43 URL-safe characters)."""
    digest = hmac.new(secret_key.encode("utf-8"), f"calendar:{pid}:{feed_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def feed_path(pid: str, secret: str) -> str:
    """The path calendar programs fetch."""
    return f"/p/{pid}/calendar/{secret}.ics"


def feed_urls(base_url: str, secret_key: str, pid: str, feed: dict[str, Any]) -> tuple[str, str]:
    """The feed's address as ``https://…`` (to paste) and as ``webcal://…`` (to click)."""
    url = base_url.rstrip("/") + feed_path(pid, feed_secret(secret_key, pid, feed["id"]))
    scheme, _, rest = url.partition("://")
    return url, f"webcal://{rest}" if scheme in ("http", "https") else url


def current_feed(store: Store, pid: str, scope: str, team: str | None = None) -> dict[str, Any] | None:
    """The active feed of a team (``scope`` team) or of the programme, without making one (GET)."""
    return feed_repo.active_feed(store, pid, scope, team)


def subscribe(
    store: Store,
    secret_key: str,
    pid: str,
    scope: str,
    team: str | None,
    actor: str,
    now: datetime,
    renew: bool = False,
) -> dict[str, Any]:
    """The active feed, made if there is none; ``renew`` revokes the current one first (a new address)."""
    if renew:
        feed_repo.revoke_feeds(store, pid, scope, team, actor, now)
    elif (current := feed_repo.active_feed(store, pid, scope, team)) is not None:
        return current
    feed_id = new_id()
    digest = token_hash(feed_secret(secret_key, pid, feed_id))
    return feed_repo.add_feed(store, pid, feed_id, scope, team, digest, actor, now)


def resolve_feed(store: Store, pid: str, secret: str) -> dict[str, Any] | None:
    """The active feed an address's secret opens, or None."""
    if not secret or len(secret) > 128:
        return None
    return feed_repo.find_feed(store, pid, token_hash(secret))


def subscription_urls(
    store: Store, base_url: str, secret_key: str, pid: str, scope: str, team: str | None = None
) -> tuple[str, str] | None:
    """The addresses of the active feed of a team or the programme (None while there is none)."""
    feed = feed_repo.active_feed(store, pid, scope, team)
    return feed_urls(base_url, secret_key, pid, feed) if feed else None
