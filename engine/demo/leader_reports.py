"""The demo leader's own reports to the steering group, written as the leader would.

Each report whose deadline has passed is opened as the leader opens it — prefilled with the
period's facts (``engine.teamwork.leader``) two days before its deadline — given a short
assessment, and submitted through the same code as the leader's form, so the programme report and
the leader's pages show delivered reports.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from ..programmes import Catalog, Run
from ..schema import build_form_class, document_view
from ..store import Store
from ..teamwork import submit
from ..teamwork.leader import open_leader_sheet
from .answers import DemoAnswerError

ASSESSMENT = {
    "leveranser_vurdering": "De fleste teamene leverer i tide, og planene blir stadig mer konkrete. Vi følger opp "
    "de kommunene som har levert sent, med et eget møte før neste samling.",
    "deltakelse_vurdering": "Oppmøtet på samlingene er godt. Prosjektleder har hatt jevnlige møter med teamene.",
    "videre": "Neste periode legger vi vekt på implementering og forankring hos lederne i kommunene.",
    "saker": "",
}


def seed_leader_reports(store: Store, catalog: Catalog, run: Run, now: datetime) -> int:
    """Submit the leader's reports that were due by ``now``; how many."""
    leader = run.programme.leader
    admin = {"id": "leder", "name": leader.name, "email": leader.email}
    stored = 0
    for assignment in run.leader_assignments():
        template = catalog.forms.get(assignment.form)
        moment = assignment.due_at - timedelta(days=2)
        if template is None or moment > now or moment < assignment.opens_at:
            continue
        sheet = open_leader_sheet(store, run, assignment, template, admin, moment)
        form_class = build_form_class(template, sheet.context)
        raw = {spec.key: sheet.context.prefill_value(spec.prefill) or "" for spec in template.fields if spec.prefill}
        raw.update(ASSESSMENT)
        form = form_class.from_draft(raw)
        if not form.check_submit():
            raise DemoAnswerError(f"the demo's leader report is not valid: {form.messages()}")
        answers = form.answers()
        submit(store, sheet, answers, document_view(template, answers, sheet.context), secrets.token_hex(8), moment)
        stored += 1
    return stored
