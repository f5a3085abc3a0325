"""A programme copied for the next round: the same teams, reference groups and cycle, new dates.

The leader names the new programme and the day of its first gathering; the other gatherings keep
their distance from the first (and can be moved one by one afterwards), teams come along with or
without their members, and the cycle adjustments are kept. Withdrawals, extensions and excusals
belonged to the old round and stay there. The new programme's log starts with ``programme_copied``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...cycle import slugify
from ...programmes.edits import Event, copied_programme
from .blueprint import bp, run_or_404
from .common import attempt_save, leader_only, parse_day
from .forms import CopyForm
from .problems import attach, summary, under

FIELDS = {"id": "programme_id", "title": "title"}


@bp.route("/p/<pid>/copy", methods=["GET", "POST"])
def copy_programme(pid: str):
    """The copy form; a valid POST creates the new programme and opens it."""
    leader_only()
    run = run_or_404(pid)
    if request.method == "GET":
        form = CopyForm(formdata=None, data={"title": run.programme.title, "members": "keep"})
        return render_template("admin/copy.html", run=run, form=form, problems=[])
    form = CopyForm()
    if not form.validate():
        return render_template("admin/copy.html", run=run, form=form, problems=summary(form)), 422
    title = (form.title.data or "").strip()
    new_id = (form.programme_id.data or "").strip() or slugify(title)
    copy = copied_programme(run.programme, new_id, title, parse_day(form.first_date.data), form.members.data == "keep")
    result = attempt_save(copy, expected_revision=0, events=[Event("programme_copied", detail={"from": pid})])
    if result.stale:
        form.programme_id.errors = [_("A programme with the id %(id)s exists already; choose another id.", id=new_id)]
        form.programme_id.data = new_id
        return render_template("admin/copy.html", run=run, form=form, problems=summary(form)), 409
    if not result.ok:
        general = attach(form, result.problems, under("", FIELDS))
        return render_template("admin/copy.html", run=run, form=form, problems=summary(form, general)), 422
    flash(_("The programme %(title)s was created from %(old)s.", title=title, old=run.programme.title), "success")
    return redirect(url_for("admin.programme", pid=result.run.id))
