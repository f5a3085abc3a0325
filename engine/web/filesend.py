"""Sending an attachment: always as a download, typed by what the file is, named as it was attached."""

from __future__ import annotations

from pathlib import Path

from flask import Response, send_file

from ..schema.files import KINDS, clean_name


def send_attachment(path: Path, kind: str, name: str) -> Response:
    """``path`` (a stored attachment of ``kind``) as a download called ``name``, cleaned and given
    the ending of its kind. Never ``inline``: a file from a team is not rendered inside the site."""
    response = send_file(
        path,
        mimetype=KINDS[kind].mime,
        as_attachment=True,
        download_name=clean_name(name, kind),
        conditional=True,
        etag=path.stem,  # the content hash: the same address always means the same bytes
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
