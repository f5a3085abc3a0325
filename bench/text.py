"""Norwegian-like text and form answers of realistic size for the benchmark.

Plans and reports in the seeds run to 300–1500 words per form, with tables of 3–8 rows; the
generator reproduces sizes and shapes (text fields, a table of rows of columns), not meaning.
"""

from __future__ import annotations

import random
from typing import Any

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

SECTIONS = (
    "bakgrunn",
    "effektmal",
    "resultatmal",
    "malgruppe",
    "organisering",
    "forankring",
    "risiko",
    "erfaringer",
    "utfordringer",
    "videre_arbeid",
    "kommentar",
)
COLUMNS = ("delmal", "tiltak", "ansvarlig", "tidsestimat")


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


def form_answers(rnd: random.Random, words: int | None = None) -> dict[str, Any]:
    """Answers to one form: 300–1500 words over 6–10 text fields and a table of 3–8 rows."""
    words = words or rnd.randint(300, 1500)
    rows = rnd.randint(3, 8)
    table_words = rows * 30
    fields = rnd.sample(SECTIONS, rnd.randint(6, 10))
    per_field = max((words - table_words) // len(fields), 10)
    answers: dict[str, Any] = {"team": "Team", "gruppeleder": " ".join(rnd.choices(WORDS, k=2)).title()}
    for field in fields:
        answers[field] = paragraph(rnd, rnd.randint(per_field // 2, per_field * 3 // 2))
    answers["tiltak"] = [
        {
            "delmal": sentence(rnd, 6),
            "tiltak": paragraph(rnd, 20),
            "ansvarlig": " ".join(rnd.choices(WORDS, k=2)),
            "tidsestimat": sorted(rnd.sample(range(1, 7), rnd.randint(1, 4))),
        }
        for _ in range(rows)
    ]
    return answers


def edit(rnd: random.Random, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers after a member rewrote one text field (same size on average)."""
    changed = dict(answers)
    fields = [key for key, value in answers.items() if isinstance(value, str) and len(value) > 40]
    field = rnd.choice(fields)
    changed[field] = paragraph(rnd, len(answers[field].split()))
    return changed


def template(rnd: random.Random, form_id: str) -> dict[str, Any]:
    """A form template of the size of the seed templates (headings, labels, help texts)."""
    return {
        "id": form_id,
        "version": 1,
        "title": form_id.title(),
        "intro": paragraph(rnd, 60),
        "sections": [
            {
                "title": sentence(rnd, 3),
                "fields": [
                    {
                        "key": f"{form_id}_{s}_{f}",
                        "type": "textarea",
                        "label": sentence(rnd, 5),
                        "help": paragraph(rnd, 40),
                        "max_words": 300,
                    }
                    for f in range(4)
                ],
            }
            for s in range(5)
        ],
    }
