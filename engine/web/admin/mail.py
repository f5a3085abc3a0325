"""The leader's mail pages: every programme's outbox, mail per assignment, reminders by hand, the mailbox.

URLs (on the guarded admin blueprint; observers read, only leaders POST):

- ``GET  /admin/mail`` — every programme: waiting, failed and sent mail; the scheduler's last pass
- ``GET  /admin/p/<pid>/mail`` — the outbox (waiting, failed with the error and next attempt,
  recently sent) and the deliverables that have opened, with what mail went out for them;
  ``?deliverable=<key>&occurrence=<n>`` shows one of them team by team, ``?assignment=<key>`` one
  team's assignment
- ``POST /admin/p/<pid>/mail/<message id>/retry`` — make a failed message due now (the next pass sends it)
- ``POST /admin/p/<pid>/mail/remind`` — "send reminder now": to one team (``assignment``) or to
  every team that has not submitted (``deliverable`` + ``occurrence``); once per press (``nonce``)
- ``GET  /admin/mailbox``, ``/admin/mailbox/<id>`` — the local mailbox, when no SMTP server is set

Nothing here talks to an SMTP server: messages are queued and the scheduler's next pass sends them.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ...clock import now
from ...i18n import current_language
from ...mail import mailbox as mailbox_repo
from ...mail.compose import linkify
from ...mail.history import mail_counts, occasion_mail, occasions, programme_mail
from ...mail.outbox import link_base
from ...mail.reminders import new_nonce, remind_now, valid_nonce
from ...mail.sanitize import sanitize_html
from ...mail.scheduler import last_pass
from ...programmes import ProgrammeInvalid, ProgrammeNotFound, cached_run, get_catalog
from ...store import InvalidId, get_store
from ...store import outbox as outbox_repo
from ...store import programmes as programme_repo
from ...timefmt import fmt_datetime
from .blueprint import bp, run_or_404
from .common import leader_only
from .words import assignment_name

MAILBOX_PAGE = 50


@bp.app_template_filter("mail_links")
def mail_links(text: str) -> Markup:
    """Plain mail text for a page: escaped, with its links clickable (line breaks kept by the CSS)."""
    return Markup(linkify(text or ""))


@bp.get("/mail")
def mail_overview():
    """Every programme's mail at a glance, so a failure anywhere is seen."""
    store = get_store()
    programmes = []
    for entry in programme_repo.list_programmes(store):
        counts = mail_counts(store, entry["id"])
        programmes.append({"id": entry["id"], "title": entry.get("title") or entry["id"], "counts": counts})
    return render_template("admin/mail_overview.html", programmes=programmes, last=last_pass(current_app))


@bp.get("/p/<pid>/mail")
def programme_mail_page(pid: str):
    """A programme's outbox, or one deliverable's (or one team's) mail with "send reminder now"."""
    run = run_or_404(pid)
    moment = now()
    outbox = programme_mail(get_store(), pid)
    key = request.args.get("assignment")
    deliverable, occurrence = request.args.get("deliverable"), request.args.get("occurrence", type=int)
    team = None
    if key:
        assignment = run.assignment(key)
        if assignment is None:
            abort(404)
        deliverable, occurrence, team = assignment.deliverable, assignment.occurrence, assignment.team
    if deliverable and occurrence:
        teams = occasion_mail(run, outbox.rows, deliverable, occurrence, moment, team=team)
        if not teams:
            abort(404)
        spec = run.workflow.deliverable(deliverable)
        return render_template(
            "admin/mail_assignment.html",
            run=run,
            teams=teams,
            one=bool(key),
            deliverable=deliverable,
            occurrence=occurrence,
            nonce=new_nonce(),
            now=moment,
            per_gathering=bool(spec and spec.per_gathering),
        )
    return render_template(
        "admin/mail_programme.html",
        run=run,
        outbox=outbox,
        occasions=occasions(run, outbox.rows, moment),
        last=last_pass(current_app),
    )


@bp.post("/p/<pid>/mail/<message_id>/retry")
def retry_message(pid: str, message_id: str):
    """Make a failed (or waiting) message due now; the scheduler's next pass sends it."""
    run_or_404(pid)
    if outbox_repo.reschedule(get_store(), pid, message_id, now()) is None:
        flash(_("That message is no longer waiting: it has been sent or dropped."), "warning")
    else:
        flash(_("The message will be sent with the scheduler's next pass."), "success")
    return redirect(url_for("admin.programme_mail_page", pid=pid))


