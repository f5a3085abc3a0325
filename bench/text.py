"""Norwegian-like text and form answers of realistic size for the benchmark.

Plans and reports in the seeds run to 300–1500 words per form, with tables of 3–8 rows; the
generator fills the shipped templates' own questions with text of those sizes and shapes (so a
page shows what a team's would), not meaning.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from engine.schema import Field, FormTemplate

_VOCABULARY = """
og i det som en på er til med for av ikke at kommunen teamet skal vi har vil arbeid tiltak mål
deltakere oppfølging veileder samarbeid nav rådgiver ungdom jobb praksis bedrift kartlegging møte plan
rapport periode resultat effekt utvikling kompetanse tjenesten brukere læring ønsker fått gjennomført
være både også mellom gjennom etter før når våre økt større nærmere tydelig arbeidsgiver programmet
samling gruppeleder effektmål resultatmål delmål ansvarlig tidsplan evaluering erfaringer utfordringer
løsninger kvalifisering introduksjonsprogrammet flyktningtjenesten videregående opplæring helse
mestring motivasjon hverdag nettverk ressurser ledelse forankring prosjektet kontakt måned uke høst vår
"""
WORDS = tuple(_VOCABULARY.split())


def sentence(rnd: random.Random, words: int) -> str:
    """One sentence of ``words`` words, capitalised, with a full stop."""
    text = " ".join(rnd.choices(WORDS, k=max(words, 1)))
    return text[0].upper() + text[1:] + "."


def paragraph(rnd: random.Random, words: int) -> str:
    """About ``words`` words in sentences of 6–18 words."""
    parts, left = [], words
    while left > 0:
        n = min(left, rnd.randint(6, 18))
        parts.append(sentence(rnd, n))
        left -= n
    return " ".join(parts)


def form_answers(
    rnd: random.Random, form: FormTemplate, months: Sequence[str], words: int | None = None
) -> dict[str, Any]:
    """A draft of ``form`` as a team writes it (raw values, as the page posts them): 300–1500 words
    over its free-text questions, tables of 3–8 rows, ``months`` ticked here and there, every
    other kind of question answered. Questions with a word limit get at most that."""
    budget = words or rnd.randint(300, 1500)
    fields = [f for f in form.fields if f.type not in ("info",) and not f.readonly]
    rows = {f.key: rnd.randint(3, min(8, f.max_rows or 8)) for f in fields if f.type == "table"}
    long_texts = [f for f in fields if f.type == "textarea"] + [
        c for f in fields if f.type == "table" for c in f.columns if c.type == "textarea" for _ in range(rows[f.key])
    ]
    share = max(budget // max(len(long_texts), 1), 5)
    answers: dict[str, Any] = {}
    for spec in fields:
        if spec.type == "table":
            answers[spec.key] = [
                {c.key: _answer(rnd, c, months, share) for c in spec.columns} for _ in range(rows[spec.key])
            ]
        else:
            answers[spec.key] = _answer(rnd, spec, months, share)
    return answers


def _answer(rnd: random.Random, spec: Field, months: Sequence[str], share: int) -> Any:
    if spec.type == "textarea":
        most = min(share * 3 // 2, spec.max_words or share * 2)
        return paragraph(rnd, rnd.randint(max(most // 2, 1), max(most, 1)))
    if spec.type == "text":
        return " ".join(rnd.choices(WORDS, k=rnd.randint(2, 6))).capitalize()
    if spec.type == "integer":
        return str(rnd.randint(spec.min or 0, spec.max or 30000))
    if spec.type == "date":
        return f"2019-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    if spec.type == "datetime":
        return f"2019-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T{rnd.randint(8, 15):02d}:00"
    if spec.type == "email":
        return "navn@example.org"
    if spec.type == "choice":
        return rnd.choice(spec.options).value
    if spec.type == "multichoice":
        return [o.value for o in spec.options if rnd.random() < 0.5]
    if spec.type == "yesno":
        return rnd.choice(["yes", "no"])
    if spec.type == "scale":
        return str(rnd.choice(spec.scale_range))
    if spec.type == "period_months":
        return sorted(rnd.sample(list(months), rnd.randint(1, len(months)))) if months else []
    return ""


def edit(rnd: random.Random, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers after a member rewrote one text field (same size on average)."""
    changed = dict(answers)
    fields = [key for key, value in answers.items() if isinstance(value, str) and len(value) > 40]
    field = rnd.choice(fields)
    changed[field] = paragraph(rnd, len(answers[field].split()))
    return changed
