"""The shipped Norwegian mail texts render from what the cycle plans, in a sandbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import jinja2
import pytest

from engine.cycle import (
    TEMPLATE_VARIABLES,
    Delivery,
    MailState,
    MailTemplate,
    due_mail,
    feedback_context,
    intent_context,
    link_context,
    message_context,
    plan_assignments,
    presenter_context,
    receipt_context,
    render_mail,
)
from engine.cycle.mailtexts import template_problems

P = "jobbvinner-ostfold-2018"
LINK = "https://verksted.example/p/jobbvinner-ostfold-2018/t/TOKEN/"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def plan(ostfold, workflow):
    return {a.key: a for a in plan_assignments(ostfold, workflow)}


@pytest.fixture(scope="module")
def state(ostfold, workflow, plan):
    deliveries = [
        Delivery.for_assignment(plan[f"{P}/marker/hovedplan/1"], at("2018-05-28T10:00:00+02:00")),
        Delivery.for_assignment(plan[f"{P}/eidsberg/hovedplan/1"], at("2018-06-02T10:00:00+02:00")),
    ]
    return MailState.build(ostfold, workflow, deliveries)


def rendered(state, now: str, **match) -> tuple[str, str]:
    intent = next(i for i in due_mail(state, at(now)) if all(getattr(i, k) == v for k, v in match.items()))
    return render_mail(state.workflow, intent.template, intent_context(intent, state.programme, state.workflow, LINK))


def test_the_invitation_names_the_deliverable_team_deadline_and_personal_link(state):
    subject, body = rendered(
        state,
        "2019-01-03T09:00:00+01:00",
        kind="invitation",
        team="moss",
        member="maria-olsen",
        deliverable="statusrapport",
    )
    assert subject == "Statusrapport før samling 3 for Moss – frist 31.01.2019"
    assert body.startswith("Hei, Maria Olsen!\n")
    assert "Fristen er 31.01.2019." in body and LINK in body and "prosjektgruppa v/ prosjektleder" in body


@pytest.mark.parametrize(
    ("now", "rule", "phrase"),
    [
        ("2019-01-24T09:00:00+01:00", "soon", "31.01.2019 – om 7 dager."),
        ("2019-01-30T09:00:00+01:00", "tomorrow", "31.01.2019, altså i morgen."),
    ],
)
def test_reminders_say_how_long_is_left(state, now, rule, phrase):
    subject, body = rendered(state, now, rule=rule, team="moss", member="maria-olsen")
    assert subject == "Påminnelse: Statusrapport før samling 3 – frist 31.01.2019"
    assert phrase in body and LINK in body


def test_the_overdue_notice_and_the_leaders_copy(state):
    subject, body = rendered(state, "2018-10-05T09:00:00+02:00", rule="overdue", team="moss", member="maria-olsen")
    assert subject == "Fristen er passert: Fremdriftsplan etter samling 2 fra Moss"
    assert "var 04.10.2018" in body and LINK in body
    subject, body = rendered(state, "2018-10-05T09:00:00+02:00", rule="overdue", team="moss", member=None)
    assert subject == "Kopi: purring til Moss – Fremdriftsplan etter samling 2"
    assert "- Maria Olsen <maria.olsen@example.org>\n- Lars Kristiansen <lars.kristiansen@example.org>\n" in body
    assert LINK not in body  # no personal link in the leader's copy


def test_the_evaluation_mail(state):
    subject, body = rendered(state, "2019-02-14T09:00:00+01:00", kind="evaluation", team="marker")
    assert subject == "Hvordan var samling 3? Gi oss din vurdering"
    assert "(Kommunestyresalen, Marker)" in body and "til og med 21.02.2019" in body


def test_the_digest_lists_one_line_per_delivery(state):
    subject, body = rendered(state, "2018-06-04T09:00:00+02:00", kind="digest")
    assert subject == "Ukeoversikt for Jobbvinner Østfold – utviklingsverksted 2018–2020 – uke 23"
    assert (
        "Levert siste uke:\n- Marker: Hovedplan, levert 28.05.2018\n"
        "- Eidsberg: Hovedplan, levert 02.06.2018, etter fristen 31.05.2018\n\n"
    ) in body
    assert "- Sarpsborg: Fremdriftsplan etter samling 1, frist 03.05.2018\n" in body


def test_the_receipt_copies_the_answers(ostfold, workflow, plan):
    assignment = plan[f"{P}/marker/hovedplan/1"]
    delivery = Delivery.for_assignment(assignment, at("2018-05-28T10:00:00+02:00"), submitted_by_name="Liv Strand")
    context = receipt_context(
        ostfold,
        workflow,
        assignment,
        delivery,
        [("Effektmål", "Flere sykepleiere i faste stillinger."), ("Tiltak", "")],
        "liv-strand",
        LINK,
    )
    subject, body = render_mail(workflow, "receipt", context)
    assert subject == "Kvittering: Hovedplan fra Marker er mottatt"
    assert "sendt inn 28.05.2018 kl. 10.00 av Liv Strand." in body
    assert "Effektmål\nFlere sykepleiere i faste stillinger.\n\nTiltak\n(ikke besvart)\n" in body


def test_the_link_mail(ostfold, workflow):
    subject, body = render_mail(workflow, "link", link_context(ostfold, workflow, "valer", "sigrid-aas", LINK))
    assert subject == "Din lenke til Jobbvinner Østfold – utviklingsverksted 2018–2020"
    assert "for Våler" in body and LINK in body


LEADER_FEEDBACK = {
    "text": "Godt arbeid med målene.\n\nTiltak 2 trenger en ansvarlig person.",
    "version": 1,
    "submitted_at": at("2018-05-28T10:00:00+02:00"),
    "requests_version": True,
    "from_team": None,
    "author": "Ingrid Solberg",
}


def test_the_leaders_request_for_a_new_version(ostfold, workflow, plan):
    assignment = plan[f"{P}/marker/statusrapport/3"]
    context = feedback_context(ostfold, workflow, assignment, {**LEADER_FEEDBACK, "version": 2}, "liv-strand", LINK)
    subject, body = render_mail(workflow, "feedback", context)
    assert subject == "Prosjektleder ber om ny versjon av statusrapport før samling 3"
    assert body.startswith("Hei, Liv Strand!\n\nIngrid Solberg har gitt Marker en tilbakemelding på statusrapport")
    assert "før samling 3 (versjon 2):\n\nGodt arbeid med målene.\n\nTiltak 2 trenger en ansvarlig person.\n" in body
    assert "Prosjektleder ber om en ny versjon." in body and LINK in body


def test_feedback_from_the_reference_group_names_the_team(ostfold, workflow, plan):
    assignment = plan[f"{P}/marker/hovedplan/1"]
    feedback = {**LEADER_FEEDBACK, "requests_version": False, "from_team": "Eidsberg", "author": "Kari Holm"}
    subject, body = render_mail(
        workflow, "feedback", feedback_context(ostfold, workflow, assignment, feedback, "liv-strand", LINK)
    )
    assert subject == "Tilbakemelding fra referansegruppen Eidsberg på hovedplan"
    assert "Kari Holm i Eidsberg, som er referansegruppe for dere, har gitt en tilbakemelding på hovedplan:" in body
    assert "ny versjon" not in body


def test_the_leaders_message_is_sent_as_written(ostfold, workflow):
    context = message_context(ostfold, workflow, "moss", "maria-olsen", "Samling 4", "Hei alle!\n\nVelkommen.", LINK)
    subject, body = render_mail(workflow, "message", context)
    assert subject == "Samling 4"
    assert body.startswith("Hei alle!\n\nVelkommen.\n\n---\nMeldingen er sendt til Moss fra Ingrid Solberg")
    assert body.endswith(LINK + "\n")


def test_every_template_variable_is_provided_by_the_context_builders(state, ostfold, workflow, plan):
    intents = {}
    for now in (
        "2019-01-03T09:00:00+01:00",
        "2019-01-24T09:00:00+01:00",
        "2018-10-05T09:00:00+02:00",
        "2019-02-14T09:00:00+01:00",
        "2018-06-04T09:00:00+02:00",
        "2018-10-11T09:00:00+02:00",  # the leader's report after gathering 2 opens
    ):
        for intent in due_mail(state, at(now)):
            intents.setdefault(intent.template, intent)
    contexts = {name: intent_context(intent, ostfold, workflow, LINK) for name, intent in intents.items()}
    assignment = plan[f"{P}/marker/hovedplan/1"]
    contexts["receipt"] = receipt_context(
        ostfold, workflow, assignment, Delivery.for_assignment(assignment, assignment.due_at), [], "liv-strand", LINK
    )
    contexts["link"] = link_context(ostfold, workflow, "marker", "liv-strand", LINK)
    contexts["feedback"] = feedback_context(ostfold, workflow, assignment, LEADER_FEEDBACK, "liv-strand", LINK)
    contexts["message"] = message_context(ostfold, workflow, "marker", "liv-strand", "Samling 4", "Velkommen!", LINK)
    contexts["presenter"] = presenter_context(ostfold, workflow, "marker", "liv-strand", 4, "Godt mottak.", LINK)
    assert set(contexts) == set(TEMPLATE_VARIABLES)
    for name, context in contexts.items():
        assert TEMPLATE_VARIABLES[name] <= set(context), name
        subject, body = render_mail(workflow, name, context)
        assert "None" not in subject + body and "\n" not in subject, name


def test_templates_run_in_a_sandbox(workflow):
    assert template_problems("link", "{{ link.__class__.__mro__ }}") == []  # names are fine; access is not
    with pytest.raises(jinja2.exceptions.SecurityError):
        render_mail(_with_text(workflow, "{{ link.__class__.__mro__[1].__subclasses__() }}"), "link", {"link": "x"})


def test_a_missing_value_fails_loudly_instead_of_mailing_a_blank(workflow):
    with pytest.raises(jinja2.exceptions.UndefinedError):
        render_mail(workflow, "link", {"programme": "P", "leader": {"name": "L"}})


def _with_text(workflow, body):
    return replace(workflow, mail={**workflow.mail, "link": MailTemplate("S", body)})