@bp.post("/p/<pid>/mail/remind")
def remind(pid: str):
    """Queue a reminder to one team, or to every team that has not submitted; once per press."""
    run = run_or_404(pid)
    nonce = request.form.get("nonce")
    key = request.form.get("assignment")
    deliverable, occurrence = request.form.get("deliverable"), request.form.get("occurrence", type=int)
    if not valid_nonce(nonce):
        abort(400)
    if key:
        assignment = run.assignment(key)
        chosen = [assignment] if assignment is not None and assignment.team else []
    else:
        chosen = [
            a
            for a in run.assignments
            if a.deliverable == deliverable and a.occurrence == occurrence and a.team is not None
        ]
    if not chosen:
        abort(404)
    moment = now()
    result = remind_now(get_store(), run, chosen, str(nonce), g.admin["id"], moment, link_base(current_app))
    if result.queued:
        flash(
            _(
                "Reminder queued for %(teams)d team(s) (%(messages)d message(s)); it goes out with the "
                "scheduler's next pass.",
                teams=len(result.teams),
                messages=result.queued,
            ),
            "success",
        )
    elif result.teams:
        flash(_("This reminder was already queued; it was not queued again."), "warning")
    else:
        flash(_("No team could be reminded: every team has submitted, withdrawn or been excused."), "warning")
    back = {"assignment": key} if key else {"deliverable": chosen[0].deliverable, "occurrence": chosen[0].occurrence}
    return redirect(url_for("admin.programme_mail_page", pid=pid, **back))


@bp.get("/mailbox")
def mailbox():
    """The local mailbox (no SMTP server configured): newest first, a page at a time.

    Leaders only: the messages hold members' live personal links, and an observer must not be able
    to act as a team member."""
    if current_app.config.get("MAIL_SERVER"):
        abort(404)
    leader_only()
    page = max(1, request.args.get("page", 1, type=int))
    entries, total = mailbox_repo.list_entries(current_app, limit=MAILBOX_PAGE, offset=(page - 1) * MAILBOX_PAGE)
    pages = max(1, -(-total // MAILBOX_PAGE))
    if page > pages:
        abort(404)
    return render_template(
        "admin/mailbox.html", entries=entries, total=total, page=page, pages=pages, names=_assignment_names(entries)
    )


@bp.get("/mailbox/<entry_id>")
def mailbox_message(entry_id: str):
    """One message of the local mailbox: its headers, its text, its HTML (sanitised), links clickable."""
    if current_app.config.get("MAIL_SERVER"):
        abort(404)
    leader_only()
    found = mailbox_repo.read(current_app, entry_id)
    if found is None:
        abort(404)
    entry, message = found
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return render_template(
        "admin/mailbox_message.html",
        entry=entry,
        headers=[(label, _header(message, name)) for name, label in HEADERS if message.get(name) is not None],
        technical=[(name, str(message.get(name))) for name in TECHNICAL if message.get(name) is not None],
        text=text.get_content() if text else "",
        html=sanitize_html(html.get_content()) if html else None,
    )


# What a mail client shows, in the leader's words; the rest is for whoever looks into the mail flow.
HEADERS = (
    ("From", _l("From")),
    ("To", _l("To")),
    ("Cc", _l("Copy to")),
    ("Reply-To", _l("Replies go to")),
    ("Subject", _l("Subject")),
    ("Date", _l("Sent")),
)
TECHNICAL = (
    "Message-ID",
    "Auto-Submitted",
    "X-Verksted-Kind",
    "X-Verksted-Programme",
    "X-Verksted-Assignment",
    "X-Verksted-Rule",
)


def _header(message, name: str) -> str:
    """A header's value as a person reads it: the date in Norwegian time and format."""
    value = str(message.get(name))
    if name == "Date":
        try:
            return fmt_datetime(parsedate_to_datetime(value), current_language())
        except (TypeError, ValueError):
            return value
    return value


def _assignment_names(entries) -> dict[str, str]:
    """'Moss – Statusrapport before gathering 4' for the assignment of each mailbox entry."""
    names = {}
    for entry in entries:
        key = entry.assignment
        if key and key not in names:
            try:
                run = cached_run(get_store(), get_catalog(), key.split("/", 1)[0])
            except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
                continue
            names[key] = assignment_name(run, key)
    return names
