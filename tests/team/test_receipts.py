"""engine.mail.receipts: the receipt and the re-sent link as outbox records — addressed to the one
member whose link they carry, with a plain-text copy of the answers and escaped HTML."""

from __future__ import annotations

import pytest

from engine.mail.receipts import answer_lines, queue_link, queue_receipt
from engine.schema.display import AnswerView, DocumentView, SectionView
from engine.store import outbox
from tests.support.teamwork import PID

DOCUMENT = DocumentView(
    "fremdriftsplan",
    1,
    "Fremdriftsplan",
    "",
    (),
    (
        SectionView(
            "",
            (
                AnswerView("info", "info", "", paragraphs=("Veiledning",)),
                AnswerView("gruppeleder", "text", "Gruppeleder", text="Maria <Olsen>"),
                AnswerView("effektmal", "textarea", "", text=""),
            ),
        ),
        SectionView(
            "Plan for perioden",
            (
                AnswerView(
                    "tiltak",
                    "table",
                    "Tiltak",
                    columns=("Delmål", "Ansvarlig"),
                    rows=(("Kartlegge", "Ida"), ("Lyse ut", "")),
                ),
            ),
        ),
    ),
    (),
)


def test_the_copy_of_the_answers_leaves_out_static_text_and_writes_a_row_per_line():
    assert answer_lines(DOCUMENT) == [
        ("Gruppeleder", "Maria <Olsen>"),
        ("", ""),
        ("Tiltak", "- Delmål: Kartlegge; Ansvarlig: Ida\n- Delmål: Lyse ut"),
    ]


def test_a_receipt_goes_to_the_submitter_once(run, store, clock):
    assignment = run.find("moss", "fremdriftsplan", 1)
    delivery = {
        "id": "d1",
        "assignment": assignment.key,
        "submitted_at": clock().isoformat(),
        "version": 2,
        "due_at": assignment.due_at.isoformat(),
        "submitted_by_name": "Maria Olsen",
    }
    maria = run.programme.team("moss").member("maria-olsen")
    message, created = queue_receipt(store, run, assignment, delivery, maria, DOCUMENT, clock())
    again, created_again = queue_receipt(store, run, assignment, delivery, maria, DOCUMENT, clock())
    assert created and not created_again and again["id"] == message["id"]
    assert message["key"] == "receipt:d1" and message["kind"] == "receipt"
    assert message["to"] == [{"name": "Maria Olsen", "email": "maria.olsen@example.org"}] and message["cc"] == []
    assert "(versjon 2)" in message["text"] and "Maria <Olsen>" in message["text"]
    assert "Maria &lt;Olsen&gt;" in message["html"]
    # the answers of a table as a list; the link as a named button
    assert "<li>Delmål: Kartlegge; Ansvarlig: Ida</li>" in message["html"]
    assert '<a class="button" href="[[link]]"' in message["html"] and ">Åpne teamets skjemaer</a>" in message["html"]
    assert len(outbox.list_messages(store, PID)) == 1


@pytest.mark.parametrize("team, member", [("moss", "nobody"), ("nowhere", "maria-olsen")])
def test_a_link_goes_only_to_a_member_of_the_programme(run, store, clock, team, member):
    with pytest.raises(LookupError):
        queue_link(store, run, team, member, "n1", clock())
    assert outbox.list_messages(store, PID) == []
