"""Pages that belong to no one in particular: the front page and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """The front page: what this is, and where the project leader logs in."""
    return render_template("index.html")


@bp.get("/healthz")
def health():
    """For load balancers and the e2e tests: the process answers."""
    return {"status": "ok"}
