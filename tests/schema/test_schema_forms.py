"""engine.schema.forms: WTForms classes built from templates, as the team pages will use them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from werkzeug.datastructures import MultiDict

from engine.schema import FormContext, FormTemplate, build_form_class, reserved_keys
from engine.timefmt import OSLO

TEMPLATE = FormTemplate.from_dict(
    {
        "id": "demo",
        "version": 2,
        "title": "Demo",
        "limits": {"max_words": 12},
        "intro": "Til {recipient} innen {due:%d.%m.%Y}.",
        "sections": [
            {
                "fields": [
                    {"key": "team", "type": "text", "label": "Team", "prefill": "team.name", "readonly": True},
                    {
                        "key": "effektmal",
                        "type": "textarea",
                        "label": "Effektmål",
                        "prefill": "hovedplan.effektmal",
                        "required": True,
                        "max_words": 8,
                    },
                    {"key": "kort", "type": "text", "label": "Kort", "max_chars": 5},
                    {"key": "antall", "type": "integer", "label": "Antall", "min": 0, "max": 100},
                    {"key": "dato", "type": "date", "label": "Dato"},
                    {"key": "mote", "type": "datetime", "label": "Møte"},
                    {"key": "epost", "type": "email", "label": "E-post"},
                    {
                        "key": "valg",
                        "type": "choice",
                        "label": "Valg",
                        "options": ["Ja", {"value": "n", "label": "Nei"}],
                    },
                    {"key": "flere", "type": "multichoice", "label": "Flere", "options": ["a", "b", "c"]},
                    {"key": "svar", "type": "yesno", "label": "Svar?"},
                    {"key": "skala", "type": "scale", "label": "Skala", "required": True},
                    {"key": "om", "type": "info", "text": "Les dette."},
                ]
            },
            {
                "title": "Plan",
                "fields": [
                    {
                        "key": "tiltak",
                        "type": "table",
                        "label": "Tiltak",
                        "min_rows": 1,
                        "max_rows": 3,
                        "rows": 2,
                        "prefill": {"from": "previous.tiltak", "columns": ["delmal"]},
                        "columns": [
                            {"key": "delmal", "type": "text", "label": "Delmål", "required": True},
                            {"key": "ansvarlig", "type": "text", "label": "Ansvarlig"},
                            {"key": "maneder", "type": "period_months", "label": "Måneder"},
                        ],
                    },
                ],
            },
        ],
    }
)
CONTEXT = FormContext(
    team_name="Moss",
    recipient="prosjektgruppa",
    due_at=datetime(2018, 10, 4, 23, 59, 59, tzinfo=OSLO),
    period_start=date(2018, 9, 20),
    period_end=date(2018, 12, 6),
    answers={"hovedplan": {"effektmal": "Flere søkere"}},
    previous={"tiltak": [{"delmal": "Mottak", "ansvarlig": "Kari", "maneder": ["2018-05"]}, {"delmal": ""}]},
)
FORM = build_form_class(TEMPLATE, CONTEXT)
VALID = {"effektmal": "Flere søkere til ledige stillinger", "skala": "4", "tiltak-0-delmal": "Mottak"}


def post(**data) -> MultiDict:
    return MultiDict([(k, x) for k, v in data.items() for x in (v if isinstance(v, list) else [v])])


def test_inputs_are_named_as_design_section_four_says():
    form = FORM.from_answers({})
    names = [field.name for field in form]
    assert names[:11] == [
        "team",
        "effektmal",
        "kort",
        "antall",
        "dato",
        "mote",
        "epost",
        "valg",
        "flere",
        "svar",
        "skala",
    ]
    assert [cell.name for cell in form["tiltak"].entries[0].form] == [
        "tiltak-0-delmal",
        "tiltak-0-ansvarlig",
        "tiltak-0-maneder",
    ]


def test_texts_are_resolved_for_the_context():
    assert FORM.template.intro == "Til prosjektgruppa innen 04.10.2018."


def test_a_new_form_is_prefilled_where_empty():
    form = FORM.from_answers({})
    raw = form.raw_values()
    assert raw["team"] == "Moss"
    assert raw["effektmal"] == "Flere søkere"
    # only the delmal column is copied, and the previous plan's empty row is dropped
    assert raw["tiltak"] == [{"delmal": "Mottak", "ansvarlig": "", "maneder": []}]
    assert form.prefilled == {"team", "effektmal", "tiltak"}


def test_a_new_table_without_prefill_shows_its_initial_rows():
    bare = build_form_class(TEMPLATE, FormContext())
    assert len(bare.from_answers({})["tiltak"].entries) == 2


def test_stored_answers_win_over_prefill():
    form = FORM.from_answers({"effektmal": "Vårt eget mål", "tiltak": [{"delmal": "Annet"}]})
    assert form.raw_values()["effektmal"] == "Vårt eget mål"
    assert form.raw_values()["tiltak"][0]["delmal"] == "Annet"
    assert "effektmal" not in form.prefilled


def test_prefill_can_be_left_out():
    form = FORM.from_answers({}, prefill=False)
    assert form.raw_values()["effektmal"] == ""
    assert form.raw_values()["team"] == "Moss", "a read-only field always shows its source"


def test_a_read_only_field_ignores_what_is_posted():
    form = FORM(post(team="Hackerteam", **VALID))
    assert form.raw_values()["team"] == "Moss"
    assert form.check_submit()
    assert form.answers()["team"] == "Moss"


def test_typed_answers_of_a_valid_submission():
    form = FORM(
        post(
            **{
                **VALID,
                "antall": "12",
                "dato": "20.9.2018",
                "mote": "2018-10-02T09:30",
                "epost": " kari@example.org ",
                "valg": "n",
                "flere": ["c", "a"],
                "svar": "no",
                "tiltak-0-maneder": ["2018-11", "2018-09"],
                "tiltak-1-delmal": "",
                "tiltak-1-ansvarlig": "",
            }
        )
    )
    assert form.check_submit(), form.messages()
    answers = form.answers()
    assert answers["antall"] == 12
    assert answers["dato"] == "2018-09-20"
    assert answers["mote"] == "2018-10-02T09:30:00+02:00"
    assert answers["epost"] == "kari@example.org"
    assert answers["valg"] == "n"
    assert answers["flere"] == ["a", "c"]
    assert answers["svar"] is False
    assert answers["skala"] == 4
    assert answers["tiltak"] == [{"delmal": "Mottak", "ansvarlig": "", "maneder": ["2018-09", "2018-11"]}]
    assert "om" not in answers


@pytest.mark.parametrize(
    "typed, number", [("12", 12), (" 12 ", 12), ("1 200", 1200), ("1\u00a0200", 1200), ("−5", -5), ("+7", 7)]
)
def test_numbers_are_read_as_people_write_them(typed, number):
    wide = build_form_class(
        FormTemplate.from_dict(
            {
                "id": "n",
                "version": 1,
                "title": "N",
                "sections": [{"fields": [{"key": "antall", "type": "integer", "label": "Antall"}]}],
            }
        ),
        FormContext(),
    )
    form = wide(post(antall=typed))
    assert form.check_submit()
    assert form.answers() == {"antall": number}


def test_answers_fill_a_form_that_gives_the_same_answers():
    form = FORM(
        post(
            **{**VALID, "mote": "02.10.2018 kl. 09.30", "flere": ["b"], "svar": "yes", "tiltak-0-maneder": ["2018-10"]}
        )
    )
    assert form.check_submit()
    again = FORM.from_answers(form.answers())
    assert again.raw_values()["mote"] == "2018-10-02T09:30"
    assert again.check_submit()
    assert again.answers() == form.answers()


@pytest.mark.parametrize(
    "data, field_id, message",
    [
        ({"effektmal": ""}, "effektmal", "This field is required."),
        ({"skala": ""}, "skala-0", "This field is required."),
        ({"effektmal": "en to tre fire fem seks sju åtte ni"}, "effektmal", "Too many words: 9, the limit is 8."),
        ({"kort": "sekstegn"}, "kort", "Too many characters: 8, the limit is 5."),
        ({"antall": "abc"}, "antall", "Enter a whole number, for example 12."),
        ({"antall": "101"}, "antall", "Enter a number of at most 100."),
        ({"antall": "-1"}, "antall", "Enter a number of at least 0."),
        ({"dato": "31.02.2018"}, "dato", "Enter a date as dd.mm.yyyy, for example 19.04.2018."),
        ({"mote": "i morgen"}, "mote", "Enter a date and time, for example 19.04.2018 09.00."),
        ({"epost": "kari(at)example.org"}, "epost", "Enter an e-mail address such as name@example.org."),
        ({"valg": "Kanskje"}, "valg-0", "Choose one of the options shown."),
        ({"skala": "6"}, "skala-0", "Choose one of the options shown."),
        ({"tiltak-0-maneder": "2019-05"}, "tiltak-0-maneder-0", "Tick only months of this period."),
        ({"tiltak-0-delmal": "", "tiltak-0-ansvarlig": "Kari"}, "tiltak-0-delmal", "This field is required."),
        ({"tiltak-0-delmal": ""}, "tiltak", "Filled-in rows: 0; at least 1 are needed."),
        (
            {"tiltak-1-delmal": "b", "tiltak-2-delmal": "c", "tiltak-3-delmal": "d"},
            "tiltak",
            "Rows: 4; at most 3 are allowed.",
        ),
    ],
)
def test_a_submission_is_checked(data, field_id, message):
    form = FORM(post(**{**VALID, **data}))
    assert not form.check_submit()
    # the anchor is the input to jump to: the first radio button or tick box of a group
    assert [(m.anchor, m.text) for m in form.messages()] == [(field_id, message)]


def test_the_whole_document_limit_applies_to_a_submission():
    form = FORM(post(**{**VALID, "effektmal": "en to tre fire fem seks sju", "tiltak-0-delmal": "a b c d e f"}))
    assert not form.check_submit()
    assert form.messages() == []
    assert form.document_words() == 14  # table cells count too
    assert form.document_errors == ["The document has 14 words; the limit is 12."]


def test_a_draft_saves_anything_and_warns():
    form = FORM(post(effektmal="", antall="abc", kort="sekstegn", **{"tiltak-0-delmal": "a b c d e f g h i j k l m"}))
    assert form.check_draft()
    assert form.errors == {}
    assert form.warnings == {
        "kort": ["Too many characters: 8, the limit is 5."],
        "antall": ["Enter a whole number, for example 12."],
    }
    assert form.document_warnings == ["The document has 15 words; the limit is 12."]  # Moss + sekstegn + 13
    assert form.raw_values()["antall"] == "abc"


def test_a_draft_comes_back_exactly_as_typed():
    typed = FORM(
        post(
            antall="abc",
            dato="20/9",
            **{"tiltak-0-delmal": "Mottak", "tiltak-0-maneder": "2018-10", "tiltak-1-ansvarlig": "Per"},
        )
    )
    draft = typed.raw_values()
    again = FORM.from_draft(draft, prefill=False)
    assert again.raw_values() == draft
    assert again["antall"]._value() == "abc"
    assert FORM.from_draft(draft).raw_values() == {**draft, "effektmal": "Flere søkere"}, "prefill where empty"


def test_a_draft_from_storage_is_read_forgivingly():
    form = FORM.from_draft({"antall": 12, "flere": "a", "tiltak": [{"delmal": None}, "junk"], "ukjent": "x"})
    raw = form.raw_values()
    assert raw["antall"] == "12"
    assert raw["flere"] == []
    assert raw["tiltak"] == [{"delmal": "Mottak", "ansvarlig": "", "maneder": []}]


def test_progress_counts_required_answers():
    empty = FORM.from_answers({}, prefill=False).progress()
    assert (empty.done, empty.total, empty.complete) == (0, 3, False)
    full = FORM.from_answers({"skala": 3}).progress()
    assert (full.done, full.total, full.complete) == (3, 3, True)  # effektmal and the table come from prefill


def test_a_table_counts_as_answered_when_its_required_cells_are():
    form = FORM(post(**{"tiltak-0-delmal": "", "tiltak-0-ansvarlig": "Kari"}))
    assert form.progress().done == 0


@pytest.mark.parametrize(
    "action, rows",
    [
        ("add_row:tiltak", ["A", "B", ""]),
        ("remove_row:tiltak:0", ["B"]),
        ("remove_row:tiltak:1", ["A"]),
        ("remove_row:tiltak:9", ["A", "B"]),
    ],
)
def test_rows_are_added_and_removed_keeping_what_was_typed(action, rows):
    form = FORM(post(antall="abc", **{"tiltak-0-delmal": "A", "tiltak-1-delmal": "B"}))
    changed = form.row_action(action)
    assert [row["delmal"] for row in changed.raw_values()["tiltak"]] == rows
    assert changed.raw_values()["antall"] == "abc"
    assert [e.name for e in changed["tiltak"].entries] == [f"tiltak-{i}" for i in range(len(rows))]


def test_rows_stay_within_the_limits():
    full = FORM(post(**{"tiltak-0-delmal": "A", "tiltak-1-delmal": "B", "tiltak-2-delmal": "C"}))
    assert len(full.row_action("add_row:tiltak")["tiltak"].entries) == 3
    single = FORM(post(**{"tiltak-0-delmal": "A"}))
    assert len(single.row_action("remove_row:tiltak:0")["tiltak"].entries) == 1


@pytest.mark.parametrize("action", ["save", "submit", "add_row:effektmal", "remove_row:nothing:0", None])
def test_other_actions_are_not_row_actions(action):
    assert FORM(post()).row_action(action) is None


def test_validation_messages_go_through_the_given_gettext():
    catalogue = {"This field is required.": "Feltet må fylles ut."}
    translated = build_form_class(TEMPLATE, CONTEXT, gettext=lambda s: catalogue.get(s, s))
    form = translated(post(**{**VALID, "effektmal": ""}))
    assert not form.check_submit()
    assert form.messages()[0].text == "Feltet må fylles ut."


def test_a_flask_wtf_base_adds_csrf(app):
    from flask_wtf import FlaskForm

    with app.test_request_context("/", method="POST", data={**VALID}):
        form = build_form_class(TEMPLATE, CONTEXT, base=FlaskForm)()
        assert not form.check_submit()
        assert "csrf_token" in form.errors
        assert not form.check_draft(), "a draft is not saved without a valid security token"


def test_reserved_keys_cover_the_form_machinery():
    form_attributes = {n for n in dir(FORM) if not n.startswith("_")}
    assert form_attributes - {"Meta"} <= reserved_keys() | {"om", "tiltak"} | {f.key for f in TEMPLATE.fields}
    assert {"data", "errors", "answers", "check_submit", "csrf_token", "action", "on_submit"} <= reserved_keys()


def test_a_registration_starts_from_the_last_list_or_else_from_the_members():
    from pathlib import Path

    from engine.schema import load_templates

    shipped, _ = load_templates(Path(__file__).resolve().parents[2] / "forms")
    members = (("Maria Olsen", "gruppeleder", "maria@example.org"), ("Lars Kristiansen", "", "lars@example.org"))
    first = build_form_class(shipped["pamelding"], FormContext(team_name="Moss", team_members=members))
    rows = first.from_answers({}).raw_values()["deltakere"]
    assert [(r["navn"], r["rolle"], r["kosthold"]) for r in rows] == [
        ("Maria Olsen", "gruppeleder", ""),
        ("Lars Kristiansen", "", ""),
    ]
    last = [{"navn": "Ida Pedersen", "rolle": "HR", "kosthold": "Vegetar", "allergier": "", "gruppearbeid": ""}]
    context = FormContext(team_name="Moss", team_members=members, previous={"deltakere": last})
    rows = build_form_class(shipped["pamelding"], context).from_answers({}).raw_values()["deltakere"]
    assert [(r["navn"], r["kosthold"]) for r in rows] == [("Ida Pedersen", "Vegetar")]


def test_a_post_that_no_browser_sends_reads_as_not_sent():
    """Issue #12, item 1: a file where text was expected, a row numbered with a digit ``int()`` cannot
    read (``²``, ``①``), a row number beyond any table — no exception; the rest is read as typed."""
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    data = post(
        effektmal="Flere søkere",
        kort=FileStorage(BytesIO(b"file"), "hostname"),
        flere=["a", FileStorage(BytesIO(b"file"), "x")],
        **{
            "tiltak-0-delmal": "Kartlegge",
            "tiltak-²-delmal": "superscript",
            "tiltak-①-delmal": "circled",
            "tiltak-9999999999-delmal": "too far",
        },
    )
    form = FORM(formdata=data)
    assert (form.effektmal.data, form.kort.data, form.flere.data) == ("Flere søkere", "", ["a"])
    assert [entry.form.delmal.data for entry in form.tiltak.entries] == ["Kartlegge"]
