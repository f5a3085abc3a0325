"""Team work: the team's forms, drafts shared by the team, submissions.

The service layer behind the team pages (``engine.web.team``); views stay thin and call in
here (who a link belongs to is ``engine.access.team``). Modules by job:

- ``context``: :func:`form_context` (the ``FormContext`` of an assignment, prefill included),
  :func:`reference_deliveries` (the plan a report looks back on), :func:`delivered_document`;
- ``work``: :func:`open_sheet` → :class:`Sheet` (what the form page shows and starts from),
  :func:`save_draft`, :func:`submit`, :class:`NotEditable`;
- ``attachments``: :func:`form_hooks` (keeping the files a form post carries in the team's folder)
  and who may fetch a file;
- ``compare``: :func:`differences` (a team-mate's values that differ, for the conflict page);
- ``overview``: :func:`team_overview` → :class:`Overview` (the team page);
- the learning loop: ``feedback`` (the leader's and reference groups' feedback), ``partners``
  (the reference group's side), ``messages`` (the leader's messages to teams), ``followup`` (the
  leader's follow-up notes), ``inbox`` (what reached a team), ``ledger`` (all of it as plain
  records for reports).
"""

from __future__ import annotations

from .attachments import form_hooks
from .compare import Difference, differences
from .context import delivered_document, form_context, reference_deliveries, snapshot_or_current
from .feedback import FeedbackItem, FeedbackRefused
from .inbox import Inbox, document_feedback, team_inbox
from .overview import AssignmentLine, Overview, team_overview
from .work import (
    CLOSED,
    EXCUSED,
    NOT_OPEN,
    WITHDRAWN,
    NotEditable,
    Sheet,
    blocked_reason,
    open_sheet,
    save_draft,
    submit,
)

__all__ = [
    "CLOSED",
    "EXCUSED",
    "NOT_OPEN",
    "WITHDRAWN",
    "AssignmentLine",
    "Difference",
    "FeedbackItem",
    "FeedbackRefused",
    "Inbox",
    "NotEditable",
    "Overview",
    "Sheet",
    "blocked_reason",
    "delivered_document",
    "differences",
    "document_feedback",
    "form_context",
    "form_hooks",
    "open_sheet",
    "reference_deliveries",
    "save_draft",
    "snapshot_or_current",
    "submit",
    "team_inbox",
    "team_overview",
]
