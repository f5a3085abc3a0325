"""Who comes to a gathering: the teams' registrations (*påmelding*) summed up for the leader. Pure.

A registration is a team deliverable whose form is ``pamelding`` (``REGISTRATION_FORM``): per
gathering, each team lists the people who come in the table ``deltakere`` — ``navn``, ``rolle``,
``kosthold``, ``allergier``, ``gruppearbeid`` — and may add a ``kommentar``. The latest submitted
version of each team counts; a team that has not submitted has not answered (a draft is not an
answer), and an empty list is an answer: nobody comes. From that come the count by team, the list
of who comes, the catering list (diets counted, every allergy with its person) and the group work
chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Run

REGISTRATION_FORM = "pamelding"
NO_DIET = "Ingen spesielle hensyn"  # the template's first option: nothing for the kitchen


@dataclass(frozen=True)
class Attendee:
    """One person who comes, as the team wrote it."""

    team: str
    team_name: str
    name: str
    role: str = ""
    diet: str = ""
    allergies: str = ""
    group_work: str = ""

    @property
    def needs(self) -> bool:
        """Whether the kitchen must know about this person (a diet other than none, or an allergy)."""
        return bool(self.allergies) or (bool(self.diet) and self.diet != NO_DIET)


@dataclass(frozen=True)
class TeamAnswer:
    """One team's answer for the gathering: whether it answered, how many come, what it added."""

    team: str
    team_name: str
    answered: bool
    count: int = 0
    submitted_at: datetime | None = None
    comment: str = ""
    withdrawn: bool = False


@dataclass(frozen=True)
class Registrations:
    """A gathering's registrations: per team, every attendee, and the catering and group-work sums."""

    deliverable: str
    number: int
    teams: tuple[TeamAnswer, ...]
    attendees: tuple[Attendee, ...]

    @property
    def total(self) -> int:
        return len(self.attendees)

    @property
    def answered(self) -> int:
        return sum(1 for t in self.teams if t.answered)

    @property
    def expected(self) -> int:
        """Teams that are asked (those still in the programme)."""
        return sum(1 for t in self.teams if not t.withdrawn)

    @property
    def diets(self) -> tuple[tuple[str, int], ...]:
        """Each diet with how many have it (no diet given counts as none), most common first."""
        counts = Counter(a.diet or NO_DIET for a in self.attendees)
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    @property
    def special(self) -> tuple[Attendee, ...]:
        """The people the kitchen must know by name: a special diet or an allergy."""
        return tuple(a for a in self.attendees if a.needs)

    @property
    def group_work(self) -> tuple[tuple[str, int], ...]:
        """Each group work chosen with how many chose it, in the order first seen; unchosen left out."""
        return tuple(Counter(a.group_work for a in self.attendees if a.group_work).items())


def registration_deliverables(run: Run) -> list[str]:
    """The keys of the programme's registration deliverables that it asks for (usually one, or none):
    those on, and those turned off after teams had answered (their answers are kept)."""
    planned = {a.deliverable for a in run.assignments}
    return [d.key for d in run.workflow.deliverables if d.form == REGISTRATION_FORM and d.key in planned]


def occurrences(run: Run, deliverable: str) -> list[int]:
    """The gatherings (occurrence numbers) a registration deliverable asks about, in order."""
    return sorted({a.occurrence for a in run.assignments if a.deliverable == deliverable})


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def attendees_of(team: str, team_name: str, answers: Mapping[str, Any]) -> list[Attendee]:
    """The people a team's answers list (rows without a name are left out)."""
    rows = answers.get("deltakere")
    out = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping) or not _text(row.get("navn")):
            continue
        out.append(
            Attendee(
                team,
                team_name,
                _text(row.get("navn")),
                _text(row.get("rolle")),
                _text(row.get("kosthold")),
                _text(row.get("allergier")),
                _text(row.get("gruppearbeid")),
            )
        )
    return out


def summarise_registrations(
    run: Run, deliverable: str, number: int, answers: Mapping[str, tuple[Mapping[str, Any], datetime] | None]
) -> Registrations:
    """The registrations for occurrence ``number`` of ``deliverable``; ``answers`` maps a team id to
    its latest submitted answers and when they came (None: not answered)."""
    teams, attendees = [], []
    for team in run.programme.teams:
        assignment = run.find(team.id, deliverable, number)
        found = answers.get(team.id)
        if assignment is None and found is None:
            continue
        # Out if it withdrew before the deadline (as the delivery status says); asked otherwise.
        due_day = assignment.effective_due_at.astimezone(run.workflow.tz).date() if assignment else None
        out = team.withdrawn is not None and (due_day is None or team.withdrawn.date <= due_day)
        if found is None:
            teams.append(TeamAnswer(team.id, team.name, False, withdrawn=out))
            continue
        values, submitted_at = found
        people = attendees_of(team.id, team.name, values)
        attendees += people
        comment = _text(values.get("kommentar"))
        teams.append(TeamAnswer(team.id, team.name, True, len(people), submitted_at, comment, out))
    return Registrations(deliverable, number, tuple(teams), tuple(attendees))
