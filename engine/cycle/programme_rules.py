"""The rules a programme must follow, for files and for programmes built in the admin UI alike.

:func:`rule_problems` yields ``(path parts, message)`` pairs against the model, in the file's
list order, so the file loader turns them into ``file:line: path: message`` lines and
:func:`programme_problems` into ``path: message`` strings for the admin UI.

Rules: the id is a slug; the workflow exists; there is a title, recipient and leader; no text
holds an invisible control character, and one-line texts (everything but a gathering's agenda, the
reasons of withdrawals and excusals and the bodies of the cycle's mail texts) hold no line break
(``schema.cleantext``); gathering
dates strictly increase, times are "HH:MM" (an end after the start) — places, hosts and themes may
come later (a host is free text: a team's name, or a partner that is not a team); team names and ids
are unique; a team is reference group only for other teams of the programme, each named once;
member e-mail addresses are valid and unique within their team; a withdrawal falls
inside the programme's span and says why; extensions and excusals name an existing team,
deliverable and an occurrence the plan has, and an extension is not before the planned due day.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, time

from ..schema.cleantext import text_problem
from ..schema.source import format_path
from .adjust import adjusted_workflow, adjustment_problems
from .ids import MAX_SLUG, is_slug, slugify
from .planning import Assignment, PlanError, plan_assignments, plan_problems, programme_span
from .programme import Member, Programme
from .timerules import local_day, parse_clock
from .workflow import TEAM_KINDS, Workflow

Found = Iterator[tuple[tuple[str | int, ...], str]]


def programme_problems(programme: Programme, workflow: Workflow | Mapping[str, Workflow] | None) -> list[str]:
    """Everything wrong with ``programme``, one ``path: message`` line each (empty when valid).

    ``workflow`` is the programme's workflow, or the catalogue's workflows by id.
    """
    found = rule_problems(programme, workflow)
    return [f"{format_path(parts) or '(programme)'}: {message}" for parts, message in found]


def rule_problems(programme: Programme, workflow: Workflow | Mapping[str, Workflow] | None) -> Found:
    """The programme rules as ``(path parts, message)`` pairs."""
    if isinstance(workflow, Mapping):
        known = workflow
        workflow = known.get(programme.workflow)
        if workflow is None:
            names = ", ".join(sorted(known)) or "none are loaded"
            yield ("workflow",), f"unknown workflow '{programme.workflow}' (known workflows: {names})"
    elif workflow is not None and workflow.id != programme.workflow:
        yield ("workflow",), f"the programme names workflow '{programme.workflow}', not '{workflow.id}'"
        workflow = None
    if len(programme.id) > MAX_SLUG:
        yield ("id",), _too_long(programme.id)
    elif not is_slug(programme.id):
        yield (
            ("id",),
            (
                f"{programme.id!r} is not an id; use lower-case letters a-z, digits and hyphens, "
                f"such as '{slugify(programme.id) or 'jobbvinner-ostfold-2018'}'"
            ),
        )
    for name in ("title", "recipient"):
        if not str(getattr(programme, name)).strip():
            yield (name,), f"the {name} is missing"
    if not programme.leader.name.strip():
        yield ("leader", "name"), "the leader's name is missing"
    yield from _email(programme.leader.email, ("leader", "email"))
    yield from _text_problems(programme)
    gathering_problems = list(_gathering_problems(programme))
    yield from gathering_problems
    yield from _team_problems(programme)
    if workflow is not None and programme.cycle:
        adjusted = adjustment_problems(workflow, programme.cycle)
        yield from adjusted
        workflow = None if adjusted else adjusted_workflow(workflow, programme.cycle)
    if workflow is not None and not gathering_problems:  # a plan from broken dates would only add noise
        yield from _plan_dependent(programme, workflow)


def _email(address: str, parts: tuple[str | int, ...]) -> Found:
    # Imported here: its tables take 70 ms to import, and only checking a programme needs them.
    from email_validator import EmailNotValidError, validate_email

    if "@" in address and not address.rpartition("@")[0].isascii():
        # Valid (RFC 6531), but only a server offering SMTPUTF8 takes it, and mail to it would fail
        # unseen: refuse it where it is typed. A domain with such letters is fine (sent as IDNA).
        yield (
            parts,
            f"{address!r} has letters outside A–Z before the @; Verksted cannot send mail to it, "
            "so use another address for this person",
        )
        return
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        yield parts, f"{address!r} is not a valid e-mail address: {exc}"


def _texts(programme: Programme) -> Iterator[tuple[tuple[str | int, ...], str | None, bool]]:
    """Every free text of the programme: ``(path, text, one line?)`` (e-mail addresses have rules of their own)."""
    yield ("title",), programme.title, True
    yield ("recipient",), programme.recipient, True
    yield ("leader", "name"), programme.leader.name, True
    for index, gathering in enumerate(programme.gatherings):
        for name in ("start", "end", "place", "host", "theme"):
            yield ("gatherings", index, name), getattr(gathering, name), True
        yield ("gatherings", index, "agenda"), gathering.agenda, False
    for index, team in enumerate(programme.teams):
        yield ("teams", index, "name"), team.name, True
        if team.withdrawn is not None:
            yield ("teams", index, "withdrawn", "reason"), team.withdrawn.reason, False
        for number, member in enumerate(team.members):
            yield ("teams", index, "members", number, "name"), member.name, True
            yield ("teams", index, "members", number, "role"), member.role, True
    for index, excusal in enumerate(programme.excusals):
        yield ("excusals", index, "reason"), excusal.reason, False
    cycle = programme.cycle if isinstance(programme.cycle, Mapping) else {}
    mail = cycle.get("mail")
    if isinstance(mail, Mapping):  # the programme's own mail texts (its cycle): a subject is one line
        for kind, texts in mail.items():
            if isinstance(texts, Mapping):
                yield ("cycle", "mail", kind, "subject"), texts.get("subject"), True
                yield ("cycle", "mail", kind, "body"), texts.get("body"), False
                yield ("cycle", "mail", kind, "link_text"), texts.get("link_text"), True


def _text_problems(programme: Programme) -> Found:
    for parts, text, single_line in _texts(programme):
        if isinstance(text, str) and (problem := text_problem(text, single_line)) is not None:
            yield parts, problem


# Dates a programme can hold: a wide margin around any real one, and far enough from the ends of the
# calendar that date arithmetic (a deadline 42 days after a gathering) can never overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _too_long(value: str) -> str:
    return f"the id '{value[:20]}…' is {len(value)} characters long; an id has at most {MAX_SLUG}"


def _id_problem(value: str, taken: str | None) -> str | None:
    """What is wrong with ``value`` as the id of a gathering, a team or a member: too long, not an
    id, or ``taken`` (the message, when another one of them has it already); None if nothing."""
    if len(value) > MAX_SLUG:
        return _too_long(value)
    if not is_slug(value):
        return f"{value!r} is not an id; use lower-case letters a-z, digits and hyphens"
    return taken


def _year_problem(day: date) -> str | None:
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return f"{day.isoformat()} is not a plausible date; give a date between {FIRST_YEAR} and {LAST_YEAR}"


def _gathering_problems(programme: Programme) -> Found:
    ids: set[str] = set()
    previous = None
    for index, gathering in enumerate(programme.gatherings):
        here = ("gatherings", index)
        taken = f"the id '{gathering.id}' is used by another gathering" if gathering.id in ids else None
        if (problem := _id_problem(gathering.id, taken)) is not None:
            yield (*here, "id"), problem
        ids.add(gathering.id)
        if (problem := _year_problem(gathering.date)) is not None:
            yield (*here, "date"), problem
        elif previous is not None and gathering.date <= previous:
            yield (
                (*here, "date"),
                (
                    f"{gathering.date.isoformat()} is not after the previous gathering "
                    f"({previous.isoformat()}); list gatherings in date order, one per day"
                ),
            )
        previous = gathering.date
        start = _clock(gathering.start)
        if start is None:
            yield (*here, "start"), f'{gathering.start!r} is not a time of day; write it as "HH:MM" in quotes'
        if gathering.end is not None:
            end = _clock(gathering.end)
            if end is None:
                yield (*here, "end"), f'{gathering.end!r} is not a time of day; write it as "HH:MM" in quotes'
            elif start is not None and end <= start:
                yield (*here, "end"), f"the end {gathering.end} is not after the start {gathering.start}"


def _clock(text: str) -> time | None:
    try:
        return parse_clock(text)
    except ValueError:
        return None


def _team_problems(programme: Programme) -> Found:
    names: dict[str, int] = {}
    ids: dict[str, int] = {}
    if not programme.teams:
        yield ("teams",), "a programme needs at least one team"
    for index, team in enumerate(programme.teams):
        here = ("teams", index)
        if not team.name.strip():
            yield (*here, "name"), "the team's name is missing"
        elif team.name.casefold() in names:
            yield (*here, "name"), f"the name '{team.name}' is used by teams[{names[team.name.casefold()]}]"
        names.setdefault(team.name.casefold(), index)
        taken = (
            f"the id '{team.id}' is used by teams[{ids[team.id]}]; give one of them another id"
            if team.id in ids
            else None
        )
        if (problem := _id_problem(team.id, taken)) is not None:
            yield (*here, "id"), problem
        ids.setdefault(team.id, index)
        if team.withdrawn is not None and not team.withdrawn.reason.strip():
            yield (*here, "withdrawn", "reason"), "say why the team withdrew"
        yield from _reference_problems(programme, team.id, team.reference_for, here)
        yield from _member_problems(team.members, here)


def _reference_problems(
    programme: Programme, team_id: str, partners: Iterable[str], here: tuple[str | int, ...]
) -> Found:
    """``reference_for`` names other teams of the programme, each once."""
    seen: set[str] = set()
    for index, ref in enumerate(partners):
        at = (*here, "reference_for", index)
        if programme.team(ref) is None:
            names = ", ".join(t.name for t in programme.teams if t.id != team_id) or "none"
            yield at, f"no team is named or has the id '{ref}' (the other teams: {names})"
        elif ref == team_id:
            yield at, "a team cannot be reference group for itself"
        elif ref in seen:
            yield at, f"'{ref}' is named twice"
        seen.add(ref)


def _member_problems(members: Iterable[Member], here: tuple[str | int, ...]) -> Found:
    emails: dict[str, int] = {}
    ids: dict[str, int] = {}
    for index, member in enumerate(members):
        at = (*here, "members", index)
        if not member.name.strip():
            yield (*at, "name"), "the member's name is missing"
        yield from _email(member.email, (*at, "email"))
        address = member.email.strip().casefold()
        if address in emails:
            yield (*at, "email"), f"{member.email} is already the address of members[{emails[address]}] of this team"
        emails.setdefault(address, index)
        taken = f"the id '{member.id}' is used by members[{ids[member.id]}] of this team" if member.id in ids else None
        if (problem := _id_problem(member.id, taken)) is not None:
            yield (*at, "id"), problem
        ids.setdefault(member.id, index)


def _plan_dependent(programme: Programme, workflow: Workflow) -> Found:
    """Rules that need the plan: they run once the gatherings fit the workflow."""
    found = plan_problems(programme, workflow)
    if found:
        yield from found
        return
    try:
        start, end = programme_span(programme, workflow)
        # exceptions of a deliverable turned off stay valid (and apply again if it is turned on)
        planned = {
            (a.team, a.deliverable, a.occurrence): a
            for a in plan_assignments(programme, workflow, include_disabled=True)
        }
    except PlanError as exc:  # plan_problems should have said it; never let it become a traceback
        yield ("gatherings",), str(exc)
        return
    for index, team in enumerate(programme.teams):
        if team.withdrawn and not start <= team.withdrawn.date <= end:
            yield (
                ("teams", index, "withdrawn", "date"),
                f"{team.withdrawn.date.isoformat()} is outside the programme "
                f"({start.isoformat()} to {end.isoformat()})",
            )
        if team.joined and team.withdrawn and team.joined > team.withdrawn.date:
            yield ("teams", index, "joined"), "a team cannot join after it withdrew"
    yield from _exception_problems(programme, workflow, planned, "extensions")
    yield from _exception_problems(programme, workflow, planned, "excusals")


def _exception_problems(programme: Programme, workflow: Workflow, planned: dict[tuple, Assignment], name: str) -> Found:
    seen: dict[tuple, int] = {}
    for index, item in enumerate(getattr(programme, name)):
        here = (name, index)
        if programme.team(item.team) is None:
            yield (*here, "team"), f"no team is named or has the id '{item.team}'"
            continue
        deliverable = workflow.deliverable(item.deliverable)
        if deliverable is None:
            keys = ", ".join(d.key for d in workflow.deliverables)
            yield (*here, "deliverable"), f"the workflow has no deliverable '{item.deliverable}' (it has: {keys})"
            continue
        if deliverable.by not in TEAM_KINDS:
            yield (*here, "deliverable"), f"'{item.deliverable}' is answered by participants, not owed by a team"
            continue
        assignment = planned.get((item.team, item.deliverable, item.occurrence))
        if assignment is None:
            have = ", ".join(str(o) for (t, d, o) in planned if t == item.team and d == item.deliverable)
            yield (*here, "occurrence"), f"{item.deliverable} has no occurrence {item.occurrence} (it has: {have})"
            continue
        identity = (item.team, item.deliverable, item.occurrence)
        if identity in seen:
            yield here, f"{name}[{seen[identity]}] already concerns this team and assignment"
        seen.setdefault(identity, index)
        if name == "extensions":
            planned_day = local_day(assignment.due_at, workflow.tz)
            if (problem := _year_problem(item.due)) is not None:
                yield (*here, "due"), problem
            elif item.due < planned_day:
                yield (
                    (*here, "due"),
                    (
                        f"{item.due.isoformat()} is before the planned due day "
                        f"{planned_day.isoformat()}; an extension can only give more time"
                    ),
                )
        elif not item.reason.strip():
            yield (*here, "reason"), "say why the assignment is excused"
