"""What the participants said about a gathering: how many answered, the scales' averages, the words.

Pure: takes the evaluation's form template and the stored responses (``engine.store.evaluations``)
and returns what the leader's page shows. Scales are averaged over the responses that answered
them, with the count of each value; free-text answers are listed as given, empty ones left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..schema import FormTemplate


@dataclass(frozen=True)
class ScaleSummary:
    """One scale question: its label, range, how many answered, the average, the count per value."""

    key: str
    label: str
    low: int
    high: int
    answered: int
    average: float | None
    counts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class TextSummary:
    """One free-text question and every non-empty answer to it."""

    key: str
    label: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class EvaluationSummary:
    """A gathering's evaluation in numbers and words."""

    responses: int
    scales: tuple[ScaleSummary, ...]
    texts: tuple[TextSummary, ...]


def summarise(template: FormTemplate, responses: Iterable[Mapping[str, Any]]) -> EvaluationSummary:
    """The summary of ``responses`` (stored records with ``answers``) to ``template``."""
    answers = [r.get("answers") or {} for r in responses]
    scales, texts = [], []
    for section, spec in template.walk():
        label = spec.label or section.title
        if spec.type == "scale":
            values = [a[spec.key] for a in answers if isinstance(a.get(spec.key), int)]
            counts = Counter(values)
            scales.append(
                ScaleSummary(
                    spec.key,
                    label,
                    spec.scale_range[0],
                    spec.scale_range[-1],
                    len(values),
                    round(sum(values) / len(values), 2) if values else None,
                    tuple((n, counts.get(n, 0)) for n in spec.scale_range),
                )
            )
        elif spec.type in ("text", "textarea"):
            given = tuple(str(a[spec.key]) for a in answers if isinstance(a.get(spec.key), str) and a[spec.key].strip())
            texts.append(TextSummary(spec.key, label, given))
    return EvaluationSummary(len(answers), tuple(scales), tuple(texts))
