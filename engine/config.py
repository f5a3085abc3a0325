"""Configuration defaults and the settings derived from them.

Every key can be set from the environment as ``VERKSTED_<KEY>`` (Flask's ``from_prefixed_env``;
values are parsed as JSON where they can be, so ``VERKSTED_MAIL_PORT=2525`` is a number).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    """Defaults for a single-machine installation; the README lists them all."""

    SECRET_KEY: str | None = None  # generated once and kept in the instance folder
    BASE_URL = "http://127.0.0.1:5000"  # absolute links in e-mail are built from this
    SCHEDULER = "on"  # `flask serve` runs the scheduler unless this is "off"
    SCHEDULER_INTERVAL = 60  # seconds between scheduler passes
    SCHEDULER_MISFIRE_GRACE = 300  # a pass late by more than this is skipped; the next one catches up
    FORMS_PATH = str(ROOT / "forms")
    WORKFLOWS_PATH = str(ROOT / "workflows")
    EXAMPLE_PROGRAMME = str(ROOT / "examples" / "jobbvinner-ostfold.yaml")
    LINK_GRACE_DAYS = 90  # team links stay valid this long after a programme's last deadline
    LINK_SUPERSEDED_DAYS = 30  # an older link works this long after a newer one was sent (or to its due date)
    LINK_GUESS_LIMIT = 20  # failed link look-ups per address per window before 429
    LINK_GUESS_WINDOW = 600  # seconds
    LOGIN_ATTEMPT_LIMIT = 5  # failed log-ins per account and address per window before each attempt waits
    LOGIN_MAX_DELAY = 5  # seconds: the longest such a wait grows (1, 2, 4, 5 …), so the right password gets in
    LOGIN_ADDRESS_LIMIT = 50  # failed log-ins per client address per window (an office may share one)
    LOGIN_ATTEMPT_WINDOW = 900
    PROXY_FIX = 0  # reverse proxies in front (X-Forwarded-For/-Proto/-Host trusted from that many hops)

    # Mail. With no MAIL_SERVER the engine delivers to the local mailbox shown in the admin UI.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Verksted <verksted@localhost>"
    MAIL_SUPPRESS_SEND = False  # Flask-Mail would follow TESTING; our tests use real SMTP on loopback
    MAIL_TIMEOUT = 10  # seconds; Flask-Mail sets none, and a silent server must not hang a pass
    MAIL_RETRY_BASE = 300  # seconds before the first retry of a failed send; doubles each time
    MAIL_RETRY_MAX = 6 * 3600

    # Web and security
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE: bool | None = None  # None: on when BASE_URL is https
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "verksted_session"
    PERMANENT_SESSION_LIFETIME = 12 * 3600  # seconds an admin's log-in lasts at most (a working day)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: a form open all day still saves
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "nn", "en")


def finalise(app: Flask) -> None:
    """Fill in what depends on other settings: the secret key, paths, secure cookies."""
    # Private to the server's user: it holds the secret key, the data and the local mailbox.
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
    base_url = str(app.config["BASE_URL"]).rstrip("/")
    app.config["BASE_URL"] = base_url
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        # Flask's own default is False, so this must be decided here, not with setdefault
        app.config["SESSION_COOKIE_SECURE"] = base_url.startswith("https://")
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.config["SCHEDULER"] = str(app.config["SCHEDULER"]).lower() not in {"off", "false", "0", "no"}


def _instance_secret(path: Path) -> str:
    """Read the instance's secret key, creating it (mode 0600) on first use."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)  # fails if another process won the race; then use its key
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text(encoding="ascii").strip()
