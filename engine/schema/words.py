"""Counting words and characters the way a person filling in a Norwegian form would.

A word is a run of characters between spaces that contains at least one letter or digit, so
"e-post", "3-årig", "09.00", "24/7" and a dangling "helse-" (in "helse- og omsorgstjenesten") are
one word each, "100 %" is one word and a lone "–", "%" or "•" is none. Characters are Unicode code
points of the text with line breaks as one character and surrounding space removed.

``engine/web/static/verksted.js`` implements the same rules for the live counters; the two are
kept in step by a test that runs the JavaScript under node against this module, so the explicit
character classes below must stay identical to the ones there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Python's and JavaScript's ideas of "whitespace" differ at the edges (U+001C–U+001F, U+FEFF,
# U+200B), so both sides spell the set out instead of relying on \s or str.split().
WHITESPACE = "\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPLIT = re.compile(f"[{WHITESPACE}]+")


def _spelled_out(characters: str) -> str:
    """The characters of a regex class body, its ranges (``a-b``) written out."""
    out, i = [], 0
    while i < len(characters):
        if i + 2 < len(characters) and characters[i + 1] == "-":
            out += map(chr, range(ord(characters[i]), ord(characters[i + 2]) + 1))
            i += 3
        else:
            out.append(characters[i])
            i += 1
    return "".join(out)


# The same set for str.strip, which every save calls on every answer: a regex anchored at the end
# ("[…]+$") tries every position of the text, and this is several times faster on a long answer.
_STRIP = _spelled_out(WHITESPACE)


def normalise(text: str) -> str:
    """Line breaks as browsers send them (CRLF) become LF; surrounding space is removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip(_STRIP)


def _is_word(token: str) -> bool:
    # Letters (L*) and numbers (N*), the same classes as JavaScript's \p{L} and \p{N}.
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def count_words(text: str | None) -> int:
    """The number of words in ``text`` (see the module docstring for what a word is)."""
    if not text:
        return 0
    return _count_words(text)


@lru_cache(maxsize=512)
def _count_words(text: str) -> int:
    # Remembered: one save counts the same answer for its counter, its word limit and the
    # document's total (twice), so a 1,500-word Hovedplan was counted four times a request.
    return sum(1 for token in _SPLIT.split(text) if token and _is_word(token))


def count_chars(text: str | None) -> int:
    """The number of characters in ``text`` after :func:`normalise` (code points, not bytes)."""
    if not text:
        return 0
    return len(normalise(text))
