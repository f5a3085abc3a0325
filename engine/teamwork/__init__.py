"""Team work: personal links, the team's forms, drafts shared by the team, submissions.

The service layer behind the team pages (``engine.web.team``) and ``flask links``; views stay
thin and call in here. Modules by job:

- ``access``: :func:`resolve_access` (a raw link token → :class:`TeamAccess` or None),
  :func:`link_valid_until`, :func:`link_holders`, :func:`mint_links`;
- ``context``: :func:`form_context` (the ``FormContext`` of an assignment, prefill included),
  :func:`reference_deliveries` (the plan a report looks back on), :func:`delivered_document`;
- ``work``: :func:`open_sheet` → :class:`Sheet` (what the form page shows and starts from),
  :func:`save_draft`, :func:`submit`, :class:`NotEditable`;
- ``compare``: :func:`differences` (a team-mate's values that differ, for the conflict page);
- ``overview``: :func:`team_overview` → :class:`Overview` (the team page).
"""

from __future__ import annotations

from .access import MemberLink, TeamAccess, find_run, link_holders, link_valid_until, mint_links, resolve_access
from .compare import Difference, differences
from .context import delivered_document, form_context, reference_deliveries, snapshot_or_current
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
    "MemberLink",
    "NotEditable",
    "Overview",
    "Sheet",
    "TeamAccess",
    "blocked_reason",
    "delivered_document",
    "differences",
    "find_run",
    "form_context",
    "link_holders",
    "link_valid_until",
    "mint_links",
    "open_sheet",
    "reference_deliveries",
    "resolve_access",
    "save_draft",
    "snapshot_or_current",
    "submit",
    "team_overview",
]
