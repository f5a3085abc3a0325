"""The leader's programme pages: the list of programmes, a new programme, a programme's settings.

A new programme is made on one page that works without JavaScript: the basics, the gatherings
and the teams with their members (one per line), with buttons that add and remove rows by posting
the form back. It is validated with the same rules as a programme file
(``programme_problems``), whose messages are shown next to the inputs they concern.
"""

from __future__ import annotations

import re
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...cycle import Programme, slugify
from ...programmes import ProgrammeInvalid, ProgrammeNotFound, get_catalog, load_run
from ...programmes.attention import attention
from ...programmes.edits import with_settings
from ...reports.summary import summarise, team_standing
from ...store import get_store
from ...store import programmes as programme_repo
from .blueprint import bp, run_or_404
from .common import attempt_save, leader_only, now, parse_day, posted_revision
from .forms import NewProgrammeForm, SettingsForm, options
from .problems import Problem, attach, summary

ROW_ACTION = re.compile(r"^(add|remove)_(gathering|team)(?::(\d+))?$")
INITIAL_TEAMS = 3
GATHERING_KEYS = ("date", "start", "end", "place", "host", "theme", "agenda")


@bp.get("/")
def programmes():
    """The leader's front page: what needs attention across programmes, then every programme with its
    workflow, next deadline and where its teams stand."""
    store, catalog, moment = get_store(), get_catalog(), now()
    entries = []
    for listed in sorted(programme_repo.list_programmes(store), key=lambda p: p.get("created_at") or "", reverse=True):
        try:
            run = load_run(store, catalog, listed["id"])
        except (ProgrammeNotFound, ProgrammeInvalid):
            entries.append({"listed": listed, "run": None, "summary": None})
            continue
        entries.append(
            {"listed": listed, "run": run, "summary": summarise(run, moment), "standing": team_standing(run, moment)}
        )
    return render_template(
        "admin/programmes.html", entries=entries, attention=attention(store, catalog, g.admin["id"], moment)
    )


@bp.route("/new", methods=["GET", "POST"])
def new_programme():
    """The new-programme form; a valid POST creates the programme and opens its overview."""
    leader_only()
    catalog = get_catalog()
    workflows = sorted(catalog.workflows.values(), key=lambda w: w.title)
    form = NewProgrammeForm()
    form.workflow.choices = options([(w.id, w.title) for w in workflows])
    if request.method == "GET":
        needed = max((w.gatherings_needed() for w in workflows[:1]), default=1)
        return _render_new(_fresh_form(form.workflow.choices, needed, INITIAL_TEAMS))
    action = request.form.get("action", "create")
    row = ROW_ACTION.match(action)
    if row:
        return _render_new(_with_rows_changed(form, row))
    return _create(form)


def _fresh_form(choices: list, gatherings: int, teams: int, data: dict[str, Any] | None = None) -> NewProgrammeForm:
    data = data or {
        "workflow": choices[0].value if choices else None,
        "gatherings": [{} for _ in range(max(gatherings, 1))],
        "teams": [{} for _ in range(teams)],
    }
    form = NewProgrammeForm(formdata=None, data=data)
    form.workflow.choices = choices
    return form


def _with_rows_changed(form: NewProgrammeForm, row: re.Match[str]) -> NewProgrammeForm:
    """The same form with a gathering or team row added or removed (everything typed kept)."""
    data = form.data
    data.pop("csrf_token", None)
    rows = data["gatherings" if row[2] == "gathering" else "teams"]
    if row[1] == "add":
        rows.append({})
    elif row[3] is not None and int(row[3]) < len(rows) and len(rows) > 1:
        rows.pop(int(row[3]))
    return _fresh_form(form.workflow.choices, 0, 0, data)


def _render_new(form: NewProgrammeForm, general: list[Problem] = (), status: int = 200):
    problems = summary(form, list(general))
    return render_template("admin/new.html", form=form, problems=problems), status


def _create(form: NewProgrammeForm):
    built = _document(form)
    if built is None:
        return _render_new(form, status=422)
    document, gathering_rows, team_rows, lines = built
    result = attempt_save(Programme.from_document(document), expected_revision=0)
    if result.stale:
        form.programme_id.errors = [
            _("A programme with the id %(id)s exists already; choose another id.", id=document["id"])
        ]
        form.programme_id.data = document["id"]
        return _render_new(form, status=409)
    if not result.ok:
        form.programme_id.data = document["id"]

        def field_for(path: str) -> tuple[str, str] | None:
            return _new_field_for(path, gathering_rows, team_rows, lines)

        return _render_new(form, attach(form, result.problems, field_for), status=422)
    flash(_("The programme %(title)s was created.", title=result.run.programme.title), "success")
    return redirect(url_for("admin.programme", pid=result.run.id))


def _blank(subform: Any) -> bool:
    return not any((bound.data or "").strip() for bound in subform)


