"""Mail texts per language: a workflow's text may be ``{nb: …, nn: …}`` beside the plain string, and
the programme's language picks the text (nb where a language has none of its own)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from engine.cycle import (
    Delivery,
    MailState,
    due_mail,
    intent_context,
    link_context,
    plan_assignments,
    receipt_context,
    render_mail,
    workflow_from_source,
)
from engine.schema.source import SourceError, load_yaml

from .conftest import MINI_WORKFLOW

P = "jobbvinner-ostfold-2018"
LINK = "https://verksted.example/p/jobbvinner-ostfold-2018/t/TOKEN/"
BOKMAAL_WORDS = ("ikke", "Vennlig hilsen", "Påminnelse", " fra ", "lenken", "Hvordan", "uke ")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def nynorsk(ostfold):
    return replace(ostfold, language="nn")


@pytest.fixture(scope="module")
def state(nynorsk, workflow):
    plan = {a.key: a for a in plan_assignments(nynorsk, workflow)}
    deliveries = [
        Delivery.for_assignment(plan[f"{P}/marker/hovedplan/1"], at("2018-05-28T10:00:00+02:00")),
        Delivery.for_assignment(plan[f"{P}/eidsberg/hovedplan/1"], at("2018-06-02T10:00:00+02:00")),
    ]
    return MailState.build(nynorsk, workflow, deliveries)


def rendered(state, now: str, language: str = "nn", **match) -> tuple[str, str]:
    intent = next(i for i in due_mail(state, at(now)) if all(getattr(i, k) == v for k, v in match.items()))
    context = intent_context(intent, state.programme, state.workflow, LINK)
    return render_mail(state.workflow, intent.template, context, language)


def test_every_shipped_mail_text_is_written_in_bokmaal_and_nynorsk(workflow):
    for kind, texts in workflow.data["mail"].items():
        for part, text in texts.items():
            assert set(text) == {"nb", "nn"}, f"{kind}.{part}"
            assert text["nn"].count("{{") == text["nb"].count("{{"), f"{kind}.{part}: the same values in both"
        assert texts["body"]["nn"] != texts["body"]["nb"], kind
        for word in BOKMAAL_WORDS:
            assert word not in texts["body"]["nn"] + texts["subject"]["nn"], f"{kind}: Bokmål {word!r} in nn"


def test_the_invitation_in_nynorsk(state):
    subject, body = rendered(
        state,
        "2019-01-03T09:00:00+01:00",
        kind="invitation",
        team="moss",
        member="maria-olsen",
        deliverable="statusrapport",
    )
    assert subject == "Statusrapport før samling 3 for Moss – frist 31.01.2019"
    assert "Statusrapport før samling 3 for Moss er no klar til utfylling" in body
    assert "Skjemaet finn du på sida til teamet, som du opnar med den personlege lenka di:\n" + LINK in body
    assert body.endswith("Venleg helsing\nIngrid Solberg\nJobbvinner Østfold – utviklingsverksted 2018–2020\n")


def test_the_same_invitation_in_bokmaal_is_unchanged(state):
    subject, body = rendered(
        state,
        "2019-01-03T09:00:00+01:00",
        language="nb",
        kind="invitation",
        team="moss",
        member="maria-olsen",
        deliverable="statusrapport",
    )
    assert subject == "Statusrapport før samling 3 for Moss – frist 31.01.2019"
    assert "Skjemaet finner du på teamets side" in body and "Vennlig hilsen" in body


@pytest.mark.parametrize(
    ("now", "rule", "phrase"),
    [
        ("2019-01-24T09:00:00+01:00", "soon", "31.01.2019 – om 7 dagar."),
        ("2019-01-30T09:00:00+01:00", "tomorrow", "31.01.2019, altså i morgon."),
    ],
)
def test_reminders_in_nynorsk(state, now, rule, phrase):
    subject, body = rendered(state, now, rule=rule, team="moss", member="maria-olsen")
    assert subject == "Påminning: Statusrapport før samling 3 – frist 31.01.2019"
    assert "ei venleg påminning om at statusrapport før samling 3 frå Moss skal leverast innan" in body
    assert phrase in body


def test_the_overdue_notice_the_leaders_copy_the_evaluation_and_the_digest_in_nynorsk(state):
    subject, body = rendered(state, "2018-10-05T09:00:00+02:00", rule="overdue", team="moss", member="maria-olsen")
    assert subject == "Fristen er passert: Fremdriftsplan etter samling 2 frå Moss"
    assert "og vi har enno ikkje fått den." in body
    subject, body = rendered(state, "2018-10-05T09:00:00+02:00", rule="overdue", team="moss", member=None)
    assert subject == "Kopi: purring til Moss – Fremdriftsplan etter samling 2"
    assert "Varsla:\n- Maria Olsen <maria.olsen@example.org>" in body
    subject, body = rendered(state, "2019-02-14T09:00:00+01:00", kind="evaluation", team="marker")
    assert subject == "Korleis var samling 3? Gi oss vurderinga di"
    assert "Evalueringa er open til og med 21.02.2019. Takk for at du deltek!" in body
    subject, body = rendered(state, "2018-06-04T09:00:00+02:00", kind="digest")
    assert subject == "Vekeoversikt for Jobbvinner Østfold – utviklingsverksted 2018–2020 – veke 23"
    assert "Levert siste veke:\n- Marker: Hovedplan, levert 28.05.2018\n" in body


def test_the_receipt_and_the_link_in_nynorsk(nynorsk, workflow):
    plan = {a.key: a for a in plan_assignments(nynorsk, workflow)}
    assignment = plan[f"{P}/marker/hovedplan/1"]
    delivery = Delivery.for_assignment(assignment, at("2018-05-28T10:00:00+02:00"), submitted_by_name="Liv Strand")
    context = receipt_context(nynorsk, workflow, assignment, delivery, [("Tiltak", "")], "liv-strand", LINK)
    subject, body = render_mail(workflow, "receipt", context, "nn")
    assert subject == "Kvittering: Hovedplan frå Marker er motteken"
    assert "vart sendt inn 28.05.2018 kl. 10.00 av Liv Strand." in body and "Tiltak\n(ikkje svart på)\n" in body
    subject, body = render_mail(workflow, "link", link_context(nynorsk, workflow, "valer", "sigrid-aas", LINK), "nn")
    assert subject == "Lenka di til Jobbvinner Østfold – utviklingsverksted 2018–2020"
    assert "Her er den personlege lenka di til skjemaa for Våler" in body


def test_the_button_text_follows_the_language_too(workflow):
    assert workflow.mail["invitation"].in_language("nn").link_text == "Opne skjemaa til teamet"
    assert workflow.mail["invitation"].in_language("nb").link_text == "Åpne teamets skjemaer"
    assert workflow.mail["digest"].in_language("en").link_text == "Se hele leveringsoversikten"  # no en: nb


def load(text: str, forms):
    return workflow_from_source(load_yaml(text, "mini.yaml"), forms)


def problems_of(text: str, forms) -> list[str]:
    try:
        load(text, forms)
    except SourceError as exc:
        return [str(p) for p in exc.problems]
    return []


PLAIN = 'invitation: {subject: "Ny: {{ deliverable }}", body: "Frist {{ due|date }}: {{ link }}"}'


def test_a_plain_string_stays_valid_and_serves_every_language(forms, mini_workflow):
    assert mini_workflow.mail["invitation"].in_language("nn").subject == "Ny: {{ deliverable }}"


def test_a_text_per_language_is_picked_by_language_with_nb_for_the_rest(forms):
    text = MINI_WORKFLOW.replace(
        PLAIN,
        'invitation: {subject: {nb: "Nytt skjema", nn: "Nytt skjema no"}, body: {nb: "Frist {{ due|date }}"}}',
    )
    workflow = load(text, forms)
    assert workflow.mail["invitation"].in_language("nn").subject == "Nytt skjema no"
    assert workflow.mail["invitation"].in_language("nb").subject == "Nytt skjema"
    assert workflow.mail["invitation"].in_language("en").subject == "Nytt skjema"
    assert workflow.mail["invitation"].in_language("nn").body == "Frist {{ due|date }}"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (
            '{nb: "Ny", nn: "Ny: {{ deu }}"}',
            "mini.yaml:13: mail.invitation.subject.nn: unknown variable 'deu'; this text can use: ",
        ),
        ('{nb: "Ny", nn: "Ny {{ x"}', "mini.yaml:13: mail.invitation.subject.nn: template error on line 1"),
        (
            '{nn: "Ny"}',
            "mini.yaml:13: mail.invitation.subject: a text per language needs the nb text, the default for a "
            "language without its own",
        ),
        ('{nb: "Ny", se: "Ođđa"}', "mini.yaml:13: mail.invitation.subject: unknown key 'se'; allowed here: en, nb, nn"),
        ('{nb: "Ny", nn: ""}', "mini.yaml:13: mail.invitation.subject.nn: must not be empty"),
        (
            "5",
            "mini.yaml:13: mail.invitation.subject: expected text, or a text per language such as {nb: …, nn: …}; "
            "got 5",
        ),
    ],
)
def test_a_wrong_text_per_language_names_the_file_and_field(forms, subject, expected):
    text = MINI_WORKFLOW.replace(PLAIN, f'invitation: {{subject: {subject}, body: "Frist"}}')
    [line] = problems_of(text, forms)
    assert line.startswith(expected), line


def test_a_deliverable_is_named_in_the_programmes_language(workflow):
    from pathlib import Path

    from engine.cycle import load_workflow
    from engine.schema import load_templates

    root = Path(__file__).resolve().parents[2]
    forms, _ = load_templates(root / "forms")
    shipped = load_workflow(root / "workflows" / "utviklingsverksted.yaml", forms)
    plan = shipped.deliverable("fremdriftsplan")
    assert (plan.title, plan.title_in("nn"), plan.title_in("en")) == (
        "Fremdriftsplan",
        "Framdriftsplan",
        "Fremdriftsplan",
    )
    assert shipped.deliverable("hovedplan").title_in("nn") == "Hovudplan"


def test_a_programmes_adjusted_cycle_still_names_its_deliverables_in_nynorsk():
    from pathlib import Path

    from engine.cycle import load_workflow
    from engine.cycle.adjust import adjusted_workflow
    from engine.schema import load_templates

    root = Path(__file__).resolve().parents[2]
    forms, _ = load_templates(root / "forms")
    shipped = load_workflow(root / "workflows" / "utviklingsverksted.yaml", forms)
    adjusted = adjusted_workflow(shipped, {"deliverables": {"pamelding": {"enabled": True}}})
    assert adjusted.deliverable("pamelding").enabled
    assert adjusted.deliverable("fremdriftsplan").title_in("nn") == "Framdriftsplan"
    assert [d.titles for d in adjusted.deliverables] == [d.titles for d in shipped.deliverables]
