"""Who a personal link belongs to, and whether it still opens anything.

A link's token (``engine.access.links``) names one member of one team in one programme. It opens the
team's pages while the programme runs and for ``LINK_GRACE_DAYS`` after its last day
(``engine.cycle.programme_span``), and never for a member who was removed or deactivated, nor
after the leader revoked it (all of a member's links, or one). Every mail mints a new link, so a
member collects many; once a newer one was sent, an older one works for ``LINK_SUPERSEDED_DAYS``
more — or until the end of what its mail was about (the assignment's due instant), if that is
later — and then stops, so an old e-mail that leaked is not a key for the rest of the programme
(:func:`link_valid_until`). Resolving a link only reads: mail scanners open links before people
do, so looking at a page must not change the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..cycle import Member, Team, team_is_active
from ..cycle.timerules import add_days, day_end
from ..programmes import Catalog, ProgrammeInvalid, ProgrammeNotFound, Run, cached_run
from ..store import InvalidId, Store
from ..store import tokens as token_repo
from ..store.records import parse_iso
from .links import mint_member_link, resolve_link


@dataclass(frozen=True)
class TeamAccess:
    """What a valid link opens: the programme as it is now, the team and the member holding it."""

    run: Run
    team: Team
    member: Member
    token: dict[str, Any]

    @property
    def pid(self) -> str:
        """The programme's id."""
        return self.run.id


@dataclass(frozen=True)
class WorkingLink:
    """One of a member's links that still opens the team's pages, for the leader's list."""

    record: dict[str, Any]
    valid_until: datetime

    @property
    def id(self) -> str:
        """The link's record id (what the leader ends it by)."""
        return self.record["id"]

    @property
    def created_at(self) -> datetime:
        """When it was made (sent)."""
        return parse_iso(self.record["created_at"])


@dataclass(frozen=True)
class MemberLink:
    """One line of ``flask links``: a member and the fresh link just minted for them."""

    team: Team
    member: Member
    url: str


def programme_links_end(run: Run, grace_days: int) -> datetime:
    """The last instant any link of ``run`` opens anything: the end of the programme's last day plus grace."""
    _, last_day = run.span
    return day_end(add_days(last_day, grace_days), run.workflow.tz)


def link_valid_until(
    run: Run, record: dict[str, Any], superseded_at: datetime | None, grace_days: int, superseded_days: int
) -> datetime:
    """The last instant the link ``record`` opens anything (see the module docstring): the programme's
    end plus grace, or — once a newer link was sent at ``superseded_at`` — ``superseded_days`` after
    that, or the end of what its mail was about if that is later (never past the programme's end)."""
    end = programme_links_end(run, grace_days)
    if superseded_at is None:
        return end
    keep = superseded_at + timedelta(days=superseded_days)
    if record.get("about_until"):
        keep = max(keep, parse_iso(record["about_until"]))
    return min(end, keep)


def resolve_access(
    store: Store,
    catalog: Catalog,
    pid: str,
    raw_token: str,
    now: datetime,
    grace_days: int,
    superseded_days: int = 30,
) -> TeamAccess | None:
    """The access ``raw_token`` gives in programme ``pid`` at ``now``, or None if it gives none.

    None for an unknown programme or token, a revoked token, a member no longer in the team or
    deactivated, and after the link's validity ended (:func:`link_valid_until`).
    """
    try:
        found = resolve_link(store, pid, raw_token)
        if found is None:
            return None
        run = cached_run(store, catalog, pid)
    except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
        return None
    record, superseded_at = found
    team = run.programme.team(record["team"])
    member = team.member(record["member"]) if team is not None else None
    if team is None or member is None or not member.active:
        return None
    if now > link_valid_until(run, record, superseded_at, grace_days, superseded_days):
        return None
    return TeamAccess(run, team, member, record)


def working_links(
    store: Store, run: Run, now: datetime, grace_days: int, superseded_days: int
) -> dict[tuple[str, str], list[WorkingLink]]:
    """Every member's links that still work at ``now``, newest first, by ``(team, member)``."""
    by_member: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in token_repo.list_tokens(store, run.id):
        if record.get("revoked_at") is None:
            by_member.setdefault((record["team"], record["member"]), []).append(record)
    found: dict[tuple[str, str], list[WorkingLink]] = {}
    for pair, records in by_member.items():
        made = sorted(parse_iso(r["created_at"]) for r in records)
        links = []
        for record in records:
            created = parse_iso(record["created_at"])
            superseded = next((moment for moment in made if moment > created), None)  # as resolving decides
            links.append(WorkingLink(record, link_valid_until(run, record, superseded, grace_days, superseded_days)))
        working = [link for link in links if link.valid_until >= now]
        found[pair] = sorted(working, key=lambda link: link.created_at, reverse=True)
    return found


def link_holders(run: Run, now: datetime, team_id: str | None = None) -> list[tuple[Team, Member]]:
    """The members who get links at ``now``: active members of teams still in the programme.

    ``team_id`` (an id or a team's name) narrows it to one team; raises ``LookupError`` if there
    is no such team.
    """
    teams = run.programme.teams
    if team_id is not None:
        wanted = run.programme.team(run.programme.team_ref(team_id))
        if wanted is None:
            raise LookupError(team_id)
        teams = (wanted,)
    return [
        (team, member) for team in teams if team_is_active(team, now, run.workflow.tz) for member in team.active_members
    ]


def mint_links(store: Store, run: Run, base_url: str, now: datetime, team_id: str | None = None) -> list[MemberLink]:
    """A fresh link for every link holder (see :func:`link_holders`); older links stay valid."""
    return [
        MemberLink(team, member, mint_member_link(store, base_url, run.id, team.id, member.id, now))
        for team, member in link_holders(run, now, team_id)
    ]


def find_run(store: Store, catalog: Catalog, pid: str) -> Run | None:
    """The programme ``pid`` or None when there is none (or it cannot be assembled)."""
    try:
        return cached_run(store, catalog, pid)
    except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
        return None