def _document(form: NewProgrammeForm) -> tuple[dict[str, Any], list[int], list[int], dict] | None:
    """The programme document the form describes, with which rows made which gathering and team;
    None (with errors on the inputs) if a row cannot be read at all. Empty rows are left out."""
    ok = form.workflow.validate(form)
    gatherings, gathering_rows = [], []
    for index, entry in enumerate(form.gatherings.entries):
        if _blank(entry.form):
            continue
        if not entry.validate(form):
            ok = False
            continue
        values = {key: (entry.form[key].data or "").strip() for key in GATHERING_KEYS}
        values["date"] = parse_day(values["date"]).isoformat()
        values["end"] = values["end"] or None
        gatherings.append(values)
        gathering_rows.append(index)
    teams, team_rows, lines = [], [], {}
    for index, entry in enumerate(form.teams.entries):
        if _blank(entry.form):
            continue
        members, numbers = _members(entry.form.members)
        ok = ok and members is not None
        lines[len(teams)] = numbers
        teams.append({"name": (entry.form.name.data or "").strip(), "members": members or []})
        team_rows.append(index)
    if not ok:
        return None
    title = (form.title.data or "").strip()
    document = {
        "id": (form.programme_id.data or "").strip() or slugify(title),
        "workflow": form.workflow.data,
        "title": title,
        "recipient": (form.recipient.data or "").strip(),
        "leader": {"name": (form.leader_name.data or "").strip(), "email": (form.leader_email.data or "").strip()},
        "gatherings": gatherings,
        "teams": teams,
    }
    return document, gathering_rows, team_rows, lines


def _members(field: Any) -> tuple[list[dict[str, str]] | None, list[int]]:
    """Members typed one per line as ``name, e-mail, role`` (or tab-separated, as pasted from a
    spreadsheet); the line number of each, for messages. None if a line cannot be read."""
    members, numbers, errors = [], [], []
    for number, line in enumerate((field.data or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in (line.split("\t") if "\t" in line else line.split(",", 2))]
        if len(parts) < 2 or not parts[1]:
            errors.append(_("Line %(n)d: write the name and the e-mail address, separated by a comma.", n=number))
            continue
        members.append({"name": parts[0], "email": parts[1], "role": parts[2] if len(parts) > 2 else ""})
        numbers.append(number)
    field.errors = errors
    return (None if errors else members), numbers


_SIMPLE = {
    "id": "programme_id",
    "title": "title",
    "recipient": "recipient",
    "workflow": "workflow",
    "leader.name": "leader_name",
    "leader.email": "leader_email",
}
_GATHERING_PATH = re.compile(r"^gatherings\[(\d+)\]\.(\w+)$")
_TEAM_PATH = re.compile(r"^teams\[(\d+)\]\.(name|members\[(\d+)\])")


def _new_field_for(path: str, gathering_rows: list[int], team_rows: list[int], lines: dict) -> tuple[str, str] | None:
    """The input of the new-programme form that a problem's path points at."""
    if path in _SIMPLE:
        return _SIMPLE[path], ""
    match = _GATHERING_PATH.match(path)
    if match and int(match[1]) < len(gathering_rows):
        return f"gatherings-{gathering_rows[int(match[1])]}-{match[2]}", ""
    match = _TEAM_PATH.match(path)
    if match and int(match[1]) < len(team_rows):
        row = team_rows[int(match[1])]
        if match[2] == "name":
            return f"teams-{row}-name", ""
        numbers = lines.get(int(match[1]), [])
        member = int(match[3])
        line = numbers[member] if member < len(numbers) else member + 1
        return f"teams-{row}-members", _("Line %(n)d: ", n=line)
    return None


@bp.route("/p/<pid>/settings", methods=["GET", "POST"])
def settings(pid: str):
    """The programme's title, recipient text and leader."""
    leader_only()
    run = run_or_404(pid)
    programme = run.programme
    if request.method == "GET":
        form = SettingsForm(
            formdata=None,
            data={
                "title": programme.title,
                "recipient": programme.recipient,
                "leader_name": programme.leader.name,
                "leader_email": programme.leader.email,
            },
        )
        return render_template("admin/settings.html", run=run, form=form, problems=[], stale=False)
    form = SettingsForm()
    changed = with_settings(
        programme,
        form.title.data or "",
        form.recipient.data or "",
        form.leader_name.data or "",
        form.leader_email.data or "",
    )
    result = attempt_save(changed, posted_revision())
    if result.ok:
        flash(_("The settings were saved."), "success")
        return redirect(url_for("admin.programme", pid=pid))
    fields = {"title": "title", "recipient": "recipient", "leader.name": "leader_name", "leader.email": "leader_email"}
    general = attach(form, result.problems, lambda path: (fields[path], "") if path in fields else None)
    return render_template(
        "admin/settings.html", run=run, form=form, problems=summary(form, general), stale=result.stale
    ), 409 if result.stale else 422
