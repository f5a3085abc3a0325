"""The web layer: blueprints, security headers and error pages shared by every page.

Views are thin: parse the request, call one function of the domain or the store, render.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])


def init_app(app: Flask) -> None:
    """CSRF protection, headers, error pages and every blueprint."""
    csrf.init_app(app)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)

    app.jinja_env.add_extension("jinja2.ext.do")

    from . import admin, auth, evaluation, pages, preview, team

    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(preview.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(evaluation.bp)


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        # Pages show people's answers and carry personal links: never keep them in a cache.
        headers.setdefault("Cache-Control", "no-store")
    return response


def _http_error(error: HTTPException):
    messages = {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _("The page was not found. If you followed a link from an e-mail, it may have expired or been "
               "replaced by a newer one."),
        405: _("That is not something this page can do."),
        413: _("What you sent is larger than this service accepts."),
        429: _("Too many attempts. Wait a few minutes and try again."),
    }
    fallback = _("Something went wrong on our side. Nothing you typed was lost; try again in a moment.")
    message = messages.get(error.code or 500, fallback)
    return render_template("error.html", code=error.code, message=message), error.code


def _csrf_error(error: CSRFError):
    message = _("The page had been open too long, so its security check expired. Go back, reload the page "
                "and try again.")
    return render_template("error.html", code=400, message=message, typed=posted_text()), 400


# Form fields that carry the page's own bookkeeping, not anything a person typed.
_BOOKKEEPING = frozenset({"csrf_token", "nonce", "revision", "action", "confirm"})


def posted_text() -> list[tuple[str, str]]:
    """What the person typed in a POST the app must refuse (expired security token, lost log-in):
    every non-empty text value, so the refusal page can give it back instead of losing it."""
    if request.method != "POST":
        return []
    return [(name, value) for name, value in request.form.items(multi=True)
            if name not in _BOOKKEEPING and value.strip() and len(value) < 100_000]
