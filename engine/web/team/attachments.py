"""Attachments by personal link: the team's own files, and a partner's for its reference group.

``/files/<sha256>.<kind>/<name>`` serves a file from the link's own team's folder (any file its
members attached); ``/ref/<partner>/<deliverable>/<occurrence>/files/<sha256>.<kind>/<name>``
serves a file that the partner's latest submitted version of that document carries, to the
teams that are its reference group (``engine.teamwork.attachments``). Everything else answers 404.
The name in the address is only what the download is called; the kind comes from the stored
file, and files are always downloaded, never shown inside the site.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, g, url_for

from ... import clock
from ...store import get_store
from ...teamwork.attachments import submitted_file, team_file
from ...teamwork.partners import partner_document
from ..filesend import send_attachment
from .link import bp

FILE_ID = re.compile(r"^(?P<sha256>[0-9a-f]{64})\.(?P<kind>[a-z]{3,5})$")


def file_id(ref: dict[str, Any]) -> str:
    """``<sha256>.<kind>``: how an address names a stored file."""
    return f"{ref['sha256']}.{ref['type']}"


def _parse(value: str) -> tuple[str, str]:
    match = FILE_ID.match(value)
    if match is None:
        abort(404)
    return match.group("sha256"), match.group("kind")


@bp.before_request
def _offer_own_files() -> None:
    """On the team's pages an attachment links to the team's own copy."""
    g.attachment_url = lambda ref: url_for("team.attachment", file=file_id(ref), name=ref["name"])


@bp.get("/files/<file>/<name>")
def attachment(file: str, name: str):
    """A file the team attached (to a draft or a submitted version)."""
    sha256, kind = _parse(file)
    path = team_file(get_store(), g.access.run, g.access.team.id, sha256, kind)
    if path is None:
        abort(404)
    return send_attachment(path, kind, name)


@bp.get("/ref/<partner>/<deliverable>/<int:occurrence>/files/<file>/<name>")
def partner_attachment(partner: str, deliverable: str, occurrence: int, file: str, name: str):
    """A file carried by the latest version of a partner's document, for its reference group."""
    sha256, kind = _parse(file)
    found = partner_document(get_store(), g.access, partner, deliverable, occurrence, clock.now())
    if found is None:
        abort(404)
    latest = found[1].latest
    path = submitted_file(get_store(), g.access.run, partner, sha256, kind, [latest])
    if path is None:
        abort(404)
    return send_attachment(path, kind, name)


def partner_links(partner: str, deliverable: str, occurrence: int) -> None:
    """On a partner's document, attachments link to the reference group's address for them."""
    g.attachment_url = lambda ref: url_for(
        "team.partner_attachment",
        partner=partner,
        deliverable=deliverable,
        occurrence=occurrence,
        file=file_id(ref),
        name=ref["name"],
    )
