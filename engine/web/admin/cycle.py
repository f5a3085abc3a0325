"""The programme's cycle, adjusted in the browser: deliverables, reminder rules and mail texts.

Three forms on ``/admin/p/<pid>/cycle``, each working without JavaScript:

- the deliverables: each on or off, when it opens and when it is due (before, on or after the
  gathering the workflow names, and how many days). Before saving, the leader sees what moves —
  the confirmation of the gatherings' pages — and confirms;
- the reminder rules: rows to change, add (``add_rule``) and remove (``remove_rule:<n>``);
- the mail texts: one page per kind with its subject and text, a preview rendered from the
  programme's own data (``action=preview``) and a way back to the workflow's text (``reset``).

Every change is validated by the rules of ``flask check`` (``engine.cycle.adjust``); problems are
shown next to the inputs they concern, and everything typed stays.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateError

from ...cycle import AdjustmentError, PlanError, Programme, adjusted_workflow, programme_problems, render_mail
from ...cycle.mailpreview import NoExample, preview_context
from ...cycle.workflow import MAIL_TEMPLATES
from ...i18n import current_language
from ...programmes import Run
from ...programmes.cycle import Timing, cycle_event, with_deliverable, with_mail_text, with_reminders
from ...programmes.edits import plan_changes
from ...schema.languages import in_language
from .blueprint import bp, run_or_404
from .common import assignment_label, attempt_save, leader_only, now, posted_revision
from .problems import Problem, explain, split

RELATIONS = {"before": _l("days before"), "at": _l("on the day of"), "after": _l("days after")}
MAIL_KINDS = {
    "invitation": _l("Invitation when a form opens"),
    "reminder": _l("Reminder before the deadline"),
    "overdue": _l("Notice after the deadline"),
    "leader_copy": _l("The leader's copy of reminders and notices"),
    "receipt": _l("Receipt after a submission"),
    "evaluation": _l("The evaluation link of a gathering"),
    "digest": _l("The leader's weekly digest"),
    "link": _l("A member's personal link, sent again"),
    "feedback": _l("Feedback on a submitted document"),
    "message": _l("A message from the leader to a team"),
    "leader_due": _l("Your own documents: when one opens, reminders and notices"),
    "presenter": _l("To a team chosen to present at a gathering"),
}
RULE_ACTION = re.compile(r"^(add_rule|remove_rule:(\d{1,2}))$")
MAX_DAYS = 365


def ref_text(ref: str) -> str:
    """'the gathering', 'gathering 1', 'the last gathering' — a workflow reference as the page says it."""
    words = ref.split(" ")
    if len(words) == 1:
        return _("the gathering")
    if words[1] == "first":
        return _("the first gathering")
    if words[1] == "last":
        return _("the last gathering")
    return _("gathering %(number)s", number=words[1])


def _rows(run: Run) -> list[dict[str, Any]]:
    """One row per deliverable: its key, title, whether it is on, and its timings as the programme has them."""
    rows = []
    for spec in run.workflow.deliverables:
        item = next(i for i in run.workflow.data["deliverables"] if i["key"] == spec.key)
        rows.append(
            {
                "key": spec.key,
                "title": spec.title_in(current_language()),
                "by": spec.by,
                "enabled": spec.enabled,
                "opens": Timing.of(item["opens"]),
                "due": Timing.of(item["due"]),
                "adjusted": bool((run.programme.cycle.get("deliverables") or {}).get(spec.key)),
            }
        )
    return rows


def _posted_rows(run: Run) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The deliverable rows as posted, and an error per input id that could not be read."""
    rows, errors = _rows(run), {}
    for row in rows:
        row["enabled"] = request.form.get(f"d-{row['key']}-enabled") == "on"
        for name in ("opens", "due"):
            relation = request.form.get(f"d-{row['key']}-{name}-relation", "")
            days_text = request.form.get(f"d-{row['key']}-{name}-days", "").strip()
            field = f"d-{row['key']}-{name}-days"
            if relation not in RELATIONS:
                relation = row[name].relation
            days = int(days_text) if days_text.isascii() and days_text.isdigit() else None
            if relation == "at":
                days = 0
            elif days is None or not 0 <= days <= MAX_DAYS:
                errors[field] = _("Write a whole number of days from 0 to %(max)d.", max=MAX_DAYS)
            row[name] = Timing(relation, days or 0, row[name].ref)
            row[f"{name}_text"] = days_text
    return rows, errors


@bp.get("/p/<pid>/cycle")
def cycle(pid: str):
    """The programme's cycle: deliverables, reminder rules and mail texts, with what is adjusted."""
    run = run_or_404(pid)
    return _render(run, _rows(run), _rules(run))


