"""Texts written per language: a plain string, or ``{nb: …, nn: …, en: …}`` beside it.

Form templates (titles, labels, help, option labels) and workflow mail texts are Norwegian content
written by people. A programme run by a nynorsk municipality shows its teams Nynorsk, so such a
text may carry one text per language; ``nb`` is the default and stands for every language that
has no text of its own. A plain string is the same in every language, as before.

Pure (no Flask): the pages and the mail pass the language they speak.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("nb", "nn", "en")
DEFAULT = "nb"

Text = str | Mapping[str, str]


def in_language(text: Any, language: str | None) -> str:
    """``text`` for ``language``: its own text if it has one, else the default (nb); a string as it is."""
    if isinstance(text, Mapping):
        return str(text.get(language or DEFAULT) or text.get(DEFAULT) or "")
    return "" if text is None else str(text)


def is_per_language(text: Any) -> bool:
    """Whether ``text`` is written per language (a mapping) rather than one string for all."""
    return isinstance(text, Mapping)


def texts_of(text: Any) -> list[tuple[str | None, str]]:
    """Every text of ``text`` with its language (None for a plain string), to check each one."""
    if isinstance(text, Mapping):
        return [(str(lang), str(value)) for lang, value in text.items()]
    return [(None, "" if text is None else str(text))]


def is_language_map(value: Any) -> bool:
    """Whether ``value`` is a text per language: a mapping of language codes only, nb among them."""
    return isinstance(value, Mapping) and DEFAULT in value and all(key in LANGUAGES for key in value)


def localized(data: Any, language: str | None) -> Any:
    """A copy of file data (a form template's) with every text per language replaced by its text in
    ``language`` (nb where it has none). An option written per language (``{nb: Ja, nn: Ja}``)
    becomes ``{value: <nb text>, label: <its text>}``: what is stored never depends on the language."""
    if is_language_map(data):
        return in_language(data, language)
    if isinstance(data, Mapping):
        out = {}
        for key, value in data.items():
            if key == "options" and isinstance(value, list):
                out[key] = [_option(option, language) for option in value]
            else:
                out[key] = localized(value, language)
        return out
    if isinstance(data, list):
        return [localized(item, language) for item in data]
    return data


def _option(option: Any, language: str | None) -> Any:
    if is_language_map(option):
        value, label = in_language(option, DEFAULT), in_language(option, language)
        return value if value == label else {"value": value, "label": label}
    return localized(option, language)
