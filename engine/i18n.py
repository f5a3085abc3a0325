"""Languages: Norwegian Bokmål by default, English on request (Flask-Babel).

Message ids are English; ``translations/nb`` holds the Norwegian text of every one, and
``translations/en`` lists every one too (so a test can tell a forgotten string from an English
one). Catalogues are compiled to ``.mo`` here when missing or older than their ``.po``, so a fresh
checkout works without a build step.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request, session
from flask_babel import Babel, get_locale

from . import timefmt

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def init_app(app: Flask) -> None:
    """Compile the catalogues if needed, install Babel and the date filters."""
    compile_catalogues()
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))
    app.before_request(_remember_language_choice)
    app.jinja_env.filters.update(
        date=lambda v: timefmt.fmt_date(v) if v else "",
        datetime=lambda v: timefmt.fmt_datetime(v, current_language()) if v else "",
        longdate=lambda v: timefmt.fmt_long_date(v, current_language()) if v else "",
    )
    app.jinja_env.globals.update(current_language=current_language)


def compile_catalogues(directory: Path = TRANSLATIONS) -> None:
    """Write ``messages.mo`` next to each ``messages.po`` that is newer than it."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        tmp = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")  # processes starting at once each write their own
        with tmp.open("wb") as fh:
            write_mo(fh, catalog)
        tmp.replace(mo_path)


def select_locale() -> str:
    """The language the user picked (kept in the session), else Norwegian."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """'nb' or 'en' for the current request."""
    return str(get_locale() or "nb")


def _remember_language_choice() -> None:
    # ?lang=en on any page switches language; it only touches the visitor's own session cookie.
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
