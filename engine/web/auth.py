"""Project leaders and observers: log-in, log-out, and the guards on every admin page.

An observer (the steering group) reads everything and changes nothing: every non-GET request
under the admin blueprints is refused for them, whatever the view. Log-in attempts are limited
per account and per address; the session is renewed on log-in (no fixation).
"""

from __future__ import annotations

from datetime import UTC, datetime
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
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from .. import clock
from ..access.accounts import authenticate
from ..access.throttle import Throttle
from ..i18n import chosen_language
from ..store import admins as admin_repo
from ..store import get_store
from .errors import posted_text

bp = Blueprint("auth", __name__, url_prefix="/admin")

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginForm(FlaskForm):
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
    """Load the logged-in admin for every request and set up the log-in throttle."""
    window = float(app.config["LOGIN_ATTEMPT_WINDOW"])
    # Per account a handful of guesses; per address many more, since an office behind one proxy
    # shares an address and one person's typos must not lock out their colleagues.
    app.extensions["verksted.login_throttle"] = Throttle(int(app.config["LOGIN_ATTEMPT_LIMIT"]), window)
    app.extensions["verksted.login_address_throttle"] = Throttle(int(app.config["LOGIN_ADDRESS_LIMIT"]), window)
    app.before_request(_load_admin)
    app.context_processor(lambda: {"current_admin": g.get("admin")})


def _load_admin() -> None:
    g.admin = None
    admin_id = session.get("admin_id")
    if admin_id:
        admin = admin_repo.get_admin(get_store(), admin_id)
        if admin is None or admin.get("password_hash", "")[-16:] != session.get("admin_check"):
            session.pop("admin_id", None)  # account gone or password changed: log out everywhere
        else:
            g.admin = admin
            chosen = chosen_language()
            if chosen and admin.get("language") != chosen:  # their choice follows them to another device
                g.admin = admin_repo.update_admin(get_store(), admin["id"], clock.now(), language=chosen)


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
    """The log-in form; on success, a fresh session and back to where the visitor was going."""
    form = LoginForm()
    if form.validate_on_submit():
        account: Throttle = current_app.extensions["verksted.login_throttle"]
        address: Throttle = current_app.extensions["verksted.login_address_throttle"]
        email_key, address_key = f"email:{form.email.data.strip().lower()}", f"addr:{request.remote_addr}"
        if account.blocked(email_key) or address.blocked(address_key):
            flash(_("Too many failed attempts. Wait a few minutes and try again."), "error")
            return render_template("admin/login.html", form=form), 429
        admin = authenticate(get_store(), form.email.data, form.password.data)
        if admin is None:
            account.fail(email_key)
            address.fail(address_key)
            form.password.errors.append(_("The e-mail address or the password is wrong."))
            return render_template("admin/login.html", form=form), 200
        account.reset(email_key)
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        session["admin_id"] = admin["id"]
        session["admin_check"] = admin["password_hash"][-16:]
        session["login_at"] = datetime.now(UTC).isoformat()
        return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
def logout():
    """Forget the admin (POST with CSRF, so a link cannot log anyone out)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))
