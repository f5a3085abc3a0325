"""engine.exports.docx: a submitted document as a Word file that reads like the page."""

from __future__ import annotations

import io

import docx

from engine.exports.docx import submission_docx
from engine.schema.display import AnswerView, DocumentView, SectionView

DOCUMENT = DocumentView(
    "fremdriftsplan",
    1,
    "Fremdriftsplan",
    "Perioden april 2018 – september 2018",
    (),
    (
        SectionView(
            "",
            (
                AnswerView("gruppeleder", "text", "Gruppeleder", text="Maria Olsen"),
                AnswerView("effektmal", "textarea", "Effektmål", text="Første avsnitt.\n\nAndre avsnitt."),
                AnswerView("resultatmal", "textarea", "Resultatmål", text=""),
            ),
        ),
        SectionView(
            "Plan for perioden",
            (
                AnswerView("info", "info", "", paragraphs=("Kryss av for månedene.",)),
                AnswerView(
                    "tiltak",
                    "table",
                    "Tiltak",
                    columns=("Delmål", "Ansvarlig"),
                    rows=(("Kartlegge", "Ida"), ("Lyse ut", "Lars")),
                ),
            ),
        ),
    ),
    (),
)


def test_the_word_file_reads_like_the_page():
    word = docx.Document(
        io.BytesIO(submission_docx(DOCUMENT, [("Team", "Moss"), ("Version", "1 of 1")], "Not answered"))
    )
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    assert paragraphs[:2] == [("Title", "Fremdriftsplan"), ("Subtitle", "Perioden april 2018 – september 2018")]
    assert ("Heading 1", "Gruppeleder") in paragraphs and ("Heading 1", "Plan for perioden") in paragraphs
    assert ("Heading 2", "Tiltak") in paragraphs
    texts = [text for _, text in paragraphs]
    assert texts[texts.index("Effektmål") + 1 : texts.index("Effektmål") + 3] == ["Første avsnitt.", "Andre avsnitt."]
    assert texts[texts.index("Resultatmål") + 1] == "Not answered"
    assert "Kryss av for månedene." in texts
    facts, plan = word.tables
    assert [[c.text for c in row.cells] for row in facts.rows] == [["Team", "Moss"], ["Version", "1 of 1"]]
    assert [[c.text for c in row.cells] for row in plan.rows] == [
        ["Delmål", "Ansvarlig"],
        ["Kartlegge", "Ida"],
        ["Lyse ut", "Lars"],
    ]
    assert word.core_properties.title == "Fremdriftsplan"


def test_characters_a_word_file_cannot_hold_are_left_out_not_a_500():
    pasted = DocumentView(
        "fremdriftsplan",
        1,
        "Fremdriftsplan\x0b",
        "",
        (),
        (
            SectionView(
                "",
                (
                    AnswerView("effektmal", "textarea", "Effektmål\x1b", text="Fra Word:\x0b neste linje\x1b."),
                    AnswerView("tiltak", "table", "Tiltak", columns=("Delmål",), rows=(("Kart\x07legge",),)),
                ),
            ),
        ),
        (),
    )
    word = docx.Document(io.BytesIO(submission_docx(pasted, [("Team\x0c", "Moss\x00")], "Not answered")))
    texts = [p.text for p in word.paragraphs]
    assert "Fra Word: neste linje." in texts and "Effektmål" in texts
    assert word.tables[-1].rows[1].cells[0].text == "Kartlegge"
