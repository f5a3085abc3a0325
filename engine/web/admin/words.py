"""Words for the engine's codes on the leader's pages, so no page says ``invitation``, ``soon`` or
``moss/statusrapport/4`` where a Norwegian leader reads.

Mail kinds (``X-Verksted-Kind``), reminder rules (the workflow's ``id``s, said as "7 days before the
deadline"), the reasons the outbox records for a message it dropped, and assignment keys (said as
"Moss – Statusrapport before gathering 4"). Each is a Jinja global, and a function for Python views.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ...programmes import Run
from ...store.records import split_assignment
from .blueprint import bp
from .common import occurrence_label

MAIL_KINDS = {
    "invitation": _l("Invitation"),
    "reminder": _l("Reminder"),
    "overdue": _l("Overdue notice"),
    "receipt": _l("Receipt"),
    "digest": _l("Weekly digest"),
    "evaluation": _l("Evaluation link"),
    "link": _l("Personal link"),
    "feedback": _l("Feedback"),
    "message": _l("Message"),
    "presenter": _l("Chosen to present"),
}

# The reasons engine.mail.relevance records for a message it did not send.
DROPPED = {
    "the team has submitted": _l("the team has submitted"),
    "the assignment was excused": _l("the assignment was excused"),
    "the team has withdrawn": _l("the team has withdrawn"),
    "the assignment is not open": _l("the assignment is not open"),
    "the team is no longer in the programme": _l("the team is no longer in the programme"),
    "the member is no longer active": _l("the member is no longer active"),
    "the assignment is no longer in the plan": _l("the assignment is no longer in the plan"),
    "its moment has passed (a later message replaces it)": _l("its moment had passed (a later message replaces it)"),
}


@bp.app_template_global("mail_kind_word")
def mail_kind_word(kind: str | None) -> str:
    """'Invitation' for ``invitation``; an unknown kind as it is."""
    return str(MAIL_KINDS.get(kind or "", kind or ""))


@bp.app_template_global("rule_words")
def rule_words(run: Run | None, rule: str | None) -> str:
    """A reminder rule as what it does: '7 days before the deadline', 'sent by hand'."""
    if not rule:
        return ""
    if rule == "manual":
        return _("sent by hand")
    found = next((r for r in run.workflow.reminders if r.id == rule), None) if run is not None else None
    if found is None:
        return rule
    if found.offset < 0:
        return ngettext("%(num)d day before the deadline", "%(num)d days before the deadline", found.days)
    return ngettext("%(num)d day after the deadline", "%(num)d days after the deadline", found.days)


@bp.app_template_global("dropped_reason")
def dropped_reason(reason: str | None) -> str:
    """Why the outbox dropped a message, in the leader's language."""
    return str(DROPPED.get(reason or "", reason or ""))


@bp.app_template_global("assignment_name")
def assignment_name(run: Run, key: str | None) -> str:
    """'Moss – Statusrapport before gathering 4' for ``<programme>/moss/statusrapport/4``."""
    try:
        _pid, team_id, deliverable, occurrence = split_assignment(key or "")
    except ValueError:
        return key or ""
    team = run.programme.team(team_id)
    what = occurrence_label(run, deliverable, occurrence)
    return f"{team.name} – {what}" if team else what
