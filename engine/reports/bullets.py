"""A team's free text as the bullet points it was written in, for the tables of the programme report.

Teams write lists the way they write them in Word: "• Trainee", "- Fadderprogram", "1. Studenter",
with a second kind of marker (or a deeper indent) for sub-points. :func:`bullets` reads that back
as a tree, so *Tabell 1* and *Tabell 2* keep every point as a point and every sub-point under its
point. A line without a marker continues the point above it (text pasted from a PDF wraps); text
with no markers at all is one point per line; a first line without a marker followed by marked
lines is a point with those as its sub-points ("Kartlegging:" and two questions under it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[•·▪◦○●‣∙*\-–—]|o(?=\s)|\d{1,2}[.)])\s+(?P<text>.*)$")


@dataclass(frozen=True)
class Bullet:
    """One point and its sub-points."""

    text: str
    items: tuple[Bullet, ...] = ()


def _kind(marker: str) -> str:
    return "number" if marker[0].isdigit() else marker


def bullets(text: str | None) -> tuple[Bullet, ...]:
    """The points of ``text`` (see the module docstring); empty text gives none."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line.strip()]
    if not lines:
        return ()
    if not any(_MARKER.match(line) for line in lines):
        return tuple(Bullet(line.strip()) for line in lines)
    if not _MARKER.match(lines[0]):
        head = 1
        while not _MARKER.match(lines[head]):
            head += 1
        children = bullets("\n".join(lines[head:]))
        flat = tuple(Bullet(b.text) for item in children for b in (item, *item.items))
        return (Bullet(" ".join(line.strip() for line in lines[:head]), flat),)
    top: list[list] = []  # [text, [sub texts]]
    top_kind: str | None = None
    top_indent = 0
    for line in lines:
        found = _MARKER.match(line)
        if found is None:
            target = top[-1][1][-1] if top and top[-1][1] else (top[-1] if top else None)
            if target is None:
                top.append([line.strip(), []])
            else:
                target[0] = f"{target[0]} {line.strip()}"
            continue
        kind, indent = _kind(found["marker"]), len(found["indent"].expandtabs(4))
        if top_kind is None:
            top_kind, top_indent = kind, indent
        deeper = indent > top_indent or (kind != top_kind and indent >= top_indent)
        if deeper and top:
            top[-1][1].append([found["text"].strip(), []])
        else:
            top.append([found["text"].strip(), []])
    return tuple(Bullet(t, tuple(Bullet(s) for s, _ in subs)) for t, subs in top if t or subs)


def merged(texts: Iterable[str | None]) -> tuple[Bullet, ...]:
    """The points of several texts, one after the other (a table's rows in one cell)."""
    return tuple(item for text in texts for item in bullets(text))


def plain(items: Iterable[Bullet], indent: str = "") -> str:
    """The points as plain text lines: "• point", "  – sub-point" (for CSV cells and mail)."""
    lines = []
    for item in items:
        lines.append(f"{indent}• {item.text}")
        lines += [f"{indent}  – {sub.text}" for sub in item.items]
    return "\n".join(lines)
