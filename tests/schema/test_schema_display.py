"""engine.schema.display: submitted answers as a read-only, printable document."""

from __future__ import annotations

from datetime import date

from engine.schema import FormContext, FormTemplate, document_view

TEMPLATE = FormTemplate.from_dict(
    {
        "id": "demo",
        "version": 3,
        "title": "Demo",
        "subtitle": "For {team}",
        "intro": "Første.\n\nAndre avsnitt.",
        "sections": [
            {
                "fields": [
                    {"key": "team", "type": "text", "label": "Team", "prefill": "team.name", "readonly": True},
                    {"key": "mote", "type": "datetime", "label": "Møte"},
                    {"key": "dato", "type": "date", "label": "Dato"},
                    {
                        "key": "valg",
                        "type": "choice",
                        "label": "Valg",
                        "options": [{"value": "n", "label": "Nei takk"}],
                    },
                    {"key": "svar", "type": "yesno", "label": "Svar?"},
                    {"key": "skala", "type": "scale", "label": "Skala"},
                    {"key": "om", "type": "info", "text": "Les.\n\nOg les."},
                ]
            },
            {"title": "1. Hva har dere lært?", "fields": [{"key": "lært", "type": "textarea"}]},
            {
                "title": "Plan",
                "fields": [
                    {
                        "key": "plan",
                        "type": "table",
                        "label": "Plan",
                        "columns": [
                            {"key": "delmal", "type": "text", "label": "Delmål"},
                            {"key": "maneder", "type": "period_months", "label": "Måneder"},
                        ],
                    }
                ],
            },
        ],
    }
)


def test_answers_read_as_text():
    view = document_view(
        TEMPLATE,
        {
            "team": "Moss",
            "mote": "2018-10-02T09:30:00+02:00",
            "dato": "2018-09-20",
            "valg": "n",
            "svar": True,
            "skala": 4,
            "lært": "Mye.\nOg mer.",
            "plan": [{"delmal": "Mottak", "maneder": ["2018-09", "2018-10"]}],
        },
        FormContext(team_name="Moss", period_start=date(2018, 9, 1), period_end=date(2018, 12, 1)),
        gettext=lambda s: {"Yes": "Ja", "%(value)s of %(max)s": "%(value)s av %(max)s"}.get(s, s),
    )
    assert (view.title, view.subtitle, view.version, view.intro) == (
        "Demo",
        "For Moss",
        3,
        ("Første.", "Andre avsnitt."),
    )
    header, learned, plan = view.sections
    assert [(i.label, i.text) for i in header.items if i.type != "info"] == [
        ("Team", "Moss"),
        ("Møte", "02.10.2018 kl. 09.30"),
        ("Dato", "20.09.2018"),
        ("Valg", "Nei takk"),
        ("Svar?", "Ja"),
        ("Skala", "4 av 5"),
    ]
    assert header.items[-1].paragraphs == ("Les.", "Og les.")
    assert learned.title == "1. Hva har dere lært?"
    assert (learned.items[0].label, learned.items[0].text) == ("", "Mye.\nOg mer.")
    assert plan.items[0].columns == ("Delmål", "Måneder")
    assert plan.items[0].rows == (("Mottak", "sep. 2018, okt. 2018"),)


def test_unanswered_questions_are_empty():
    view = document_view(TEMPLATE, {}, FormContext())
    items = [i for s in view.sections for i in s.items if i.type != "info"]
    assert all(i.empty for i in items)


def test_an_answer_that_no_longer_fits_its_type_is_still_shown():
    view = document_view(TEMPLATE, {"dato": "20.09.2018", "plan": "ikke en tabell"}, FormContext())
    assert view.sections[0].items[2].text == "20.09.2018"
    assert view.sections[2].items[0].rows == ()
