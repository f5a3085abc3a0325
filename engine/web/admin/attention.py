"""The leader's front page: what needs attention across programmes (``engine.programmes.attention``),
and the reading marks behind "waiting for your reading".

Opening a submission as a logged-in leader or observer records that they have read that version
(:func:`note_reading`, a GET that writes only the reader's own mark — never anything a team sees);
"mark as unread" and "mark everything as read" are POSTs.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import Any

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from ...cycle import Assignment
from ...programmes import Run
from ...programmes.attention import KINDS, Item
from ...store import StoreUnavailable, get_store
from ...store import readings as reading_repo
from ...store.records import parse_iso, split_assignment
from ...timefmt import local
from .blueprint import bp, run_or_404
from .common import now
from .words import assignment_name

SHOWN = 8  # items per kind before the rest folds away


def note_reading(run: Run, assignment: Assignment, record: dict[str, Any]) -> None:
    """The logged-in admin has now read ``record`` (and, with it, what came before). A data folder that
    cannot be written keeps the mark unset but the page readable: it is the admin's own bookkeeping."""
    with suppress(StoreUnavailable):
        reading_repo.mark_read(
            get_store(), run.id, g.admin["id"], [(assignment.key, int(record["version"]), record["id"])], now()
        )


@bp.app_template_global("relative_days")
def relative_days(moment: datetime) -> str:
    """' (in 5 days)', ' (today)', ' (12 days ago)': how far ``moment``'s day is from today."""
    days = (local(moment).date() - local(now()).date()).days
    if days == 0:
        return " " + _("(today)")
    if days > 0:
        return " " + ngettext("(in %(num)d day)", "(in %(num)d days)", days)
    return " " + ngettext("(%(num)d day ago)", "(%(num)d days ago)", -days)


@bp.app_template_global("attention_kinds")
def attention_kinds() -> list[Any]:
    """The kinds of the front page, in order, with their words translated."""
    return [
        {"id": k.id, "heading": _(k.heading), "explanation": _(k.explanation), "when": k.when, "by": k.by}
        for k in KINDS
    ]


@bp.app_template_global("attention_what")
def attention_what(runs: dict[str, Run], item: Item) -> str:
    """'Moss – Statusrapport before gathering 4', or the person a message was for."""
    run = runs.get(item.programme)
    if run is not None and item.assignment:
        return assignment_name(run, item.assignment)
    if run is not None and item.team and run.programme.team(item.team):
        return run.programme.team(item.team).name
    return item.person or ""


@bp.app_template_global("attention_links")
def attention_links(item: Item) -> Markup:
    """The links to where ``item`` is handled, as HTML."""
    links = []
    for target in item.go:
        found = _link(item, target)
        if found:
            href, label = found
            links.append(Markup('<a href="{}">{}</a>').format(href, label))
    return Markup(" ").join(links)


def _link(item: Item, target: str) -> tuple[str, str] | None:
    pid = item.programme
    if target == "mail":
        return url_for("admin.programme_mail_page", pid=pid, _anchor="failed"), _("See the message and retry")
    if not item.assignment:
        return None
    _p, team, deliverable, occurrence = split_assignment(item.assignment)
    where = {"pid": pid, "team": team, "deliverable": deliverable, "occurrence": occurrence}
    if target == "remind":
        return url_for("admin.programme_mail_page", pid=pid, assignment=item.assignment), _("Send a reminder")
    if target == "team":
        return url_for("admin.team", pid=pid, team=team), _("More time or an excusal")
    if target == "read":
        label = _("Read version %(n)s", n=item.version) if item.version and item.version > 1 else _("Read it")
        return url_for("admin.submission", **where), label
    if target == "compare":
        compare = f"{item.since},{item.version}"
        return url_for("admin.submission", compare=compare, **where), _(
            "What changed since version %(n)s", n=item.since
        )
    return None


@bp.post("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>/unread")
def mark_unread(pid: str, team: str, deliverable: str, occurrence: int):
    """Put a document back on the front page's reading list."""
    run = run_or_404(pid)
    assignment = run.find(team, deliverable, occurrence)
    if assignment is not None:
        reading_repo.mark_unread(get_store(), pid, g.admin["id"], assignment.key)
        flash(_("%(what)s is back on your reading list.", what=assignment_name(run, assignment.key)), "success")
    return redirect(url_for("admin.programmes"))


@bp.post("/p/<pid>/read-all")
def mark_all_read(pid: str):
    """Everything submitted so far in the programme counts as read (a leader starting mid-way)."""
    run = run_or_404(pid)
    moment = now()
    entries = [
        (v["assignment"], int(v["version"]), v["id"])
        for a in run.assignments
        for v in run.versions(a.key)
        if parse_iso(v["submitted_at"]) <= moment
    ]
    reading_repo.mark_read(get_store(), pid, g.admin["id"], entries, moment)
    flash(_("Everything submitted in %(title)s is marked as read.", title=run.programme.title), "success")
    return redirect(url_for("admin.programmes"))
