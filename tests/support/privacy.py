"""Looking for people in an instance folder the way an auditor would: every file, byte by byte."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path


def traces(folder: Path, people: Iterable[tuple[str, str, str]]) -> dict[str, list[str]]:
    """Every file under ``folder`` that still holds a person's name, e-mail address (any case) or member
    id (a slug of their name), with what it holds: ``{relative path: [needle, …]}``.

    ``people`` are ``(name, email, member id)``. Files are read whole, whatever their kind — data,
    journals, checkpoints, locks, temporary files, mail, status files — so a record that a later
    change adds anywhere is searched as well.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", "replace")
        lowered = text.casefold()
        hits = [value for name, email, _ in people for value in (name, email) if value.casefold() in lowered]
        hits += [member for _, _, member in people if re.search(rf"(?<![\w-]){re.escape(member)}(?![\w-])", text)]
        if hits:
            found[str(path.relative_to(folder))] = sorted(set(hits))
    return found
