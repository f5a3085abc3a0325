"""The leader's programme pages: the list of programmes (more views are added by the admin work)."""

from __future__ import annotations

from flask import render_template

from ...store import get_store
from ...store import programmes as programme_repo
from . import bp


@bp.get("/")
def programmes():
    """Every programme, newest first, with a link to its delivery matrix."""
    index = sorted(programme_repo.list_programmes(get_store()), key=lambda p: p.get("created_at", ""), reverse=True)
    return render_template("admin/programmes.html", programmes=index)
