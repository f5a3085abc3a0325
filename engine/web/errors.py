"""Error pages, and giving back what was typed when a POST must be refused or could not be saved."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..schema.files import human_size
from ..store import StoreUnavailable
from .api.views import api_http_error


def http_error(error: HTTPException):
    """An HTTP error as a page in the visitor's language (as JSON under ``/api/``)."""
    if request.path.startswith("/api/"):
        return api_http_error(error)
    messages = {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _(
            "The page was not found. If you followed a link from an e-mail, it may have expired or been "
            "replaced by a newer one."
        ),
        405: _("That is not something this page can do."),
        409: _("This can no longer be changed: the programme is closed, or someone changed it meanwhile."),
        410: _("This is no longer available."),
        413: _("What you sent is larger than this service accepts."),
        429: _("Too many attempts. Wait a few minutes and try again."),
    }
    if error.code == 413:
        return too_large()
    code = error.code or 500
    typed = posted_text() if code >= 500 else []
    if code not in messages:
        # After a failed POST nothing was saved: say so, and give the text back (never claim it is safe).
        messages[code] = (
            _("Something went wrong on our side, and what you sent was not saved. What you typed is below.")
            if typed
            else _("Something went wrong on our side. Try again in a moment.")
        )
    return render_template("error.html", code=code, message=messages[code], typed=typed), code


def unavailable_message() -> str:
    """What every page says when the data folder cannot be written (``StoreUnavailable``)."""
    return _(
        "Nothing was saved: Verksted cannot write its data right now. Your text is still here; copy it to keep "
        "it safe, and try again later."
    )


def store_unavailable(error: StoreUnavailable):
    """The data folder failed (wrong owner, read-only, full): 503, in JSON for scripts, else a page
    that gives back what was typed. Logged, so whoever runs Verksted sees it."""
    current_app.logger.error("the store failed during %s %s: %s", request.method, request.path, error)
    if request.form.get("action") == "autosave" or request.accept_mimetypes.best == "application/json":
        return jsonify(status="unavailable", message=unavailable_message()), 503
    return render_template("error.html", code=503, message=unavailable_message(), typed=posted_text()), 503


def too_large():
    """A post over the size limit — in practice a file too large to attach. Nothing of it can be
    read (that is the point of the limit), so the page says what happened and leads back to the
    form, where the draft saved last (by hand or by autosave) is waiting."""
    limit = request.max_content_length
    message = _(
        "What you sent is larger than this service accepts (%(size)s at most), most likely because of a file. "
        "Nothing was saved.",
        size=human_size(limit) if limit else "?",
    )
    advice = _(
        "Go back to the form: in most browsers what you typed is still there, and the draft saved last is "
        "always kept. Choose a smaller file, or save the file in another format, and try again."
    )
    back = request.path if request.method == "POST" else None
    return render_template("error.html", code=413, message=message, advice=advice, back=back), 413


def csrf_error(error: CSRFError):
    """An expired security token: say so, and give back what was typed."""
    message = _(
        "The page had been open too long, so its security check expired. Go back, reload the page and try again."
    )
    return render_template("error.html", code=400, message=message, typed=posted_text()), 400


# Form fields that carry the page's own bookkeeping, not anything a person typed.
_BOOKKEEPING = frozenset({"csrf_token", "nonce", "revision", "action", "confirm"})


def posted_text() -> list[tuple[str, str]]:
    """What the person typed in a POST the app must refuse (expired security token, lost log-in):
    every non-empty text value, so the refusal page can give it back instead of losing it."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in _BOOKKEEPING and value.strip() and len(value) < 100_000
    ]
