"""Pages that belong to no one in particular: the front page, the accessibility statement, the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from .. import clock
from ..config import VERSION
from ..mail.health import check_health, started_at
from ..store import get_store
from . import accessibility

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """The front page: what this is, and where the project leader logs in."""
    return render_template("index.html")


@bp.get("/tilgjengelighet")
def accessibility_statement():
    """What a public body needs for its accessibility statement on uustatus.no, and where to report a problem."""
    return render_template(
        "accessibility.html",
        criteria=accessibility.CRITERIA,
        methods=accessibility.METHODS,
        status_words=accessibility.STATUS_WORDS,
        deviations=accessibility.DEVIATIONS,
        counts=accessibility.counts(),
        contact=current_app.config.get("ACCESSIBILITY_CONTACT"),
        organisation=current_app.config.get("ACCESSIBILITY_ORGANISATION"),
        statement_url=current_app.config.get("ACCESSIBILITY_STATEMENT_URL"),
        version=VERSION,
    )


@bp.get("/healthz")
def health():
    """For load balancers and monitoring: 200 when the store can be written and the scheduler
    passes, 503 when not (``engine.mail.health``)."""
    app = current_app._get_current_object()
    result = check_health(app, get_store(), clock.now(), started_at(app))
    return jsonify(result.document), 200 if result.ok else 503
