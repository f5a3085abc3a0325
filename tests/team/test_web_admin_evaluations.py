"""engine.web.admin.evaluations: responses, averages and free text per gathering, and the page with
the link and QR code to show at the gathering."""

from __future__ import annotations

import re

from engine.access.links import evaluation_path, evaluation_url
from engine.store import evaluations as evaluation_repo
from tests.support.teamwork import PID, text_of


def test_the_summary_counts_averages_and_lists_the_words(leader, store, clock):
    for nonce, scores, comment in (("a", (4, 5, 3), "Nyttig."), ("b", (5, 4, None), ""), ("c", (3, 3, 2), None)):
        answers = dict(zip(("faglig_innhold", "gruppearbeid_eget_team", "gruppearbeid_paa_tvers"), scores, strict=True))
        answers["faglig_kommentar"] = comment
        evaluation_repo.add_evaluation(store, PID, "g1", answers, nonce, clock())
    page = text_of(leader.get(f"/admin/p/{PID}/evaluations").get_data(as_text=True))
    first = page.split("Gathering 1:")[1].split("Gathering 2:")[0]
    assert "3 responses" in first
    assert (
        "Hvor fornøyd er du med det faglige innholdet på samlingen? 4.00 of 5 3 1: 0, 2: 0, 3: 1, 4: 1, 5: 1" in first
    )
    assert "Hvor nyttig var gruppearbeidet på tvers av kommunene? 2.50 of 5 2" in first
    assert "Hva var mest nyttig, og hva savnet du? Nyttig." in first
    assert "0 responses" in page.split("Gathering 2:")[1]


def test_the_poster_has_a_short_address_to_type_and_an_inline_qr_code(app, leader):
    response = leader.get(f"/admin/p/{PID}/evaluations/1/poster")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    short = re.search(r'<p class="poster-url"><a href="([^"]+)">\1</a></p>', page).group(1)
    assert re.fullmatch(r"http://verksted\.test/e/[a-z2-9]{8}", short)
    assert len(short) < 40 < len(evaluation_url("http://verksted.test", "test-secret", PID, 1))
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'class="qr-code"' in svg and "style" not in svg  # the CSP forbids inline style
    assert leader.get(f"/admin/p/{PID}/evaluations/9/poster").status_code == 404

    code = short.rsplit("/", 1)[1]
    for typed in (code, code.upper(), f"{code[:4]}-{code[4:]}"):  # as people type it from the wall
        answer = app.test_client().get(f"/e/{typed}")
        assert (answer.status_code, answer.location) == (302, evaluation_path("test-secret", PID, 1)), typed
    assert app.test_client().get("/e/abcdefgh").status_code == 404
