"""engine.reports.trends: the mean of each scale question across the gatherings, and its chart."""

from __future__ import annotations

from datetime import date

from engine.reports.evaluations import summarise
from engine.reports.trends import build_trends, series
from engine.schema import FormTemplate

TEMPLATE = FormTemplate.from_dict(
    {
        "id": "evaluering",
        "version": 1,
        "title": "Evaluering",
        "sections": [
            {
                "fields": [
                    {"key": "faglig", "type": "scale", "label": "Faglig innhold"},
                    {"key": "tvers", "type": "scale", "label": "Gruppearbeid på tvers"},
                    {"key": "ord", "type": "textarea", "label": "Kommentar"},
                ]
            }
        ],
    }
)


def responses(*pairs):
    return [{"answers": {"faglig": f, "tvers": t}} for f, t in pairs]


def gatherings():
    return [
        (1, date(2018, 4, 19), summarise(TEMPLATE, responses((4, 3), (5, 3), (4, 2)))),
        (2, date(2018, 9, 20), summarise(TEMPLATE, responses((5, None), (4, None)))),
        (3, date(2019, 2, 14), summarise(TEMPLATE, responses((4, 4), (4, 5)))),
    ]


def test_one_trend_per_scale_with_each_gatherings_mean():
    trends = build_trends(gatherings())
    assert [t.key for t in trends] == ["faglig", "tvers"]
    assert series(trends) == {"faglig": [4.33, 4.5, 4.0], "tvers": [2.67, None, 4.5]}
    tvers = trends[1]
    assert [p.answered for p in tvers.points] == [3, 0, 2]
    assert tvers.change == 1.83


def test_a_gathering_without_answers_breaks_the_line_instead_of_dropping_to_zero():
    tvers = build_trends(gatherings())[1]
    assert tvers.points[1].y is None
    assert tvers.segments == ()  # two runs of one point each: nothing to connect
    faglig = build_trends(gatherings())[0]
    assert len(faglig.segments) == 1 and faglig.segments[0].count(",") == 3


def test_higher_means_are_drawn_higher_and_inside_the_plot():
    faglig = build_trends(gatherings())[0]
    ys = {p.number: p.y for p in faglig.points}
    assert ys[2] < ys[1] < ys[3]  # 4.5 above 4.33 above 4.0 (SVG's y grows downwards)
    for p in faglig.points:
        assert faglig.left < p.x < faglig.right and faglig.top <= p.y <= faglig.bottom
    assert [t.value for t in faglig.ticks] == [1, 2, 3, 4, 5]


def test_questions_nobody_answered_get_no_chart():
    empty = [(1, date(2018, 4, 19), summarise(TEMPLATE, []))]
    assert build_trends(empty) == ()