def _render(run: Run, rows, rules, errors=None, problems=(), rule_errors=None, stale=False, status=200):
    return render_template(
        "admin/cycle.html",
        run=run,
        rows=rows,
        rules=rules,
        errors=errors or {},
        rule_errors=rule_errors or {},
        problems=list(problems),
        stale=stale,
        relations=RELATIONS,
        mail_kinds={kind: MAIL_KINDS[kind] for kind in MAIL_TEMPLATES if kind in run.workflow.mail},
        ref_text=ref_text,
    ), status


@bp.post("/p/<pid>/cycle/deliverables")
def cycle_deliverables(pid: str):
    """Change deliverables: check, show what moves, and save once the leader confirms."""
    leader_only()
    run = run_or_404(pid)
    rows, errors = _posted_rows(run)
    if errors or request.form.get("action") == "back":
        problems = [Problem(field, "", message) for field, message in errors.items()]
        return _render(run, rows, _rules(run), errors, problems, status=422 if errors else 200)
    changed = run.programme
    for row in rows:
        changed = with_deliverable(
            changed, run.installed_workflow, row["key"], row["enabled"], row["opens"], row["due"]
        )
    problems = _problems(run, changed)
    if problems:
        return _render(run, rows, _rules(run), errors, problems, status=422)
    changes = plan_changes(run, changed, now())
    if changes.anything and request.form.get("confirm") != "yes":
        return render_template(
            "admin/cycle_confirm.html",
            run=run,
            rows=rows,
            changes=changes,
            label=lambda a: assignment_label(run, a),
        )
    return _save(run, changed, rows)


def _problems(run: Run, changed: Programme) -> list[Problem]:
    lines = programme_problems(changed, run.installed_workflow)
    if not lines:
        try:
            regrouped = plan_changes(run, changed, now()).regrouped
        except (PlanError, AdjustmentError) as exc:
            return [Problem(None, "", str(exc))]
        if regrouped:
            return [Problem(None, "", _("Teams have submitted work that this change would move to another gathering."))]
    return [_problem(line) for line in lines]


def _problem(line: str) -> Problem:
    """A problem of the adjusted cycle, linked to the input it concerns where there is one."""
    path, message = split(line)
    match = re.match(r"^cycle\.deliverables\.([a-z0-9_-]+)\.(opens|due)", path)
    anchor = f"d-{match[1]}-{match[2]}-days" if match else None
    return Problem(anchor, ref_label(path), explain(message))


def ref_label(path: str) -> str:
    """The part of the cycle a problem's path names, for the error summary."""
    return path.removeprefix("cycle.") if path.startswith("cycle.") else ""


def _save(run: Run, changed: Programme, rows):
    result = attempt_save(changed, posted_revision(), cycle_event(run.programme, changed))
    if result.ok:
        flash(_("The cycle was saved."), "success")
        return redirect(url_for("admin.cycle", pid=run.id))
    problems = [_problem(line) for line in result.problems]
    return _render(run, rows, _rules(run), problems=problems, stale=result.stale, status=409 if result.stale else 422)


# -- reminder rules ----------------------------------------------------------------------------


def _rules(run: Run) -> list[dict[str, Any]]:
    """The reminder rules as the page edits them."""
    rules = []
    for rule in run.workflow.data.get("reminders", []):
        direction = "before_due" if "before_due" in rule else "after_due"
        rules.append(
            {
                "id": rule["id"],
                "direction": direction,
                "days": str(rule[direction]).removesuffix("d"),
                "cc": rule.get("cc") == "leader",
                "deliverables": ",".join(rule.get("deliverables", [])),
            }
        )
    return rules


def _posted_rules() -> list[dict[str, Any]]:
    rules = []
    for index in range(
        int(request.form.get("rule_count", "0") or 0) if request.form.get("rule_count", "").isdigit() else 0
    ):
        if index >= 50:
            break
        rules.append(
            {
                "id": request.form.get(f"r-{index}-id", "").strip(),
                "direction": request.form.get(f"r-{index}-direction", "before_due"),
                "days": request.form.get(f"r-{index}-days", "").strip(),
                "cc": request.form.get(f"r-{index}-cc") == "on",
                "deliverables": request.form.get(f"r-{index}-deliverables", ""),
            }
        )
    return rules


