"""Project leaders and observers: log-in, log-out, and the guards on every admin page.

An observer (the steering group) reads everything and changes nothing: every non-GET request
under the admin blueprints is refused for them, whatever the view. Log-in attempts are limited
per account and per address; the session is renewed on log-in (no fixation). The cookie holds a
server-side session's id (``engine.access.accounts``): log-out, a password change and the
account's removal end it on the server, and it lives at most ``PERMANENT_SESSION_LIFETIME``.
"""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from .. import clock
from ..access.accounts import authenticate, end_session, session_admin, start_session
from ..access.throttle import LoginPolicy, Refusal, login_failed, login_gate, login_succeeded
from ..i18n import chosen_language
from ..store import StoreUnavailable, get_store
from ..store import admins as admin_repo
from .errors import posted_text
from .forms import Form

bp = Blueprint("auth", __name__, url_prefix="/admin")

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginForm(Form):
    # A text input: HTML allows autocomplete="username" (what password managers look for) only on text.
    email = StringField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Enter your e-mail address."))],
        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


def init_app(app: Flask) -> None:
    """Load the logged-in admin for every request."""
    app.before_request(_load_admin)
    app.context_processor(lambda: {"current_admin": g.get("admin")})


SESSION_KEY = "admin_session"


def _load_admin() -> None:
    g.admin = None
    session_id = session.get(SESSION_KEY)
    if session_id:
        g.admin = session_admin(get_store(), session_id, clock.now())
        if g.admin is None:  # ended (log-out elsewhere, password changed, account removed) or too old
            session.pop(SESSION_KEY, None)
            return
        chosen = chosen_language()
        if chosen and g.admin.get("language") != chosen:  # their choice follows them to another device
            # A data folder that cannot be written: the page is still read, in the chosen language.
            with suppress(StoreUnavailable):
                g.admin = admin_repo.update_admin(get_store(), g.admin["id"], clock.now(), language=chosen)


def guard_admin_request():
    """Anonymous visitors go to the log-in page; observers may only read (403 on any change).

    A form posted after the log-in ran out is not thrown away: the page says so and gives back
    what was typed."""
    if g.get("admin") is None:
        if request.method == "POST":
            message = _("You were logged out before this was saved. Log in again and repeat the change.")
            return render_template(
                "error.html",
                code=401,
                message=message,
                typed=posted_text(),
                login_url=url_for("auth.login", next=request.path),
            ), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if request.method not in READ_METHODS and g.admin["role"] != "leader":
        abort(403)
    return None


def protect_blueprint(blueprint: Blueprint) -> None:
    """Guard every view of ``blueprint`` with :func:`guard_admin_request` (so none can be forgotten)."""
    blueprint.before_request(guard_admin_request)


def is_leader() -> bool:
    """Whether the current visitor may change things (templates hide buttons for observers)."""
    admin = g.get("admin")
    return bool(admin and admin["role"] == "leader")


def _safe_next(target: str | None) -> str:
    # Browsers read a backslash as a slash ("/\evil.example" is "//evil.example") and drop tabs
    # and line breaks, so a path with any of them could lead off the site: refused.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
        and not any(c == "\\" or ord(c) < 32 for c in target)
    ):
        return target
    return url_for("admin.programmes")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The log-in form; on success, a fresh session and back to where the visitor was going.

    Guessing is slowed down per account and address and capped per address (``access.throttle``);
    the rightful user's right password waits a few seconds at most.
    """
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form)
    store, now, policy = get_store(), clock.now(), LoginPolicy.from_config(current_app.config)
    email, address = form.email.data, request.remote_addr or "-"
    refused = login_gate(store, policy, email, address, now)
    if refused is not None:
        return _refused(form, refused)
    admin = authenticate(store, email, form.password.data)
    if admin is None:
        login_failed(store, policy, email, address, now)
        form.password.errors.append(_("The e-mail address or the password is wrong."))
        return render_template("admin/login.html", form=form), 200
    login_succeeded(store, policy, email, address, now)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[SESSION_KEY] = start_session(store, admin, now, current_app.permanent_session_lifetime)
    session.permanent = True  # the cookie expires with the session, not only with the browser
    return redirect(_safe_next(request.args.get("next")))


def _refused(form: LoginForm, refused: Refusal):
    """429 with how long to wait, the e-mail address kept."""
    if refused.reason == "wait":
        message = _("Too many failed attempts. Wait %(seconds)d seconds and try again.", seconds=refused.seconds)
    else:
        minutes = -(-refused.seconds // 60)
        message = _("Too many failed attempts from this network. Try again in %(minutes)d minutes.", minutes=minutes)
    flash(message, "error")
    response = current_app.make_response((render_template("admin/login.html", form=form), 429))
    response.headers["Retry-After"] = str(refused.seconds)
    return response


@bp.post("/logout")
def logout():
    """End the session on the server and forget it here (POST with CSRF, so a link cannot log anyone out)."""
    end_session(get_store(), session.get(SESSION_KEY))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))
