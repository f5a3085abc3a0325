"""A team's work on one assignment: what the form starts from, saving drafts, submitting.

The draft belongs to the team (one per assignment, ``engine.store.drafts``): whoever opens the
form continues where a team-mate stopped. Saving passes the draft revision the page was based
on, so a team-mate's save in between is reported as a conflict instead of being overwritten,
and a per-render nonce, so a double click or a resent POST is stored once. Submitting writes a
snapshot of the template version filled in (once per version), then the delivery — a new
version each time, every version kept — then queues the receipt mail. Nothing here sends mail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..access.team import TeamAccess
from ..cycle import Assignment, Status, team_is_active
from ..mail.receipts import queue_receipt
from ..programmes import Run, answers_of
from ..schema import FormContext, FormTemplate
from ..schema.display import DocumentView
from ..store import LEADER_OWNER, Store
from ..store import deliveries as delivery_repo
from ..store import drafts as draft_repo
from ..store.drafts import DraftSave
from ..store.records import parse_iso
from ..store.templates import snapshot_template
from .context import form_context

NOT_OPEN, CLOSED, WITHDRAWN, EXCUSED = "not_open", "closed", "withdrawn", "excused"


class NotEditable(RuntimeError):
    """The assignment cannot be saved or submitted now; ``reason`` is one of the constants above."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Sheet:
    """One assignment as the team's form page sees it at ``now``.

    ``blocked`` says why it cannot be edited (``not_open``, ``closed``, ``withdrawn``, ``excused``)
    or is None when it can; ``latest_answers`` are the newest submitted version's answers.
    """

    access: TeamAccess
    assignment: Assignment
    status: Status
    template: FormTemplate
    context: FormContext
    draft: dict[str, Any] | None
    versions: list[dict[str, Any]]
    blocked: str | None
    latest_answers: dict[str, Any] = field(default_factory=dict)

    @property
    def latest(self) -> dict[str, Any] | None:
        """The newest submitted version, or None."""
        return self.versions[-1] if self.versions else None

    @property
    def revision(self) -> int:
        """The draft revision a form shown now is based on (0: no draft yet)."""
        return int(self.draft["revision"]) if self.draft else 0

    @property
    def draft_is_newer(self) -> bool:
        """Whether the team saved changes after its latest submission (or never submitted)."""
        if self.draft is None:
            return False
        latest = self.latest
        # ">=": times are kept to the second, and a team-mate's save in the same second as a
        # submission must not be hidden (the next save would overwrite it without a conflict)
        return latest is None or parse_iso(self.draft["saved_at"]) >= parse_iso(latest["submitted_at"])

    def starting_form(self, form_class: type) -> Any:
        """The form as the page first shows it: the newer of the draft and the latest submission
        (so a correction starts from what was submitted), else a new form with prefill."""
        if self.draft_is_newer:
            return form_class.from_draft(self.draft["values"])
        if self.latest is not None:
            return form_class.from_answers(self.latest_answers, prefill=False)
        return form_class.from_answers({})


def open_sheet(
    store: Store, access: TeamAccess, assignment: Assignment, template: FormTemplate, now: datetime
) -> Sheet:
    """Everything the form page of ``assignment`` needs (``assignment`` must be the team's own)."""
    run = access.run
    if (assignment.team or LEADER_OWNER) != access.team.id:
        raise ValueError(f"{assignment.key} is not an assignment of team {access.team.id}")
    versions = run.versions(assignment.key)
    status = run.status(assignment.key, now)
    draft = draft_repo.get_draft(store, run.id, access.team.id, assignment.key)
    latest_answers = answers_of(store, run, versions[-1]) if versions else {}
    return Sheet(
        access,
        assignment,
        status,
        template,
        form_context(store, run, assignment),
        draft,
        versions,
        blocked_reason(run, assignment, status, now),
        latest_answers,
    )


def blocked_reason(run: Run, assignment: Assignment, status: Status, now: datetime) -> str | None:
    """Why the team cannot change ``assignment`` at ``now``, or None. Late work is welcome until
    the workflow closes the form; a withdrawn team and a waived assignment take no more work."""
    team = run.programme.team(assignment.team or "")
    if now < assignment.opens_at:
        return NOT_OPEN
    if assignment.closes_at is not None and now > assignment.closes_at:
        return CLOSED
    if status == Status.WITHDRAWN or (team is not None and not team_is_active(team, now, run.workflow.tz)):
        return WITHDRAWN
    if status == Status.EXCUSED:
        return EXCUSED
    return None


def save_draft(
    store: Store, sheet: Sheet, values: Mapping[str, Any], base_revision: int, nonce: str | None, now: datetime
) -> DraftSave:
    """Save ``values`` (raw, as typed) as the team's draft; see ``engine.store.drafts.save_draft``.

    A replayed nonce whose draft a team-mate has since changed is reported as a conflict, so the
    page never claims the person's text is stored when another version is.
    """
    if sheet.blocked:
        raise NotEditable(sheet.blocked)
    access = sheet.access
    result = draft_repo.save_draft(
        store,
        access.pid,
        access.team.id,
        sheet.assignment.key,
        values,
        access.member.id,
        access.member.name,
        base_revision,
        nonce,
        now,
    )
    if result.status == "replayed" and result.draft["values"] != dict(values):
        return DraftSave("conflict", result.draft)
    return result


def submit(
    store: Store, sheet: Sheet, answers: Mapping[str, Any], document: DocumentView, nonce: str | None, now: datetime
) -> dict[str, Any]:
    """Record ``answers`` (typed, checked with ``check_submit``) as a new version; returns the delivery.

    Stores the template snapshot first (an old version always renders with its own schema), then
    the delivery with the opening and effective due instants, then queues the receipt to the
    member who submitted. A replayed nonce returns the delivery it made and stores nothing new.
    """
    if sheet.blocked:
        raise NotEditable(sheet.blocked)
    access, assignment, template = sheet.access, sheet.assignment, sheet.template
    snapshot_template(store, access.pid, template.id, template.version, template.to_dict())
    meta = {"form": template.id, "form_version": template.version, "opens_at": assignment.opens_at}
    delivery = delivery_repo.submit(
        store,
        access.pid,
        access.team.id,
        assignment.key,
        answers,
        meta,
        access.member.id,
        access.member.name,
        nonce,
        assignment.effective_due_at,
        now,
    )
    if assignment.team is not None:  # the leader's own document gets no receipt: the page is enough
        queue_receipt(store, access.run, assignment, delivery, access.member, document, now)
    return delivery
