"""The demo's anonymous evaluations: what participants said about each gathering that has been held.

The seed report (§6) says the participants were pleased with the content throughout, and that the
score for group work rose steadily — within each municipality's team and, even more, across the
municipalities. The answers here are made to say exactly that: each gathering's responses are
spread around a mean that rises from gathering to gathering, and a few leave a comment. They are
typed into the evaluation form and checked as a participant's submission is, then stored by the
store's ``add_evaluations`` (one write per gathering) — anonymous, with the gathering's day and no
time.
"""

from __future__ import annotations

import random
from datetime import datetime, time

from ..cycle.timerules import local_day
from ..programmes import Catalog, Run
from ..schema import FormContext, FormTemplate, build_form_class
from ..schema import Gathering as FormGathering
from ..store import Store
from ..store import evaluations as evaluation_repo
from .answers import DemoAnswerError

# The mean each scale question aims at, gathering by gathering.
MEANS = {
    "faglig_innhold": (4.2, 4.4, 4.3, 4.5, 4.4, 4.6),
    "gruppearbeid_eget_team": (3.5, 3.7, 3.8, 4.0, 4.1, 4.3),
    "gruppearbeid_paa_tvers": (3.0, 3.4, 3.8, 4.1, 4.4, 4.7),
}
COMMENTS = {
    "faglig_kommentar": (
        "Erfaringene fra traineeprogrammet var svært nyttige for oss.",
        "Gode innledere. Savnet mer tid til spørsmål.",
        "Nyttig å høre hvordan andre kommuner tar imot studenter.",
        "Innlegget om heltidskultur ga oss mye å ta med hjem.",
    ),
    "forbedringer": (
        "Mer tid til gruppearbeid på tvers av kommunene.",
        "Send programmet ut tidligere, så vi kan forberede oss.",
        "Litt kortere innlegg før lunsj.",
    ),
    "andre_kommentarer": ("Takk for en god dag!", "Fint å møtes i vertskommunen og se hvordan de jobber."),
}


def scores(mean: float, count: int, low: int = 1, high: int = 5) -> list[int]:
    """``count`` whole scores whose mean is ``mean`` (to the nearest 1/count), with some spread."""
    total = round(mean * count)
    base = min(max(total // count, low), high)
    values = [base] * count
    for index in range(min(total - base * count, count)):
        values[index] = min(base + 1, high)
    for index in range(0, count - 1, 5):  # spread: one a step lower, one a step higher, same sum
        a, b = index, count - 1 - index
        if values[a] > low and values[b] < high and a != b:
            values[a], values[b] = values[a] - 1, values[b] + 1
    return values


def seed_evaluations(store: Store, catalog: Catalog, run: Run, now: datetime) -> int:
    """Store the responses to every evaluation whose gathering was held by ``now``; how many."""
    tz = run.workflow.tz
    stored = 0
    for assignment in run.participant_assignments():
        template = catalog.forms.get(assignment.form)
        number = assignment.occurrence
        if template is None or not 1 <= number <= len(run.programme.gatherings):
            continue
        gathering = run.programme.gathering(number)
        if gathering.date > local_day(now, tz):
            continue
        present = [t for t in run.programme.teams if not (t.withdrawn and t.withdrawn.date <= gathering.date)]
        count = max(4, sum(len(t.active_members) for t in present) - 3 + number % 3)
        rng = random.Random(f"{run.id}:{number}")
        columns = {
            key: rng.sample(scores(means[(number - 1) % len(means)], count), count) for key, means in MEANS.items()
        }
        form_class = build_evaluation_form(template, run, number)
        day = datetime.combine(gathering.date, time(15, 30), tzinfo=tz)
        responses = []
        for index in range(count):
            raw = {key: str(values[index]) for key, values in columns.items()}
            for key, texts in COMMENTS.items():
                if rng.random() < 0.15:
                    raw[key] = rng.choice(texts)
            form = form_class.from_draft(raw)
            if not form.check_submit():
                raise DemoAnswerError(f"demo evaluation of gathering {number} is not valid: {form.messages()}")
            responses.append(form.answers())
        stored += len(evaluation_repo.add_evaluations(store, run.id, gathering.id, responses, day))
    return stored


def build_evaluation_form(template: FormTemplate, run: Run, number: int) -> type:
    """The evaluation form of gathering ``number`` as a participant gets it."""
    gathering = run.programme.gathering(number)
    context = FormContext(
        programme_title=run.programme.title,
        gathering=FormGathering(number, gathering.date, gathering.place, gathering.theme),
    )
    return build_form_class(template, context)
