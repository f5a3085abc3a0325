"""The project leader's own documents (``by: leader``): a form like a team's, prefilled with facts.

The leader fills in a ``by: leader`` deliverable (the example: the half-yearly report to the
steering group) on the admin pages, with the same machinery as a team's form — a draft, saved and
autosaved, checked, confirmed, submitted as a new version, every version kept — under the owner
``-`` (``engine.store``). :func:`leader_access` stands the leader in for a team member;
:func:`open_leader_sheet` opens the form with the period's facts (``engine.reports.facts``)
written out as text in the programme's language, for the ``facts.*`` prefill of the template.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from ..access.team import TeamAccess
from ..cycle import Assignment, Member, Team
from ..exports.words import occasion
from ..programmes import Run
from ..programmes.report import confirmed_presenters, followup_counts
from ..reports.facts import PeriodFacts, period_facts, report_window
from ..schema import FormTemplate
from ..store import LEADER_OWNER, Store
from ..timefmt import fmt_date
from .work import Sheet, open_sheet


def leader_access(run: Run, admin: dict[str, Any]) -> TeamAccess:
    """The logged-in leader as the one member of the leader's "team" (owner ``-``)."""
    member = Member(id=admin["id"], name=admin.get("name") or admin["email"], email=admin["email"])
    return TeamAccess(run, Team(id=LEADER_OWNER, name=run.programme.leader.name, members=(member,)), member, {})


def open_leader_sheet(
    store: Store, run: Run, assignment: Assignment, template: FormTemplate, admin: dict[str, Any], now: datetime
) -> Sheet:
    """The form page of one of the leader's own documents, its context carrying the period's facts."""
    sheet = open_sheet(store, leader_access(run, admin), assignment, template, now)
    followups = followup_counts(store, run, report_window(run, assignment))  # the notes of the period only
    facts = period_facts(run, assignment, now, confirmed_presenters(store, run), followups)
    with force_locale(run.programme.language or "nb"):
        texts = fact_texts(run, facts)
    return replace(sheet, context=replace(sheet.context, facts=texts))


def fact_texts(run: Run, facts: PeriodFacts) -> dict[str, str]:
    """The facts as the texts the template's ``facts.*`` prefill takes (``schema.model.FACT_KEYS``)."""
    tz = run.workflow.tz
    none = _("None in the period.")
    gatherings = [
        _(
            "Gathering %(number)s, %(date)s, %(place)s: %(theme)s",
            number=n,
            date=fmt_date(g.date),
            place=g.place,
            theme=g.theme,
        )
        for n, g in facts.gatherings
    ]
    deliveries = []
    for tally in facts.tallies:
        parts = [
            ngettext("%(num)s on time", "%(num)s on time", tally.on_time) if tally.on_time else "",
            ngettext("%(num)s late", "%(num)s late", tally.late) if tally.late else "",
            ngettext("%(num)s missing", "%(num)s missing", tally.missing) if tally.missing else "",
            ngettext("%(num)s excused", "%(num)s excused", tally.excused) if tally.excused else "",
            ngettext("%(num)s not due yet", "%(num)s not due yet", tally.not_due) if tally.not_due else "",
        ]
        deliveries.append(f"{tally.team}: " + ", ".join(p for p in parts if p))
    late = [
        _(
            "%(team)s: %(what)s, delivered %(when)s (deadline %(due)s)",
            team=team,
            what=occasion(run, a),
            when=fmt_date(when, tz),
            due=fmt_date(a.effective_due_at, tz),
        )
        for team, a, when in facts.late
    ]
    missing = [
        _(
            "%(team)s: %(what)s (deadline %(due)s)",
            team=team,
            what=occasion(run, a),
            due=fmt_date(a.effective_due_at, tz),
        )
        for team, a in facts.missing
    ]
    withdrawals = [
        _("%(team)s withdrew %(date)s: %(reason)s", team=team, date=fmt_date(w.date), reason=w.reason)
        for team, w in facts.withdrawals
    ]
    presenters = [
        _("Gathering %(number)s: %(team)s – %(reason)s", number=n, team=p.team, reason=p.reason)
        if p.reason
        else _("Gathering %(number)s: %(team)s", number=n, team=p.team)
        for n, p in facts.presenters
    ]
    followup = [
        ngettext("%(team)s: %(num)s follow-up note", "%(team)s: %(num)s follow-up notes", c, team=t)
        for t, c in facts.followups
    ]

    return {
        "period": f"{fmt_date(facts.start)}–{fmt_date(facts.end)}",
        "gatherings": _lines(gatherings, none),
        "deliveries": _lines(deliveries, _("No team documents were due in the period.")),
        "late": _lines(late, none),
        "missing": _lines(missing, none),
        "withdrawals": _lines(withdrawals, _("No team withdrew in the period.")),
        "presenters": _lines(presenters, none),
        "followup": _lines(followup, ""),
    }


def _lines(items: list[str], empty: str) -> str:
    """One bullet point per item (the leader edits them as a list), or ``empty``."""
    return "\n".join(f"• {item}" for item in items) if items else empty
