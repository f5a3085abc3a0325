"""The values the workflow's mail templates see (``mailtexts.TEMPLATE_VARIABLES``), built purely.

The mail layer adds what only it knows — the URL of a member's link (minted when the message is
sent), the evaluation URL, the admin URL for the digest — and renders with
``mailtexts.render_mail``. Names of people, teams and deliverables come from the programme and
workflow *as they are now*; dates come from the intent (what the message is about).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .deliveries import Delivery
from .digest import DigestLine
from .duemail import MailIntent
from .planning import Assignment, Period
from .programme import Gathering, Programme
from .workflow import Workflow


def common_context(programme: Programme, workflow: Workflow) -> dict[str, Any]:
    """Variables every template may use."""
    return {
        "programme": programme.title,
        "programme_id": programme.id,
        "workflow": workflow.title,
        "leader": {"name": programme.leader.name, "email": programme.leader.email},
        "recipient": programme.recipient,
    }


def intent_context(
    intent: MailIntent, programme: Programme, workflow: Workflow, link: str | None = None
) -> dict[str, Any]:
    """The template context of a planned message; ``link`` is the member's (or evaluation, or admin) URL."""
    context = common_context(programme, workflow)
    team = programme.team(intent.team) if intent.team else None
    member = team.member(intent.member) if team and intent.member else None
    context.update(team=team.name if team else None, member=member.name if member else None, link=link)
    if intent.kind == "digest" and intent.digest is not None:
        lines = _lines(programme, workflow)
        context.update(
            week=intent.digest.week,
            week_start=intent.digest.moment,
            new_deliveries=lines(intent.digest.new_deliveries),
            due_this_week=lines(intent.digest.due_this_week),
            overdue=lines(intent.digest.overdue),
        )
        return context
    context.update(_occasion(programme, workflow, intent.deliverable or "", intent.occurrence or 1, intent.gathering))
    context.update(
        opens=intent.opens_at,
        due=intent.due_at,
        extended=intent.extended,
        closes=intent.closes_at,
        period=_period(intent.period),
        days=intent.days,
        rule=intent.rule,
        kind=intent.kind,
        notified=[{"name": r.name, "email": r.email} for r in intent.notified],
    )
    return context


def receipt_context(
    programme: Programme,
    workflow: Workflow,
    assignment: Assignment,
    delivery: Delivery,
    answers: Iterable[tuple[str, str]],
    member_id: str | None,
    link: str | None,
) -> dict[str, Any]:
    """The ``receipt`` template's context: the submission and a copy of the answers (label, text)."""
    context = common_context(programme, workflow)
    team = programme.team(assignment.team or "")
    member = team.member(member_id) if team and member_id else None
    context.update(_occasion(programme, workflow, assignment.deliverable, assignment.occurrence, assignment.gathering))
    context.update(
        team=team.name if team else None,
        member=member.name if member else None,
        link=link,
        opens=assignment.opens_at,
        due=assignment.effective_due_at,
        extended=assignment.extended_due_at is not None,
        closes=assignment.closes_at,
        period=_period(assignment.period),
        submitted_at=delivery.submitted_at,
        submitted_by=delivery.submitted_by_name or (member.name if member else ""),
        version=delivery.version,
        late=delivery.due_at is not None and delivery.submitted_at > delivery.due_at,
        answers=[{"label": label, "value": value} for label, value in answers],
    )
    return context


def link_context(programme: Programme, workflow: Workflow, team_id: str, member_id: str, link: str) -> dict[str, Any]:
    """The ``link`` template's context: a member's personal link, sent again."""
    context = common_context(programme, workflow)
    team = programme.team(team_id)
    member = team.member(member_id) if team else None
    context.update(team=team.name if team else None, member=member.name if member else None, link=link)
    return context


def feedback_context(
    programme: Programme,
    workflow: Workflow,
    assignment: Assignment,
    feedback: Mapping[str, Any],
    member_id: str,
    link: str | None,
) -> dict[str, Any]:
    """The ``feedback`` template's context: feedback on a submitted version, to one member of its team.

    ``feedback`` holds ``text``, ``version``, ``submitted_at`` (of that version), ``requests_version``,
    ``from_team`` (the reference group's name, None for the leader) and ``author`` (a name).
    """
    context = common_context(programme, workflow)
    team = programme.team(assignment.team or "")
    member = team.member(member_id) if team else None
    context.update(_occasion(programme, workflow, assignment.deliverable, assignment.occurrence, assignment.gathering))
    context.update(
        team=team.name if team else None,
        member=member.name if member else None,
        link=link,
        version=feedback["version"],
        submitted_at=feedback.get("submitted_at"),
        author=feedback.get("author") or programme.leader.name,
        from_leader=feedback.get("from_team") is None,
        from_team=feedback.get("from_team"),
        requests_version=bool(feedback.get("requests_version")),
        text=feedback["text"],
    )
    return context


def message_context(
    programme: Programme, workflow: Workflow, team_id: str, member_id: str, subject: str, text: str, link: str
) -> dict[str, Any]:
    """The ``message`` template's context: the leader's message to a team, to one of its members."""
    context = link_context(programme, workflow, team_id, member_id, link)
    context.update(subject=subject, text=text)
    return context


def presenter_context(
    programme: Programme, workflow: Workflow, team_id: str, member_id: str, gathering: int, reason: str, link: str
) -> dict[str, Any]:
    """The ``presenter`` template's context: a team chosen to present its work at gathering ``gathering``."""
    context = link_context(programme, workflow, team_id, member_id, link)
    found = programme.gathering(gathering)
    context.update(gathering=_gathering(found, gathering), reason=reason)
    return context


def _occasion(
    programme: Programme, workflow: Workflow, key: str, occurrence: int, gathering: int | None
) -> dict[str, Any]:
    deliverable = workflow.deliverable(key)
    number = gathering or occurrence
    found = programme.gatherings[number - 1] if 1 <= number <= len(programme.gatherings) else None
    return {
        "deliverable": deliverable.title_in(programme.language) if deliverable else key,
        "occurrence": occurrence,
        "per_gathering": bool(deliverable and deliverable.per_gathering),
        "before_gathering": bool(deliverable and deliverable.opens.relation == "before"),
        "gathering": _gathering(found, number) if found else None,
    }


def _gathering(gathering: Gathering, number: int) -> dict[str, Any]:
    return {
        "number": number,
        "date": gathering.date,
        "start": gathering.start,
        "end": gathering.end,
        "place": gathering.place,
        "host": gathering.host,
        "theme": gathering.theme,
    }


def _period(period: Period | None) -> Mapping[str, Any] | None:
    if period is None:
        return None
    return {"start": period.start, "end": period.end, "months": list(period.months)}


def _lines(programme: Programme, workflow: Workflow) -> Callable[[Iterable[DigestLine]], list[dict[str, Any]]]:
    def convert(lines: Iterable[DigestLine]) -> list[dict[str, Any]]:
        result = []
        for line in lines:
            team = programme.team(line.team or "")
            occasion = _occasion(programme, workflow, line.deliverable, line.occurrence, None)
            result.append(
                {
                    "team": team.name if team else line.team,
                    "deliverable": occasion["deliverable"],
                    "occurrence": line.occurrence,
                    "per_gathering": occasion["per_gathering"],
                    "before_gathering": occasion["before_gathering"],
                    "due": line.due_at,
                    "submitted_at": line.submitted_at,
                    "version": line.version,
                    "late": line.late,
                }
            )
        return result

    return convert
