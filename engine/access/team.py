"""Who a personal link belongs to, and whether it still opens anything.

A link's token (``engine.access.links``) names one member of one team in one programme. It opens the
team's pages while the programme runs and for ``LINK_GRACE_DAYS`` after its last day
(``engine.cycle.programme_span``), and never for a member who was removed or deactivated, nor
after the leader revoked it. Resolving a link only reads: mail scanners open links before people
do, so looking at a page must not change the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Member, Team, programme_span, team_is_active
from ..cycle.timerules import add_days, day_end
from ..programmes import Catalog, ProgrammeInvalid, ProgrammeNotFound, Run, cached_run
from ..store import InvalidId, Store
from .links import mint_member_link, resolve_token


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
class MemberLink:
    """One line of ``flask links``: a member and the fresh link just minted for them."""

    team: Team
    member: Member
    url: str


def link_valid_until(run: Run, grace_days: int) -> datetime:
    """The last instant a link of ``run`` opens anything: the end of the programme's last day plus grace."""
    _, last_day = programme_span(run.programme, run.workflow)
    return day_end(add_days(last_day, grace_days), run.workflow.tz)


def resolve_access(
    store: Store, catalog: Catalog, pid: str, raw_token: str, now: datetime, grace_days: int
) -> TeamAccess | None:
    """The access ``raw_token`` gives in programme ``pid`` at ``now``, or None if it gives none.

    None for an unknown programme or token, a closed programme, a revoked token, a member no longer
    in the team or deactivated, and after the link's validity ended (:func:`link_valid_until`).
    """
    try:
        record = resolve_token(store, pid, raw_token)
        if record is None:
            return None
        run = cached_run(store, catalog, pid)
    except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
        return None
    if run.closed:
        return None
    team = run.programme.team(record["team"])
    member = team.member(record["member"]) if team is not None else None
    if team is None or member is None or not member.active or now > link_valid_until(run, grace_days):
        return None
    return TeamAccess(run, team, member, record)


def opens_closed_programme(store: Store, catalog: Catalog, pid: str, raw_token: str) -> bool:
    """Whether ``raw_token`` is a member's link into ``pid`` that opens nothing only because the
    programme was closed (a page can then say so instead of "this link does not work")."""
    try:
        return resolve_token(store, pid, raw_token) is not None and cached_run(store, catalog, pid).closed
    except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
        return False


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
