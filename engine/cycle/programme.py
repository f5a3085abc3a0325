"""The programme model: one run of a workflow — gatherings, teams and members, leader, exceptions.

``Programme.to_document()`` is exactly the record the store keeps (HACKING.md, "Programme"), and
``Programme.from_document()`` reads it back. ``from_document`` also accepts what the admin UI or a
programme file provides, where ids may be missing: gatherings get ``g1``, ``g2`` …, teams the slug
of their name (``Våler`` -> ``valer``) and members the slug of theirs, unique within the team.
Ids, once given, are kept, so renaming a team or moving a gathering changes no key.

Gatherings are numbered 1..n in list order, which must be date order (``programme_problems``
checks it). A team's ``reference_for`` names the teams it is *referansegruppe* for (by id once
stored; a file may name them, ``reference_for: [Marker]``); the relation is one-way, so a mutual
pair names each other. A gathering's ``host`` is free text — usually a team's name, but a partner that is
not a team (``USHT Østfold``) is fine too; :meth:`Programme.host_team` finds the team it names.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any, TypeVar

from .ids import unique_slug
from .timerules import parse_clock


@dataclass(frozen=True)
class Person:
    """A name and an e-mail address (the programme's leader)."""

    name: str
    email: str


@dataclass(frozen=True)
class Gathering:
    """One gathering (*samling*): when, where, who hosts it, what it is about."""

    id: str
    date: date
    start: str  # "HH:MM", local time
    place: str
    host: str
    theme: str
    end: str | None = None
    agenda: str = ""

    @property
    def start_time(self) -> time:
        """The start as a ``time`` (the string is validated by ``programme_problems``)."""
        return parse_clock(self.start)


@dataclass(frozen=True)
class Member:
    """A team member: receives the team's personal links while ``active``."""

    id: str
    name: str
    email: str
    role: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Withdrawal:
    """A team's withdrawal from the programme, effective from 00:00 local time on ``date``."""

    date: date
    reason: str


@dataclass(frozen=True)
class Team:
    """A municipality's team and its members."""

    id: str
    name: str
    members: tuple[Member, ...] = ()
    withdrawn: Withdrawal | None = None
    reference_for: tuple[str, ...] = ()  # ids of the teams this team is reference group for
    joined: date | None = None  # None: from the programme's start; a later day for a team that came in late

    @property
    def active_members(self) -> tuple[Member, ...]:
        """The members who receive mail and links."""
        return tuple(m for m in self.members if m.active)

    def member(self, member_id: str) -> Member | None:
        """The member with ``member_id``, or None."""
        return next((m for m in self.members if m.id == member_id), None)


@dataclass(frozen=True)
class Extension:
    """A later due date granted to one team for one assignment."""

    team: str
    deliverable: str
    occurrence: int
    due: date


@dataclass(frozen=True)
class Excusal:
    """The leader waived one assignment for one team."""

    team: str
    deliverable: str
    occurrence: int
    reason: str


@dataclass(frozen=True)
class Programme:
    """A programme as stored; ``revision``/``created_at``/``updated_at`` belong to the store."""

    id: str
    workflow: str
    title: str
    recipient: str
    leader: Person
    gatherings: tuple[Gathering, ...]
    teams: tuple[Team, ...]
    extensions: tuple[Extension, ...] = ()
    excusals: tuple[Excusal, ...] = ()
    language: str = "nb"
    cycle: Mapping[str, Any] = field(default_factory=dict)  # adjustments of the workflow (``adjust``)
    revision: int = 0
    created_at: str | None = None
    updated_at: str | None = None

    def team(self, team_id: str) -> Team | None:
        """The team with ``team_id``, or None."""
        return next((t for t in self.teams if t.id == team_id), None)

    def gathering(self, number: int) -> Gathering:
        """Gathering ``number`` (1-based, date order); raises ``IndexError`` past the end."""
        if not 1 <= number <= len(self.gatherings):
            raise IndexError(f"the programme has no gathering {number}")
        return self.gatherings[number - 1]

    def extension(self, team: str, deliverable: str, occurrence: int) -> Extension | None:
        """The extension granted to ``team`` for this assignment, if any."""
        return next(
            (e for e in self.extensions if (e.team, e.deliverable, e.occurrence) == (team, deliverable, occurrence)),
            None,
        )

    def excusal(self, team: str, deliverable: str, occurrence: int) -> Excusal | None:
        """The leader's waiver of this assignment for ``team``, if any."""
        return next(
            (e for e in self.excusals if (e.team, e.deliverable, e.occurrence) == (team, deliverable, occurrence)), None
        )

    def reference_groups(self, team_id: str) -> tuple[Team, ...]:
        """The teams that are reference group *for* ``team_id`` (the inverse of ``reference_for``)."""
        return tuple(t for t in self.teams if team_id in t.reference_for)

    def partners(self, team_id: str) -> tuple[Team, ...]:
        """The teams ``team_id`` is reference group for, in the programme's order."""
        team = self.team(team_id)
        wanted = set(team.reference_for) if team else set()
        return tuple(t for t in self.teams if t.id in wanted)

    def host_team(self, gathering: Gathering) -> Team | None:
        """The team a gathering's free-text ``host`` names (by name or id, ignoring case), if any."""
        wanted = gathering.host.strip().casefold()
        return next((t for t in self.teams if wanted in {t.name.casefold(), t.id}), None)

    def team_ref(self, ref: str) -> str:
        """A team id for ``ref`` given as id or name (files say ``Moss``); unknown refs stay as given."""
        for team in self.teams:
            if ref == team.id or str(ref).strip().casefold() == team.name.casefold():
                return team.id
        return ref

    def to_document(self) -> dict[str, Any]:
        """The JSON-able record the store keeps (HACKING.md shape, dates as ISO strings)."""
        adjustments = {"cycle": copy.deepcopy(dict(self.cycle))} if self.cycle else {}
        return adjustments | {
            "id": self.id,
            "workflow": self.workflow,
            "title": self.title,
            "recipient": self.recipient,
            "language": self.language,
            "leader": {"name": self.leader.name, "email": self.leader.email},
            "gatherings": [
                {
                    "id": g.id,
                    "date": g.date.isoformat(),
                    "start": g.start,
                    "end": g.end,
                    "place": g.place,
                    "host": g.host,
                    "theme": g.theme,
                    "agenda": g.agenda,
                }
                for g in self.gatherings
            ],
            "teams": [
                {
                    "id": t.id,
                    "name": t.name,
                    "withdrawn": {"date": t.withdrawn.date.isoformat(), "reason": t.withdrawn.reason}
                    if t.withdrawn
                    else None,
                    "joined": t.joined.isoformat() if t.joined else None,
                    "members": [
                        {"id": m.id, "name": m.name, "email": m.email, "role": m.role, "active": m.active}
                        for m in t.members
                    ],
                    "reference_for": list(t.reference_for),
                }
                for t in self.teams
            ],
            "extensions": [
                {"team": e.team, "deliverable": e.deliverable, "occurrence": e.occurrence, "due": e.due.isoformat()}
                for e in self.extensions
            ],
            "excusals": [
                {"team": e.team, "deliverable": e.deliverable, "occurrence": e.occurrence, "reason": e.reason}
                for e in self.excusals
            ],
            "revision": self.revision,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Programme:
        """Read a stored record — or a programme file's data — filling in missing ids.

        Raises ``KeyError``/``TypeError``/``ValueError`` for data that is not a programme at all;
        files and forms are validated before they get here (``programme_load``, ``programme_problems``).
        """
        leader = doc["leader"]
        teams = _with_ids([_team(t) for t in doc.get("teams") or []], "team")
        programme = cls(
            id=doc["id"],
            workflow=doc["workflow"],
            title=doc["title"],
            recipient=doc.get("recipient") or "",
            leader=Person(leader["name"], leader["email"]),
            gatherings=_with_gathering_ids([_gathering(g) for g in doc.get("gatherings") or []]),
            teams=teams,
            language=doc.get("language") or "nb",
            cycle=copy.deepcopy(dict(doc.get("cycle") or {})),
            revision=int(doc.get("revision") or 0),
            created_at=doc.get("created_at"),
            updated_at=doc.get("updated_at"),
        )
        return replace(
            programme,
            teams=tuple(
                replace(t, reference_for=tuple(programme.team_ref(ref) for ref in t.reference_for))
                for t in programme.teams
            ),
            extensions=tuple(
                Extension(programme.team_ref(e["team"]), e["deliverable"], int(e["occurrence"]), as_date(e["due"]))
                for e in doc.get("extensions") or []
            ),
            excusals=tuple(
                Excusal(programme.team_ref(e["team"]), e["deliverable"], int(e["occurrence"]), e.get("reason") or "")
                for e in doc.get("excusals") or []
            ),
        )


def as_date(value: date | str) -> date:
    """A ``date`` from a YAML date or an ISO string (``2018-04-19``)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _gathering(doc: Mapping[str, Any]) -> Gathering:
    return Gathering(
        id=str(doc.get("id") or ""),
        date=as_date(doc["date"]),
        start=str(doc["start"]),
        end=doc.get("end") or None,
        place=doc.get("place") or "",
        host=doc.get("host") or "",
        theme=doc.get("theme") or "",
        agenda=doc.get("agenda") or "",
    )


def _team(doc: Mapping[str, Any]) -> Team:
    withdrawn = doc.get("withdrawn")
    members = [
        Member(
            id=str(m.get("id") or ""),
            name=m["name"],
            email=m["email"],
            role=m.get("role") or None,
            active=bool(m.get("active", True)),
        )
        for m in doc.get("members") or []
    ]
    return Team(
        id=str(doc.get("id") or ""),
        name=doc["name"],
        members=_with_ids(members, "member"),
        withdrawn=Withdrawal(as_date(withdrawn["date"]), withdrawn.get("reason") or "") if withdrawn else None,
        reference_for=tuple(str(ref) for ref in doc.get("reference_for") or ()),
        joined=as_date(doc["joined"]) if doc.get("joined") else None,
    )


def _with_gathering_ids(gatherings: list[Gathering]) -> tuple[Gathering, ...]:
    """Missing ids become ``g<position>`` (or the next free ``g<n>``): stable once stored."""
    taken = {g.id for g in gatherings if g.id}
    result = []
    for position, gathering in enumerate(gatherings, start=1):
        if not gathering.id:
            number = position
            while f"g{number}" in taken:
                number += 1
            taken.add(f"g{number}")
            gathering = replace(gathering, id=f"g{number}")
        result.append(gathering)
    return tuple(result)


_Named = TypeVar("_Named", Team, Member)


def _with_ids(items: list[_Named], fallback: str) -> tuple[_Named, ...]:
    """Teams or members with an id each: a slug of the name for those without one, never a taken id."""
    taken = {item.id for item in items if item.id}
    result = []
    for item in items:
        if not item.id:
            item = replace(item, id=unique_slug(item.name, taken, fallback=fallback))
            taken.add(item.id)
        result.append(item)
    return tuple(result)
