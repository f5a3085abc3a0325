"""The template preview: every form template as a team will see it, with a sample programme.

For whoever writes templates: ``GET /preview/`` lists them, ``GET /preview/<id>`` shows one with a
sample context (team Fredrikstad, a period between two gatherings and its months, example
prefill values marked as examples), and ``POST`` checks what was typed exactly as a draft or a
submission would be checked — then shows it again. Nothing is ever stored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from ..i18n import current_language
from ..programmes import get_catalog
from ..schema import Field, FormContext, FormTemplate, Gathering, document_view
from ..timefmt import OSLO
from . import formhtml, formkit
from .security import csrf

bp = Blueprint("preview", __name__, url_prefix="/preview")
csrf.exempt(bp)  # formkit.handle_post checks the token itself, so an expired one keeps the typed text


@bp.record_once
def _install_helpers(state: Any) -> None:
    formhtml.install(state.app)


@bp.get("/")
def index():
    """Every template in the catalogue with its version and limits."""
    forms = sorted(get_catalog().forms.values(), key=lambda t: t.title)
    return render_template("preview/index.html", templates=forms)


@bp.route("/<form_id>", methods=["GET", "POST"])
def show(form_id: str):
    """One template with sample data; a POST checks the answers and shows them again."""
    catalog = get_catalog()
    template = catalog.forms.get(form_id)
    if template is None:
        abort(404)
    context = replace(sample_context(template, catalog.forms), language=current_language())
    template = template.in_language(context.language)
    form_class = formkit.web_form_class(template, context)
    formkit.allow_uploads(form_class)
    outcome, receipt, status = None, None, 200
    if request.method == "POST":
        result = formkit.handle_post(form_class)
        form, outcome, status = result.form, result.outcome, result.status
        if outcome == formkit.SUBMITTED:
            receipt = document_view(template, form.answers(), context, _)
    else:
        form = form_class.from_answers({})
    return render_template(
        "preview/form.html", form=form, template=template, outcome=outcome, receipt=receipt, context=context
    ), status


# The sample programme: Jobbvinner Østfold's second period, between the gatherings at Hvaler
# (September 2018) and Marker (February 2019) — the period the Statusrapport template spoke of.
SAMPLE = {
    "programme_title": "Jobbvinner Østfold – utviklingsverksted 2018–2020",
    "recipient": "prosjektgruppa v/ prosjektleder",
    "team_name": "Fredrikstad",
    "due_at": datetime(2018, 10, 4, 23, 59, 59, tzinfo=OSLO),
    "period_start": date(2018, 9, 20),
    "period_end": date(2019, 2, 14),
    "programme_start": date(2018, 4, 19),
    "programme_end": date(2020, 2, 13),
    "gathering": Gathering(2, date(2018, 9, 20), "Dypedalsåsen, Hvaler", "Rekruttering"),
    "reference_for": "Hvaler",
}


def sample_context(template: FormTemplate, forms: dict[str, FormTemplate]) -> FormContext:
    """The sample context, with an example answer for every prefill that copies an earlier answer."""
    answers: dict[str, dict[str, Any]] = {}
    previous: dict[str, Any] = {}
    for spec in template.fields:
        prefill = spec.prefill
        if prefill is None or prefill.source not in ("form", "previous"):
            continue
        origin = template if prefill.source == "previous" else forms.get(prefill.form or "")
        if origin is None:
            continue
        source_field = origin.field(prefill.key)
        value = example_answer(source_field, origin.title, previous=prefill.source == "previous")
        if prefill.source == "previous":
            previous[prefill.key] = value
        else:
            answers.setdefault(origin.id, {})[prefill.key] = value
    return FormContext(**SAMPLE, answers=answers, previous=previous or None)


def example_answer(spec: Field, form_title: str, previous: bool = False) -> Any:
    """An answer that says it is an example and where a real one would come from."""
    if spec.type == "table":
        return [{c.key: _example_text(c, form_title, row, previous) for c in spec.columns} for row in (1, 2)]
    return _example_text(spec, form_title, None, previous)


def _example_text(spec: Field, form_title: str, row: int | None, previous: bool) -> Any:
    if spec.type not in ("text", "textarea"):
        return None  # only free text can say of itself that it is an example
    label = spec.label if row is None else _("%(label)s, row %(row)d", label=spec.label, row=row)
    if previous:
        return _("Example from the team's previous %(form)s: %(label)s", form=form_title, label=label)
    return _("Example from the team's %(form)s: %(label)s", form=form_title, label=label)