def _rule_documents(rules: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    documents, errors = [], {}
    for index, rule in enumerate(rules):
        days = rule["days"]
        if not (days.isascii() and days.isdigit() and int(days) <= MAX_DAYS):
            errors[f"r-{index}-days"] = _("Write a whole number of days from 0 to %(max)d.", max=MAX_DAYS)
            continue
        direction = rule["direction"] if rule["direction"] in ("before_due", "after_due") else "before_due"
        document: dict[str, Any] = {"id": rule["id"], direction: f"{int(days)}d"}
        if rule["cc"]:
            document["cc"] = "leader"
        keys = [key for key in rule["deliverables"].split(",") if key]
        if keys:
            document["deliverables"] = keys
        documents.append(document)
    return documents, errors


@bp.post("/p/<pid>/cycle/reminders")
def cycle_reminders(pid: str):
    """Change, add or remove reminder rules."""
    leader_only()
    run = run_or_404(pid)
    rules = _posted_rules()
    action = RULE_ACTION.match(request.form.get("action", ""))
    if action:
        if action[1] == "add_rule":
            rules.append({"id": "", "direction": "before_due", "days": "", "cc": False, "deliverables": ""})
        elif int(action[2]) < len(rules):
            rules.pop(int(action[2]))
        return _render(run, _rows(run), rules)
    documents, errors = _rule_documents(rules)
    if errors:
        problems = [Problem(field, "", message) for field, message in errors.items()]
        return _render(run, _rows(run), rules, problems=problems, rule_errors=errors, status=422)
    changed = with_reminders(run.programme, run.installed_workflow, documents)
    lines = programme_problems(changed, run.installed_workflow)
    if lines:
        problems = [_rule_problem(line) for line in lines]
        rule_errors = {p.anchor: p.message for p in problems if p.anchor}
        return _render(run, _rows(run), rules, problems=problems, rule_errors=rule_errors, status=422)
    result = attempt_save(changed, posted_revision(), cycle_event(run.programme, changed))
    if not result.ok:
        problems = [_rule_problem(line) for line in result.problems]
        return _render(
            run, _rows(run), rules, problems=problems, stale=result.stale, status=409 if result.stale else 422
        )
    flash(_("The reminder rules were saved."), "success")
    return redirect(url_for("admin.cycle", pid=pid) + "#reminders")


def _rule_problem(line: str) -> Problem:
    path, message = split(line)
    match = re.match(r"^cycle\.reminders\[(\d+)\](?:\.(\w+))?", path)
    field = (
        {"id": "id", "before_due": "days", "after_due": "days", None: "days"}.get(match[2], "days") if match else None
    )
    anchor = f"r-{match[1]}-{field}" if match else None
    return Problem(anchor, ref_label(path), explain(message))


# -- mail texts --------------------------------------------------------------------------------


@bp.route("/p/<pid>/cycle/mail/<kind>", methods=["GET", "POST"])
def cycle_mail(pid: str, kind: str):
    """One mail text: subject and body, a preview from the programme's data, saving or resetting."""
    run = run_or_404(pid)
    if kind not in run.workflow.mail or kind not in MAIL_KINDS:
        abort(404)
    language = run.programme.language
    current = run.workflow.mail[kind].in_language(language)
    subject, body = current.subject, current.body
    action = request.form.get("action", "preview")
    if request.method == "POST":
        leader_only()
        subject, body = request.form.get("subject", ""), request.form.get("body", "")
        if action == "reset":
            subject, body = (
                in_language(run.installed_workflow.data["mail"][kind][part], language) for part in ("subject", "body")
            )
    changed = with_mail_text(run.programme, run.installed_workflow, kind, subject, body)
    problems = [_problem(line) for line in programme_problems(changed, run.installed_workflow)]
    preview = None if problems else _preview(run, changed, kind)
    if request.method == "POST" and action in ("save", "reset") and not problems:
        result = attempt_save(changed, posted_revision(), cycle_event(run.programme, changed))
        if result.ok:
            flash(_("The mail text was saved."), "success")
            return redirect(url_for("admin.cycle", pid=pid) + "#mail")
        problems = [_problem(line) for line in result.problems]
    return render_template(
        "admin/cycle_mail.html",
        run=run,
        kind=kind,
        kind_label=MAIL_KINDS[kind],
        subject=subject,
        body=body,
        problems=problems,
        preview=preview,
        adjusted=bool((run.programme.cycle.get("mail") or {}).get(kind)),
    ), 422 if problems else 200


def _preview(run: Run, changed: Programme, kind: str) -> tuple[str, str] | str:
    """``(subject, body)`` as the programme's data renders them, or why there is nothing to show."""
    workflow = adjusted_workflow(run.installed_workflow, changed.cycle)
    base = str(current_app.config.get("BASE_URL") or request.url_root).rstrip("/")
    if kind in ("digest", "leader_due"):  # to the leader: the programme's page (the own form is one click on)
        link = base + url_for("admin.programme", pid=run.id)
    elif kind == "evaluation":  # signed for each gathering when it is sent
        link = f"{base}/p/{run.id}/evaluering/…"
    else:  # each member's own link is minted when the message is sent
        link = f"{base}/p/{run.id}/t/…"
    try:
        context = preview_context(kind, changed, workflow, run.assignments, run.delivered, now(), link)
        return render_mail(workflow, kind, context, run.programme.language)
    except NoExample:
        return _("The programme has nothing to show this text with yet (a team with members, for instance).")
    except TemplateError as exc:
        return _("The text cannot be shown: %(error)s", error=str(exc))
