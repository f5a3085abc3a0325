"""Stable ASCII ids made from Norwegian names: ``Våler`` -> ``valer``, ``Østfold`` -> ``ostfold``.

Team and member ids appear in URLs, assignment keys (``<programme>/<team>/<deliverable>/<n>``)
and mail headers, so they are lower-case ASCII words joined by hyphens. They are made once, when
a team or member is first seen, and kept thereafter: renaming a team does not change its id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_SLUG = 60  # ids become file and folder names (the store takes at most 100 characters)
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KEY_PATTERN = r"^[a-z0-9]+([_-][a-z0-9]+)*$"

_SLUG = re.compile(SLUG_PATTERN)
_KEY = re.compile(KEY_PATTERN)
# Letters that Unicode does not decompose into a base letter plus an accent.
_TRANSLITERATE = str.maketrans(
    {
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "å": "a",
        "Å": "a",
        "ß": "ss",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
    }
)


def slugify(text: str) -> str:
    """A lower-case ASCII slug of ``text``; empty if ``text`` has no letter or digit to keep."""
    text = str(text).translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].rstrip("-")


def is_slug(text: object) -> bool:
    """Whether ``text`` is already a valid id (``ostfold``, ``fredrikstad-2``)."""
    return isinstance(text, str) and len(text) <= MAX_SLUG and bool(_SLUG.match(text))


def is_key(text: object) -> bool:
    """Whether ``text`` is a valid deliverable key or reminder id (``overdue-week``, ``status_2``)."""
    return isinstance(text, str) and bool(_KEY.match(text))


def unique_slug(name: str, taken: Iterable[str], fallback: str = "x") -> str:
    """``slugify(name)``, or ``fallback`` if that is empty, with ``-2``, ``-3`` … until unused."""
    used = set(taken)
    base = slugify(name) or fallback
    candidate, number = base, 2
    while candidate in used:
        suffix = f"-{number}"
        candidate, number = f"{base[: MAX_SLUG - len(suffix)].rstrip('-')}{suffix}", number + 1
    return candidate
