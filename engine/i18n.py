"""Languages: Norwegian Bokmål by default, Nynorsk and English on request (Flask-Babel).

Message ids are English; ``translations/nb`` and ``translations/nn`` hold the Norwegian text of
every one (Bokmål and Nynorsk), and ``translations/en`` lists every one too (so a test can tell a
forgotten string from an English one). Catalogues are compiled to ``.mo`` here when missing or
older than their ``.po``, so a fresh checkout works without a build step.

Which language a page speaks, first match wins (:func:`select_locale`):

1. the visitor's choice in this browser session (``?lang=`` on any page: the choice on every page);
2. a logged-in admin's own preference (kept in their account, so it follows them to another device);
3. the visitor's remembered choice (the ``verksted_lang`` cookie, a year: team members have no account);
4. the language of the programme the page belongs to (``g.programme_language``, set by the pages a
   personal or evaluation link opens): a programme run by a nynorsk municipality speaks to its teams
   in its language unless they choose another;
5. ``BABEL_DEFAULT_LOCALE`` (nb).

Choosing writes only the visitor's own session and cookie — and, for an admin, their own account —
never anything a programme or a team sees, so a GET by a personal link stays free of changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from flask import Flask, Response, current_app, g, request, session
from flask_babel import Babel, get_locale

from . import timefmt

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
COOKIE = "verksted_lang"
COOKIE_DAYS = 365
# Each language named in itself, for the choice on every page.
NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def init_app(app: Flask) -> None:
    """Compile the catalogues if needed, install Babel and the date filters."""
    compile_catalogues()
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))
    app.before_request(_remember_language_choice)
    app.after_request(_remember_in_cookie)
    app.jinja_env.globals.update(other_languages=other_languages)
    app.jinja_env.filters.update(
        date=lambda v: timefmt.fmt_date(v) if v else "",
        datetime=lambda v: timefmt.fmt_datetime(v, current_language()) if v else "",
        longdate=lambda v: timefmt.fmt_long_date(v, current_language()) if v else "",
        mean=lambda v: fmt_mean(v, current_language()),
    )
    app.jinja_env.globals.update(current_language=current_language)


def fmt_mean(value: float | None, lang: str = "nb") -> str:
    """A mean as people read it: 4,67 (nb, nn) or 4.67 (en), two decimals; a dash for none."""
    return "–" if value is None else format_decimal(value, format="0.00", locale=lang)


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
    """The language of this request (see the module docstring for the order)."""
    languages = current_app.config["LANGUAGES"]
    admin = g.get("admin") or {}
    for candidate in (
        session.get("lang"),
        admin.get("language"),
        request.cookies.get(COOKIE),
        g.get("programme_language"),
    ):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """'nb', 'nn' or 'en' for the current request."""
    return str(get_locale() or "nb")


def chosen_language() -> str | None:
    """The language the visitor chose with this very request (``?lang=``), if any."""
    return g.get("language_chosen")


def other_languages() -> list[tuple[str, str, str]]:
    """The choice on every page: ``(code, name in itself, this page's URL in it)`` for each other language."""
    here = current_language()
    args = {key: value for key, value in request.args.items() if key != "lang"}
    return [
        (code, NAMES.get(code, code), f"{request.path}?{urlencode({**args, 'lang': code})}")
        for code in current_app.config["LANGUAGES"]
        if code != here
    ]


def _remember_language_choice() -> None:
    # ?lang=en on any page switches language; it only touches the visitor's own session and cookie.
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        g.language_chosen = lang


def _remember_in_cookie(response: Response) -> Response:
    lang = chosen_language()
    if lang:
        response.set_cookie(
            COOKIE,
            lang,
            max_age=COOKIE_DAYS * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response
