"""Text as Verksted keeps it: what a person can type, without the characters nobody can see.

People type letters, digits, punctuation, emoji, tabs and (in multi-line answers) line breaks.
Control characters — NUL, BEL, the C1 block, lone surrogates, Unicode's noncharacters — reach a
form only when something other than a person writes it (a script, a paste from a broken PDF).
They show as nothing or as boxes, break HTML (NUL), XML (XLSX and DOCX refuse them), CSV readers
and iCalendar lines, and some cannot even be encoded as UTF-8 (surrogates). So:

- :func:`clean_text` removes them; every form post passes through :func:`clean_input` (that, with
  line breaks as LF — browsers send CRLF) before any view reads it (``engine.web.cleaning``), so a
  stored answer never holds one;
- :func:`one_line` is what a browser does to the value of a one-line input (its *value
  sanitization* strips line breaks): a crafted post gets no further than a browser would;
- :func:`text_problem` says, for a file whose author must fix it, what is wrong with a value;
- :func:`cell_text` is for writers of files (CSV, XLSX, DOCX, ICS) that must survive whatever was
  stored before these rules existed.
"""

from __future__ import annotations

import re

# C0 controls except tab, line feed and carriage return; DEL and the C1 block; lone surrogates
# (invalid in UTF-8); the noncharacters (U+FDD0–U+FDEF and the last two code points of every plane).
_NONCHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_INVISIBLE_BMP = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
INVISIBLE = re.compile(f"[{_INVISIBLE_BMP}{_NONCHARACTERS}]")
# The same search, ten times faster: the 32 noncharacters above U+FFFF make the regex engine test
# every character of a text the slow way (2.4 ms for a 50 KB page, which every page and every
# save scans), while a class of the BMP ones and *every* character above U+FFFF takes 0.25 ms.
# Only a text with such a character (an emoji) then needs the whole class, from there on.
_SUSPECT = re.compile(f"[{_INVISIBLE_BMP}\U00010000-\U0010ffff]")
# What ends a line in text as stored (CR, LF) and in Unicode (LINE and PARAGRAPH SEPARATOR).
LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


def find_invisible(text: str) -> re.Match[str] | None:
    """The first character :func:`clean_text` would remove from ``text``, or None (``INVISIBLE.search``, fast)."""
    found = _SUSPECT.search(text)
    if found is None or found.group() <= "\uffff":
        return found
    return INVISIBLE.search(text, found.start())


def clean_text(text: str) -> str:
    """``text`` without control characters, surrogates and noncharacters (tabs and line breaks stay)."""
    return text if find_invisible(text) is None else INVISIBLE.sub("", text)


def clean_input(text: str) -> str:
    """``text`` as a form brought it, as Verksted keeps it: cleaned, line breaks as LF."""
    return clean_text(text).replace("\r\n", "\n").replace("\r", "\n")


def is_clean(text: str) -> bool:
    """Whether :func:`clean_text` would leave ``text`` as it is."""
    return find_invisible(text) is None


def one_line(text: str) -> str:
    """``text`` as a one-line input holds it: cleaned, with line breaks removed (as browsers do)."""
    return LINE_BREAK.sub("", clean_text(text))


def text_problem(text: str, single_line: bool) -> str | None:
    """What is wrong with ``text`` as a stored value (English, for files and the CLI), or None."""
    found = find_invisible(text)
    if found is not None:
        return (
            f"contains the invisible control character U+{ord(found.group()):04X}, which cannot be shown, "
            "printed or exported; remove it"
        )
    if single_line and LINE_BREAK.search(text):
        return "contains a line break; write it on one line"
    return None


def cell_text(text: str, single_line: bool = False) -> str:
    """``text`` as a file writer may put it anywhere: cleaned, and on one line (breaks become spaces)
    if ``single_line`` — for stored values that predate the rules above."""
    text = clean_text(text)
    return LINE_BREAK.sub(" ", text) if single_line else text
