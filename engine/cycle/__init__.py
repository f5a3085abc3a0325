"""The workflow and programme languages, planning, delivery status and due mail. Pure.

No Flask, no TinyDB, no clock (``now`` is always an argument), no I/O beyond reading the YAML
(and JSON Schema) files in the loaders. The edges — store, mail, web, CLI — call in here:

- files: :func:`load_workflows`, :func:`load_workflow`, :func:`load_programme_file`;
- the admin UI: :class:`Programme` (``to_document``/``from_document``), :func:`programme_problems`;
- planning: :func:`plan_assignments` -> :class:`Assignment`, :func:`programme_span`;
- a run: :class:`Run` (programme, workflow, merged plan, deliveries; statuses at ``now``);
- status: :class:`Delivery`, :func:`merge_history`, :func:`delivery_status`, :func:`statuses`;
- mail: :class:`MailState`, :func:`due_mail` -> :class:`MailIntent`, :func:`intent_context`,
  :func:`render_mail`;
- the demo: :func:`shift_programme`;
- a programme's own cycle: :func:`adjusted_workflow`, :func:`adjustment_problems`, :func:`cycle_changes`.
"""

from __future__ import annotations

from .adjust import AdjustmentError, adjusted_workflow, adjustment_problems, cycle_changes
from .deliveries import (
    Delivery,
    Status,
    delivery_status,
    first_deliveries,
    merge_history,
    open_status,
    plan_run,
    statuses,
    still_expected,
    team_is_active,
    withdrawal_start,
)
from .digest import DigestContent, DigestLine, digest_content, digest_moment
from .duemail import (
    MailIntent,
    MailState,
    Recipient,
    due_mail,
    mail_periods,
    may_be_due,
    rule_windows,
    sending_moment,
)
from .ids import slugify, unique_slug
from .mailcontext import (
    common_context,
    feedback_context,
    intent_context,
    link_context,
    message_context,
    presenter_context,
    receipt_context,
)
from .mailtexts import TEMPLATE_VARIABLES, render_mail, template_problems
from .planning import Assignment, Period, PlanError, assignment_key, plan_assignments, plan_problems, programme_span
from .programme import Excusal, Extension, Gathering, Member, Person, Programme, Team, Withdrawal
from .programme_load import load_programme_file, programme_from_source, programme_schema
from .programme_rules import programme_problems
from .run import Run
from .shift import shift_days, shift_programme, shift_programme_before, shift_programme_by
from .workflow import Anchor, Deliverable, DigestRule, MailTemplate, Ref, ReminderRule, Workflow
from .workflow_load import load_workflow, load_workflows, workflow_from_source, workflow_schema

__all__ = [
    "TEMPLATE_VARIABLES",
    "AdjustmentError",
    "Anchor",
    "Assignment",
    "Deliverable",
    "Delivery",
    "DigestContent",
    "DigestLine",
    "DigestRule",
    "Excusal",
    "Extension",
    "Gathering",
    "MailIntent",
    "MailState",
    "MailTemplate",
    "Member",
    "Period",
    "Person",
    "PlanError",
    "Programme",
    "Recipient",
    "Ref",
    "ReminderRule",
    "Run",
    "Status",
    "Team",
    "Withdrawal",
    "Workflow",
    "adjusted_workflow",
    "adjustment_problems",
    "assignment_key",
    "common_context",
    "cycle_changes",
    "delivery_status",
    "digest_content",
    "digest_moment",
    "due_mail",
    "feedback_context",
    "first_deliveries",
    "intent_context",
    "link_context",
    "load_programme_file",
    "load_workflow",
    "load_workflows",
    "mail_periods",
    "may_be_due",
    "merge_history",
    "message_context",
    "open_status",
    "plan_assignments",
    "plan_problems",
    "plan_run",
    "presenter_context",
    "programme_from_source",
    "programme_problems",
    "programme_schema",
    "programme_span",
    "receipt_context",
    "render_mail",
    "rule_windows",
    "sending_moment",
    "shift_days",
    "shift_programme",
    "shift_programme_before",
    "shift_programme_by",
    "slugify",
    "statuses",
    "still_expected",
    "team_is_active",
    "template_problems",
    "unique_slug",
    "withdrawal_start",
    "workflow_from_source",
    "workflow_schema",
]
