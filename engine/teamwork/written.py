"""Text people write into the learning loop (feedback, messages, notes) as it is stored.

Line ends become ``\\n`` and the characters nobody types are dropped (``schema.cleantext``:
control characters but the line break and the tab, surrogates, noncharacters) — they would only
trouble a mail client, a terminal or a spreadsheet later; what remains is stored as written and
escaped wherever it is shown. The web cleans every post at its door already
(``engine.web.cleaning``); this is the same rule for what arrives another way (``flask message
send`` reads standard input). :func:`has_line_break` finds what a one-line field must refuse.
"""

from __future__ import annotations

from ..schema.cleantext import LINE_BREAK, clean_input


def written(text: str | None) -> str:
    """``text`` with normalised line ends, no control characters, and no blank lines around it."""
    return clean_input(text or "").strip()


def has_line_break(text: str | None) -> bool:
    """Whether ``text`` (as :func:`written` keeps it) would need more than one line."""
    return LINE_BREAK.search(written(text)) is not None
