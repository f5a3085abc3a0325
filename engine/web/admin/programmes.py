"""The leader's programme pages: the list of programmes, a new programme, a programme's settings.

A new programme is made on one page that works without JavaScript, asking only for what it must:
the title, the leader, the workflow, the first gathering's date and the number of gatherings (a
number of weeks apart), and the teams with their members (one per line), with buttons that add
and remove team rows by posting the form back. Places, hosts, themes and the exact dates of the
later gatherings come later, on the gatherings page. It is validated with the same rules as a
programme file (``programme_problems``), and every problem is shown at once, next to its input.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...cycle import Programme, programme_problems, slugify
from ...programmes import ProgrammeInvalid, ProgrammeNotFound, get_catalog, load_run
from ...programmes.attention import attention
from ...programmes.edits import with_settings
from ...reports.summary import summarise, team_standing
from ...store import get_store
from ...store import programmes as programme_repo
from .blueprint import bp, run_or_404
from .common import attempt_save, leader_only, now, parse_day, posted_revision
from .forms import NewProgrammeForm, SettingsForm, options
from .own import leader_due
from .problems import Problem, attach, leaf_fields, summary

ROW_ACTION = re.compile(r"^(add|remove)_team(?::(\d+))?$")
INITIAL_TEAMS = 3
WEEKS_BETWEEN = 12  # a suggestion to change: Østfold met about every 18 weeks, many networks more often
MAX_GATHERINGS = 50
DEFAULT_START = "09:00"


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
            {
                "listed": listed,
                "run": run,
                "summary": summarise(run, moment),
                "own": leader_due(run, moment),
                "standing": team_standing(run, moment),
            }
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
        count = max((w.gathering_range[0] for w in workflows[:1]), default=1)
        return _render_new(_fresh_form(form.workflow.choices, count, INITIAL_TEAMS))
    action = request.form.get("action", "create")
    row = ROW_ACTION.match(action)
    if row:
        return _render_new(_with_rows_changed(form, row))
    return _create(form)


def _fresh_form(choices: list, gatherings: int, teams: int, data: dict[str, Any] | None = None) -> NewProgrammeForm:
    data = data or {
        "workflow": choices[0].value if choices else None,
        "gathering_count": str(max(gatherings, 1)),
        "weeks_between": str(WEEKS_BETWEEN),
        "teams": [{} for _ in range(teams)],
    }
    form = NewProgrammeForm(formdata=None, data=data)
    form.workflow.choices = choices
    return form


def _with_rows_changed(form: NewProgrammeForm, row: re.Match[str]) -> NewProgrammeForm:
    """The same form with a team row added or removed (everything typed kept)."""
    data = form.data
    data.pop("csrf_token", None)
    rows = data["teams"]
    if row[1] == "add":
        rows.append({})
    elif row[2] is not None and int(row[2]) < len(rows) and len(rows) > 1:
        rows.pop(int(row[2]))
    return _fresh_form(form.workflow.choices, 0, 0, data)


def _render_new(form: NewProgrammeForm, general: list[Problem] = (), status: int = 200):
    problems = summary(form, list(general))
    return render_template("admin/new.html", form=form, problems=problems), status


def _create(form: NewProgrammeForm):
    """Every problem at once — what cannot be read, and what the programme rules say — then save."""
    document, team_rows, lines = _document(form)
    programme = Programme.from_document(document)
    gatherings_read = bool(document["gatherings"])

    def field_for(path: str) -> tuple[str, str] | None:
        return _new_field_for(path, team_rows, lines)

    id_made = not (form.programme_id.data or "").strip()  # from the title: the title's problem says it
    problems = [
        line
        for line in programme_problems(programme, get_catalog().workflows)
        if (gatherings_read or not line.startswith("gatherings")) and not (id_made and line.startswith("id:"))
    ]
    general = attach(form, problems, field_for)
    if general or any(bound.errors for bound, _groups in leaf_fields(form)):
        form.programme_id.data = form.programme_id.data or document["id"]
        return _render_new(form, general, status=422)
    result = attempt_save(programme, expected_revision=0)
    if result.stale:
        form.programme_id.errors = [
            _("A programme with the id %(id)s exists already; choose another id.", id=document["id"])
        ]
        form.programme_id.data = document["id"]
        return _render_new(form, status=409)
    if not result.ok:
        return _render_new(form, attach(form, result.problems, field_for), status=422)
    flash(_("The programme %(title)s was created.", title=result.run.programme.title), "success")
    return redirect(url_for("admin.programme", pid=result.run.id))


def _blank(subform: Any) -> bool:
    return not any((bound.data or "").strip() for bound in subform)


def _number(field: Any, low: int, high: int, message: str) -> int | None:
    """A whole number typed in ``field`` between ``low`` and ``high``; None (with ``message`` on it) if not."""
    text = (field.data or "").strip()
    if text.isascii() and text.isdigit() and low <= int(text) <= high:
        return int(text)
    field.errors = [*field.errors, message]
    return None


def _gatherings(form: NewProgrammeForm) -> list[dict[str, Any]]:
    """The gatherings the first date, the number and the weeks between make (none if one is unreadable)."""
    form.workflow.validate(form)
    first = parse_day(form.first_date.data)
    if first is None:
        typed = (form.first_date.data or "").strip()
        form.first_date.errors = [
            _("Write the date as dd.mm.yyyy, for example 19.04.2018.") if typed else _("Enter the date.")
        ]
    count = _number(form.gathering_count, 1, MAX_GATHERINGS, _("Write the number of gatherings, for example 6."))
    weeks = _number(form.weeks_between, 1, 104, _("Write a number of weeks from 1 to 104."))
    if first is None or count is None or weeks is None:
        return []
    days = [first + timedelta(weeks=weeks * n) for n in range(count)]
    return [{"date": day.isoformat(), "start": DEFAULT_START, "place": "", "host": "", "theme": ""} for day in days]


def _document(form: NewProgrammeForm) -> tuple[dict[str, Any], list[int], dict]:
    """The programme document the form describes, with which rows made which team. What cannot be
    read gets its error on its input and is left out, so the rules can still judge the rest."""
    teams, team_rows, lines = [], [], {}
    for index, entry in enumerate(form.teams.entries):
        if _blank(entry.form):
            continue
        members, numbers = _members(entry.form.members)
        lines[len(teams)] = numbers
        teams.append({"name": (entry.form.name.data or "").strip(), "members": members or []})
        team_rows.append(index)
    title = (form.title.data or "").strip()
    leader = (form.leader_name.data or "").strip()
    recipient = (form.recipient.data or "").strip() or (f"prosjektgruppa v/ {leader}" if leader else "prosjektgruppa")
    document = {
        "id": (form.programme_id.data or "").strip() or slugify(title),
        "workflow": form.workflow.data,
        "title": title,
        "recipient": recipient,
        "leader": {"name": leader, "email": (form.leader_email.data or "").strip()},
        "gatherings": _gatherings(form),
        "teams": teams,
    }
    return document, team_rows, lines


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
_TEAM_PATH = re.compile(r"^teams\[(\d+)\]\.(name|members\[(\d+)\])")


def _new_field_for(path: str, team_rows: list[int], lines: dict) -> tuple[str, str] | None:
    """The input of the new-programme form that a problem's path points at."""
    if path in _SIMPLE:
        return _SIMPLE[path], ""
    if path == "gatherings" or path.startswith("gatherings["):
        return ("gathering_count" if path == "gatherings" else "first_date"), ""
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
