"""Who is erased from a programme and what replaces them: the vocabulary of the privacy holders.

A :class:`Person` is a member of one team of one programme as its document names them; an
:class:`Erasure` is a set of them with everything that replaces them — their team's name for their
name and address, a pseudonym for their member id — applied to records, free text and mail keys.
The repository modules use it in their ``erase_personal_data`` (see ``privacy``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Person:
    """One member of one team in one programme, as the programme document names them."""

    team: str
    team_name: str
    member: str
    name: str
    email: str


def people(document: Mapping[str, Any], email: str | None = None) -> list[Person]:
    """The members of a programme document — every one, or those with the address ``email``."""
    wanted = email.strip().casefold() if email is not None else None
    return [
        Person(team["id"], team["name"], member["id"], member.get("name") or "", member.get("email") or "")
        for team in document.get("teams") or []
        for member in team.get("members") or []
        if wanted is None or (member.get("email") or "").strip().casefold() == wanted
    ]


def mentions(person: Person, value: Any) -> bool:
    """Whether a JSON tree of free text names ``person`` (their full name, or their address in any case)."""
    if isinstance(value, str):
        if person.email and person.email.casefold() in value.casefold():
            return True
        return bool(person.name.strip()) and re.search(rf"(?<!\w){re.escape(person.name)}(?!\w)", value) is not None
    if isinstance(value, Mapping):
        return any(mentions(person, item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(mentions(person, item) for item in value)
    return False


@dataclass
class Erasure:
    """Who is erased from one programme, what replaces them, and what the holders did.

    ``purge``: the whole programme's people go, with every mail body and address. ``pseudonyms``
    maps ``(team, member id)`` to the id that replaces it; ``hashes`` is filled by ``deliveries``
    (an answers file whose text named somebody gets a new content hash) for ``events`` to follow.
    """

    people: tuple[Person, ...]
    now: datetime
    actor: str
    purge: bool = False
    pseudonyms: dict[tuple[str, str], str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person in self.people:  # random: two people forgotten a year apart never share one
            self.pseudonyms.setdefault((person.team, person.member), f"erased-{secrets.token_hex(4)}")
        # Longest first, so "Kari Holm" is replaced before a member called just "Kari".
        needles = sorted(
            ((p.email, p.team_name) for p in self.people if p.email),
            key=lambda pair: -len(pair[0]),
        )
        names = sorted(((p.name, p.team_name) for p in self.people if p.name.strip()), key=lambda pair: -len(pair[0]))
        self._patterns = [(re.compile(re.escape(value), re.IGNORECASE), team) for value, team in needles]
        self._patterns += [(re.compile(rf"(?<!\w){re.escape(value)}(?!\w)"), team) for value, team in names]

    def concerns(self, team: str | None, member: str | None) -> bool:
        """Whether ``member`` of ``team`` is one of the people erased."""
        return (team, member) in self.pseudonyms

    def member_id(self, team: str | None, member: str | None) -> str | None:
        """The pseudonym of ``member`` of ``team`` if they are erased, else the id as it was."""
        return self.pseudonyms.get((team, member), member) if member is not None else None

    def any_member_id(self, member: str | None) -> str | None:
        """The pseudonym of a member id whose team is not recorded beside it (an event's actor)."""
        if member is None:
            return None
        found = {pseudonym for (_, erased), pseudonym in self.pseudonyms.items() if erased == member}
        return next(iter(found)) if len(found) == 1 else ("erased" if found else member)

    def team_name(self, team: str | None) -> str:
        """What replaces a person of ``team``: the team's name."""
        return next((p.team_name for p in self.people if p.team == team), "")

    def text(self, value: str) -> str:
        """``value`` with every erased person's address and full name replaced by their team's name."""
        for pattern, team in self._patterns:
            value = pattern.sub(team, value)
        return value

    def key(self, value: str | None, team: str | None = None) -> str | None:
        """A mail's idempotency key with the erased member's id pseudonymised.

        Keys name a member after the assignment (``reminder:<pid>/<team>/<d>/<n>:<rule>:<day>:<member>``),
        as ``<team>/<member>`` (evaluations) or after the team (``link:<team>:<member>:<nonce>``);
        ``team`` is the record's own team, for keys that do not say it.
        """
        if not isinstance(value, str):
            return value
        parts = value.split(":")
        if parts[0] == "link" and len(parts) > 2:
            team = parts[1]
        for part in parts:
            bits = part.split("/")
            if len(bits) == 4:
                team = bits[1]
        changed = []
        for index, part in enumerate(parts):
            bits = part.split("/")
            if len(bits) == 2 and tuple(bits) in self.pseudonyms:
                part = f"{bits[0]}/{self.pseudonyms[(bits[0], bits[1])]}"
            elif index > 0 and (team, part) in self.pseudonyms:
                part = self.pseudonyms[(team, part)]
            changed.append(part)
        return self.text(":".join(changed))

    def tree(self, value: Any) -> Any:
        """A JSON tree with :meth:`text` applied to every string in it (free text written by people)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self.tree(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.tree(item) for item in value]
        return value
