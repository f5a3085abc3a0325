"""engine.reports.docdiff: versions compared question by question, words marked as deleted or inserted."""

from __future__ import annotations

import pytest

from engine.reports.docdiff import Segment, compare_documents, word_diff
from engine.schema.display import AnswerView, DocumentView, SectionView


@pytest.mark.parametrize(
    "old, new, segments",
    [
        ("same text", "same text", [("equal", "same text")]),
        ("", "new words", [("insert", "new words")]),
        ("old words", "", [("delete", "old words")]),
        ("To nye plasser", "Tre nye plasser", [("delete", "To"), ("insert", "Tre"), ("equal", " nye plasser")]),
        ("HR", "HR og tillitsvalgte", [("equal", "HR"), ("insert", " og tillitsvalgte")]),
        ("a b c d", "a c d e", [("equal", "a"), ("delete", " b"), ("equal", " c d"), ("insert", " e")]),
    ],
)
def test_word_diff(old, new, segments):
    assert word_diff(old, new) == tuple(Segment(kind, text) for kind, text in segments)


def test_every_segment_side_rebuilds_its_version():
    old, new = "Flere søkere til\nhelse og omsorg", "Flere kvalifiserte søkere til omsorg"
    segments = word_diff(old, new)
    assert "".join(s.text for s in segments if s.kind != "insert") == old
    assert "".join(s.text for s in segments if s.kind != "delete") == new


def document(*items):
    return DocumentView("f", 1, "F", "", (), (SectionView("Del", tuple(items)),), ())


def table(*rows):
    return AnswerView("plan", "table", "Plan", columns=("Delmål", "Ansvarlig"), rows=tuple(rows))


def test_tables_are_compared_row_by_row_and_added_rows_are_insertions():
    old = document(
        AnswerView("mal", "text", "Mål", text="A"),
        table(("Kartlegge", "Ida")),
        AnswerView("info", "info", "", paragraphs=("x",)),
    )
    new = document(AnswerView("mal", "text", "Mål", text="A"), table(("Kartlegge", "Lars"), ("Lyse ut", "Ida")))
    mal, plan = compare_documents(old, new)
    assert not mal.changed and plan.changed
    first, second = plan.rows
    assert [c.changed for c in first] == [False, True]
    assert second[0].segments == (Segment("insert", "Lyse ut"),) and second[0].old == ""


def test_a_question_only_in_the_old_version_is_kept_at_the_end():
    old = document(AnswerView("gone", "text", "Fjernet", text="Borte"), AnswerView("mal", "text", "Mål", text="A"))
    new = document(AnswerView("mal", "text", "Mål", text="A"))
    changes = compare_documents(old, new)
    assert [c.key for c in changes] == ["mal", "gone"]
    assert changes[1].rows[0][0].segments == (Segment("delete", "Borte"),)
