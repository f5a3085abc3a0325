"""engine.reports.evaluations: counts, averages over those who answered, and non-empty free text."""

from __future__ import annotations

from engine.reports.evaluations import summarise
from engine.schema import Field, FormTemplate, Section

TEMPLATE = FormTemplate(
    "e",
    1,
    "E",
    (
        Section(
            (
                Field("score", "scale", label="Score", min=1, max=4),
                Field("why", "textarea", label="Hvorfor"),
                Field("info", "info", text="Takk"),
            )
        ),
    ),
)


def test_no_responses():
    summary = summarise(TEMPLATE, [])
    assert summary.responses == 0
    assert summary.scales[0].average is None and summary.scales[0].counts == ((1, 0), (2, 0), (3, 0), (4, 0))
    assert summary.texts[0].answers == ()


def test_averages_count_only_answers_given():
    responses = [
        {"answers": {"score": 4, "why": "Bra"}},
        {"answers": {"score": None, "why": "  "}},
        {"answers": {"score": 1}},
        {"answers": {"score": "3"}},
    ]
    summary = summarise(TEMPLATE, responses)
    scale = summary.scales[0]
    assert (summary.responses, scale.answered, scale.average) == (4, 2, 2.5)
    assert scale.counts == ((1, 1), (2, 0), (3, 0), (4, 1))
    assert summary.texts[0].answers == ("Bra",)
