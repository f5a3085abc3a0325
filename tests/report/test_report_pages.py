"""The programme report as the leader reads it and as the Word file the leader edits further:
Tabell 1 and Tabell 2 compiled from final reports submitted through the team's form."""

from __future__ import annotations

import io

import docx

from tests.support.teamwork import PID, text_of

URL = f"/admin/p/{PID}/report"


def word(response) -> docx.document.Document:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    return docx.Document(io.BytesIO(response.data))


def table_after(document, caption: str):
    """The table that follows the paragraph ``caption`` in the document's body."""
    body = document.element.body
    found = False
    for child in body.iterchildren():
        if child.tag.endswith("}p") and "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")) == caption:
            found = True
        elif found and child.tag.endswith("}tbl"):
            return next(t for t in document.tables if t._tbl is child)
    raise AssertionError(f"no table after {caption!r}")


def cell_points(cell) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in cell.paragraphs if p.text]


def test_the_page_compiles_tabell_1_and_2_one_row_per_team_that_delivered(leader, finals):
    page = text_of(leader.get(URL).get_data(as_text=True))
    assert "Table 1: Actions and results Municipality Hovedmål Tiltak Resultater" in page
    table_1 = page.split("Table 1: Actions and results")[1].split("Table 2")[0]
    assert table_1.index("Eidsberg") < table_1.index("Marker") < table_1.index("Fredrikstad")
    assert "Moss" not in table_1 and "Sarpsborg" not in table_1
    assert "Planlegger mentorordning Oppdatering av kompetanseplan Godkjenning av spesialsykepleiere" in table_1
    assert "Sluttrapport still missing from: Moss, Sarpsborg." in page
    assert "Table 2: Continuation and implementation Municipality Videre oppgaver" in page


def test_the_word_file_has_the_tables_with_the_teams_bullets_as_bullets(leader, finals):
    document = word(leader.get(URL + ".docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Gatherings", "The teams", "Deliveries", "The participants' evaluation", "Results"):
        assert heading in headings
    table_1 = table_after(document, "Table 1: Actions and results")
    assert [c.text for c in table_1.rows[0].cells] == ["Municipality", "Hovedmål", "Tiltak", "Resultater"]
    assert [row.cells[0].text for row in table_1.rows[1:]] == ["Eidsberg", "Marker", "Fredrikstad"]
    marker = table_1.rows[2]
    assert cell_points(marker.cells[1]) == [
        ("List Bullet", "Planlegger mentorordning"),
        ("List Bullet", "Oppdatering av kompetanseplan"),
        ("List Bullet", "Godkjenning av spesialsykepleiere"),
    ]
    table_2 = table_after(document, "Table 2: Continuation and implementation")
    assert [row.cells[0].text for row in table_2.rows[1:]] == ["Eidsberg", "Marker", "Fredrikstad"]
    assert cell_points(table_2.rows[2].cells[1]) == [
        ("List Bullet", "Kartlegging: (Liv Strand)"),
        ("List Bullet 2", "Hvordan opplever veilederne studentpakken?"),
        ("List Bullet 2", "Påvirker den praksisperioden?"),
    ]


def test_a_programme_without_final_reports_shows_what_it_has_and_says_what_is_missing(leader):
    page = text_of(leader.get(URL).get_data(as_text=True))
    assert "No team has delivered its Sluttrapport yet, so Table 1 and Table 2 are still empty." in page
    assert "No gathering has been evaluated yet." in page
    assert "Gatherings No. Date Place Host Theme Teams presenting 1 19.04.2018 Litteraturhuset, Fredrikstad" in page
    document = word(leader.get(URL + ".docx"))
    texts = [p.text for p in document.paragraphs]
    assert "No team has delivered its Sluttrapport yet, so Table 1 and Table 2 are still empty." in texts
    assert not [t for t in document.tables if t.rows[0].cells[0].text == "Municipality"]


def test_the_teams_joined_and_withdrew_and_the_record_counts_them(leader, clock, finals):
    page = text_of(leader.get(URL).get_data(as_text=True))
    assert "Våler the start (19.04.2018) Withdrew 30.11.2018 Langvarig sykefravær i teamet." in page
    assert "8 started, 3 withdrew, 5 still taking part" in page
    document = word(leader.get(URL + ".docx"))
    counts = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Team" and "Missing" in t.rows[0].cells[3].text
    )
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in counts.rows[1:]}
    assert rows["Eidsberg"][0] == "1"  # its Sluttrapport, on time; its other documents were never submitted
    assert int(rows["Våler"][4]) > 0  # not owed after withdrawing
