"""Words the exports and the pages share: a delivery status as people say it, and an assignment's name.

One place for them, so a Word report, a bundle's cover page and the leader's pages call a late
Statusrapport the same thing. Translated with Flask-Babel in the language of the request, or the
one the caller forces (``flask report …`` writes in the programme's language).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..cycle import Assignment, Run, Status
from ..i18n import current_language

STATUS_WORDS = {
    Status.NOT_OPEN: _l("Not open yet"),
    Status.OPEN: _l("Open"),
    Status.OVERDUE: _l("Overdue"),
    Status.SUBMITTED_ON_TIME: _l("Submitted on time"),
    Status.SUBMITTED_LATE: _l("Submitted late"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.EXCUSED: _l("Excused"),
}


def status_word(status: Status | str) -> str:
    """The word for a delivery status (pages add a symbol; never colour alone)."""
    return str(STATUS_WORDS.get(Status(status), status))


def deliverable_title(run: Run, deliverable: str) -> str:
    """The deliverable's title in the language of the page ("Framdriftsplan" in Nynorsk)."""
    spec = run.workflow.deliverable(deliverable)
    return spec.title_in(_language()) if spec else deliverable


def occasion_name(run: Run, deliverable: str, occurrence: int) -> str:
    """'Fremdriftsplan after gathering 2', 'Statusrapport before gathering 4', or the title alone."""
    spec = run.workflow.deliverable(deliverable)
    title = deliverable_title(run, deliverable)
    if spec is None or not spec.per_gathering:
        return title
    if spec.opens.relation == "before":
        return _("%(title)s before gathering %(number)s", title=title, number=occurrence)
    return _("%(title)s after gathering %(number)s", title=title, number=occurrence)


def _language() -> str:
    try:
        return current_language()
    except RuntimeError:  # outside a request (a command without a page): the default
        return "nb"


def occasion(run: Run, assignment: Assignment) -> str:
    """:func:`occasion_name` of ``assignment``."""
    return occasion_name(run, assignment.deliverable, assignment.occurrence)
