"""Receipts and re-sent links: outbox records the team pages and the leader's pages enqueue.

Mail is never sent inside a request: these functions compose the message from the workflow's
mail texts (``receipt`` and ``link``, rendered by ``engine.cycle.render_mail``) and put it in the
outbox with an idempotency key; the scheduler's sender mints the member's link at send time and
puts it where :data:`engine.access.links.LINK_MARKER` stands (``link_for`` says whose link it is), so a
raw token never rests on disk.

A receipt goes to the member who submitted, and only to them: it carries that member's personal
link, which must not reach a team-mate's inbox (the team sees the submission on its page).

- ``queue_receipt(store, run, assignment, delivery, member, document, now) -> (message, created)``
  — key ``receipt:<delivery id>``, kind ``receipt``;
- ``queue_link(store, run, team, member, nonce, now) -> (message, created)`` — key
  ``link:<team>:<member>:<nonce>``, kind ``link``;
- ``answer_lines(document) -> list[(label, text)]`` — the plain-text copy of the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..access.links import LINK_MARKER
from ..cycle import Assignment, Delivery, Member, link_context, receipt_context, render_mail
from ..programmes import Run
from ..schema.display import DocumentView
from ..store import Store
from ..store.outbox import enqueue
from .compose import text_to_html


def answer_lines(document: DocumentView) -> list[tuple[str, str]]:
    """Each answered question as (label, plain text); a table's rows become one line each.

    Static text (``info``) is left out: the copy is of what the team wrote.
    """
    lines = []
    for section in document.sections:
        for item in section.items:
            if item.type == "info":
                continue
            label = item.label or section.title
            if item.type == "table":
                rows = [
                    "- "
                    + "; ".join(f"{column}: {value}" for column, value in zip(item.columns, row, strict=False) if value)
                    for row in item.rows
                ]
                lines.append((label, "\n".join(rows)))
            else:
                lines.append((label, item.text))
    return lines


def member_message(run: Run, key: str, kind: str, team: str, member: Member, subject: str, text: str) -> dict[str, Any]:
    """An outbox record to one member, carrying their personal link (minted when it is sent); the HTML
    part says what the text says, with the link as the workflow's button for ``kind``."""
    template = run.workflow.mail.get(kind)
    link_text = template.in_language(run.programme.language).link_text if template else ""
    return {
        "key": key,
        "kind": kind,
        "team": team,
        "member": member.id,
        "to": [{"name": member.name, "email": member.email}],
        "subject": subject,
        "text": text,
        "html": text_to_html(text, subject, run.programme.language or "nb", link_text),
        "link_for": {"team": team, "member": member.id},
    }


def queue_receipt(
    store: Store,
    run: Run,
    assignment: Assignment,
    delivery: Mapping[str, Any],
    member: Member,
    document: DocumentView,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """Enqueue the receipt of ``delivery`` to ``member``, with a copy of the answers (``document``)."""
    context = receipt_context(
        run.programme,
        run.workflow,
        assignment,
        Delivery.from_document(delivery),
        answer_lines(document),
        member.id,
        LINK_MARKER,
    )
    subject, text = render_mail(run.workflow, "receipt", context, run.programme.language)
    message = member_message(run, f"receipt:{delivery['id']}", "receipt", assignment.team or "", member, subject, text)
    return enqueue(store, run.id, {**message, "assignment": assignment.key}, now)


def queue_link(
    store: Store, run: Run, team_id: str, member_id: str, nonce: str, now: datetime
) -> tuple[dict[str, Any], bool]:
    """Enqueue the ``link`` mail: a member's personal link, sent again at the leader's request.

    ``nonce`` comes from the leader's form, so a double click queues one message. Raises
    ``LookupError`` for a team or member that is not in the programme (or not active).
    """
    team = run.programme.team(team_id)
    member = team.member(member_id) if team is not None else None
    if member is None or not member.active:
        raise LookupError(f"{team_id}/{member_id}")
    context = link_context(run.programme, run.workflow, team.id, member.id, LINK_MARKER)
    subject, text = render_mail(run.workflow, "link", context, run.programme.language)
    return enqueue(
        store,
        run.id,
        member_message(run, f"link:{team.id}:{member.id}:{nonce}", "link", team.id, member, subject, text),
        now,
    )
