"""The web layer: blueprints, security headers and error pages shared by every page.

Views are thin: parse the request, call one function of the domain or the store, render.
``cleaning`` keeps invisible control characters out of posts and pages, ``security`` holds CSRF
protection and the headers, ``errors`` the error pages; the blueprints are
``pages`` (front page), ``preview``, ``auth`` (log-in), ``admin/`` (the leader's pages), ``team/``
(a member's pages by personal link), ``evaluation`` (anonymous gathering evaluations) and
``calendars`` (the calendar feeds calendar programs subscribe to).
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..access import redact
from ..store import StoreUnavailable
from . import admin, auth, calendars, evaluation, pages, preview, team
from .cleaning import Request, finalize
from .errors import csrf_error, http_error, store_unavailable
from .security import csrf, security_headers


def init_app(app: Flask) -> None:
    """Clean text in and out, no token in any log line, CSRF protection, headers, error pages and
    every blueprint."""
    redact.install()
    app.request_class = Request
    app.jinja_env.finalize = finalize
    csrf.init_app(app)
    app.after_request(security_headers)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(StoreUnavailable, store_unavailable)

    app.jinja_env.add_extension("jinja2.ext.do")

    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(preview.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(evaluation.bp)
    app.register_blueprint(calendars.bp)
    app.register_blueprint(evaluation.short)
