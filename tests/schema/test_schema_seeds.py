"""The shipped templates carry every heading, question and hint of the seed templates.

Each phrase below is checked twice: it must occur in the seed report (so this list is the seed's
wording, not ours) and in the template as a team sees it. The context reproduces the seed's own
dates, so "i 2019" and "mellom september 2018 til februar 2019" read as they did on paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from engine.schema import FormContext, FormTemplate, HelpItem, load_templates, resolve_texts
from engine.timefmt import OSLO

ROOT = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seeds/000_a8f90917d20d2efa.txt")
TEMPLATES, PROBLEMS = load_templates(ROOT / "forms")
SEED_CONTEXT = FormContext(
    recipient="prosjektgruppa v/ prosjektleder",
    team_name="Marker",
    programme_title="Jobbvinner Østfold",
    due_at=datetime(2019, 1, 31, 23, 59, 59, tzinfo=OSLO),
    period_start=date(2018, 9, 1),
    period_end=date(2019, 2, 28),
    programme_start=date(2018, 4, 1),
    programme_end=date(2019, 12, 31),
)

HOVEDPLAN = [
    "Hovedplan",
    "Hovedplanen skal være på maks tre sider.",
    "Den skal beskrive kommunens utfordringer når det gjelder bemanningen av helsefagarbeidere og sykepleiere.",
    "Videre skal den beskrive ønsket situasjon ved utgangen av planperioden, og hvilke tiltak som skal "
    "iverksettes i løpet av perioden.",
    "Planen skal også beskrive hvordan teamet skal måle effekten av arbeidet, både på lang og kort sikt.",
    "Dersom kommunen allerede har en kompetanse- og rekrutteringsplan skal hovedplanen sees i sammenheng med denne.",
    "Planen skal sendes inn til prosjektgruppa v/",
    "Deltakende team",
    "Effektmål (langsiktig)",
    "1. Beskriv kommunen",
    "Antall innbyggere",
    "Befolkningssammensetningen",
    "Generelt om kommunens ressurser og utfordringer",
    "Hvordan er helse- og omsorgstjenesten organisert, antall stillinger, osv.",
    "2. Kommunens egen kompetanse- og rekrutteringsplan",
    "Har kommunen en egen kompetanseplan?",
    "Skisser kort innholdet i planen",
    "Oversikt over hvilken kompetanse kommunen har per i dag",
    "Vurdering av hvilke kompetanse kommunen har behov for i fremtiden",
    "Vurder hvordan arbeid med tiltakene i utviklingsverkstedet kan sees i sammenheng med innholdet i kompetanseplanen",
    "3. Hva er kommunenes største utfordringer når det gjelder bemanningen av helsefagarbeidere og sykepleiere?",
    "Vanskelig å rekruttere helsefagarbeidere? Sykepleiere? Begge yrkesgruppene?",
    "Vanskelig å beholde? De slutter etter kort tid?",
    "Andre forhold?",
    "4. Effektmål",
    "Hva er ønsket bemanningssituasjon i 2019?",
    "Hva er ønsket bemanningssituasjon på lang sikt?",
    "5. Tiltak",
    "Hvilke tiltak vil være relevante for at vi skal nå målene?",
    "6. Evaluering",
    "Hvordan kan vi måle effekten av arbeidet vårt på lang sikt?",
    "Hvordan evaluere på kort sikt?",
]

FREMDRIFTSPLAN = [
    "Fremdriftsplan",
    "Deltakende team",
    "Gruppeleder",
    "Effektmål",
    "Resultatmål for perioden",
    "Dato, tid og sted for første arbeidsmøte i egen kommune",
    "Delmål",
    "Tiltak",
    "Ansvarlig",
    "Tidsestimat (sett kryss)",
    "Sendes til:",
]

STATUSRAPPORT = [
    "Statusrapport",
    "For perioden",
    "Statusrapporten skal være på maks to sider.",
    "Rapporten skal være en sammenfatning av teamets arbeid og gi anledning til refleksjon over resultatmål og "
    "tiltak som er iverksatt mellom september 2018 til februar 2019.",
    "Den skal sendes prosjektgruppa v/",
    "Deltakende team",
    "Effektmål",
    "Resultatmål for perioden",
    "1. Korrigeringer fra forrige statusrapport når det gjelder resultatmål og tiltak",
    "Hva gikk etter planen?",
    "Måtte noe korrigeres?",
    "2. Kunnskaper fra forrige samling",
    "Har dere benyttet ny kunnskap fra forrige samling (praksis, nytilsatte) i denne perioden? Fortell!",
    "3. Resultatmål for",
    "Beskriv resultatmål og eventuelle delmål for denne perioden",
    "Har dere fortsatt noe av arbeidet for forrige periode?",
    "4. Tiltak",
    "Hvilke tiltak er satt i verk?",
    "Hvorfor valgte dere de nevnte tiltakene?",
    "Hvem har hatt ansvar for hva?",
    "Hendte det noe uforutsett da dere prøvde ut/ innførte tiltaket?",
    "5. Resultater",
    "Har tiltakene gitt noen resultater/ konsekvenser/ ringvirkninger så langt?",
    "beskriv konkrete resultater av tiltakene!",
    "Skal dere gjøre korrigeringer eller skal dere fortsette?",
    "Er det spesielle hindringer dere må ta hensyn til?",
    "Finnes det ressurser – personer eller annet som kan fremme arbeidet med tiltakene?",
    "Hvilke andre tiltak skal prøves på et senere tidspunkt?",
    "6. Henvendelse til referansegruppa",
    "Har dere tatt kontakt med dem dere er referansegruppe for?",
    "Hvordan opplevde dere kontakten?",
    "Hva førte kontakten til?",
    "7. Ny kunnskap i teamet? Beskriv hva dere har lært!",
]

# The Sluttrapport has no template in the seed: its parts are the report's tables 1 and 2.
SLUTTRAPPORT = ["Hovedmål", "Tiltak", "Resultater", "Videre oppgaver", "Videreføring og implementering"]

CASES = (
    [("hovedplan", p) for p in HOVEDPLAN]
    + [("fremdriftsplan", p) for p in FREMDRIFTSPLAN]
    + [("statusrapport", p) for p in STATUSRAPPORT]
    + [("sluttrapport", p) for p in SLUTTRAPPORT]
)


def flat(text: str) -> str:
    """Whitespace (the seed is tab-separated and wrapped) as single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def _items(items: tuple[HelpItem, ...]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from _items(item.items)


def texts(template: FormTemplate) -> Iterator[str]:
    """Every text a team reads in ``template``."""
    yield from (template.title, template.subtitle, template.intro, template.outro)
    for section in template.sections:
        yield from (section.title, section.help, *_items(section.help_items))
        for field in section.fields:
            for f in (field, *field.columns):
                yield from (f.label, f.help, f.text, f.min_label, f.max_label, *_items(f.help_items))
                yield from (o.label for o in f.options)


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the seed report is not on this machine")
    return flat(SEED.read_text(encoding="utf-8"))


def test_the_shipped_templates_load():
    assert PROBLEMS == []
    assert sorted(TEMPLATES) == [
        "evaluering",
        "fremdriftsplan",
        "hovedplan",
        "pamelding",
        "sluttrapport",
        "statusrapport",
        "styringsgrupperapport",
    ]


@pytest.mark.parametrize("form_id, phrase", CASES)
def test_every_seed_question_is_in_its_template(seed_text, form_id, phrase):
    assert phrase in seed_text, "the phrase is not the seed's wording"
    corpus = " | ".join(flat(t) for t in texts(resolve_texts(TEMPLATES[form_id], SEED_CONTEXT)) if t)
    assert phrase in corpus


def test_the_nested_sub_bullets_stay_under_their_bullet():
    hovedplan = TEMPLATES["hovedplan"]
    assert [i.text for i in hovedplan.field("kompetanseplan_innhold").help_items] == [
        "Oversikt over hvilken kompetanse kommunen har per i dag",
        "Vurdering av hvilke kompetanse kommunen har behov for i fremtiden",
    ]
    first = TEMPLATES["statusrapport"].field("resultater").help_items[0]
    assert first.text == "Har tiltakene gitt noen resultater/ konsekvenser/ ringvirkninger så langt?"
    assert [i.text for i in first.items] == ["beskriv konkrete resultater av tiltakene!"]


def test_the_blanks_of_the_paper_templates_are_filled_from_the_programme():
    fremdriftsplan = resolve_texts(TEMPLATES["fremdriftsplan"], SEED_CONTEXT)
    assert fremdriftsplan.outro == "Sendes til: prosjektgruppa v/ prosjektleder innen 31.01.2019."
    statusrapport = resolve_texts(TEMPLATES["statusrapport"], SEED_CONTEXT)
    assert statusrapport.subtitle == "For perioden 01.09.2018 til 28.02.2019"
    assert "Den skal sendes prosjektgruppa v/ prosjektleder, innen 31.01.2019." in statusrapport.intro
    hovedplan = resolve_texts(TEMPLATES["hovedplan"], SEED_CONTEXT)
    assert "Planen skal sendes inn til prosjektgruppa v/ prosjektleder innen 31.01.2019." in hovedplan.intro


def test_the_season_of_the_statusrapport_follows_the_period():
    resolved = resolve_texts(TEMPLATES["statusrapport"], SEED_CONTEXT)
    assert resolved.sections[3].title == "3. Resultatmål for september 2018 – februar 2019"
    later = FormContext(period_start=date(2019, 6, 13), period_end=date(2019, 10, 24))
    assert (
        resolve_texts(TEMPLATES["statusrapport"], later).sections[3].title
        == "3. Resultatmål for juni 2019 – oktober 2019"
    )


@pytest.mark.parametrize("form_id, limit", [("hovedplan", 1500), ("statusrapport", 1000)])
def test_page_limits_are_document_word_limits(form_id, limit):
    assert TEMPLATES[form_id].limits.words == limit


def test_the_fremdriftsplan_carries_goals_and_actions_forward():
    plan = TEMPLATES["fremdriftsplan"]
    assert plan.field("effektmal").prefill.ref == "hovedplan.effektmal"
    table = plan.field("tiltak")
    assert table.prefill.ref == "previous.tiltak"
    assert table.prefill.columns == ("delmal", "tiltak", "ansvarlig")
    assert table.column("tidsestimat").type == "period_months"


def test_the_evaluation_scores_what_chapter_six_measured():
    evaluation = TEMPLATES["evaluering"]
    scales = [f for f in evaluation.fields if f.type == "scale"]
    assert [f.key for f in scales] == ["faglig_innhold", "gruppearbeid_eget_team", "gruppearbeid_paa_tvers"]
    assert all(f.required and f.scale_range == range(1, 6) for f in scales)
    assert not any(f.prefill for f in evaluation.fields), "an anonymous evaluation copies nothing about the team"


# The version each template is at: raised when its questions change (hovedplan 2: the competence plan attached).
VERSIONS = {"hovedplan": 2, "fremdriftsplan": 1, "statusrapport": 1, "sluttrapport": 1, "evaluering": 1}


@pytest.mark.parametrize("form_id", VERSIONS)
def test_each_template_starts_with_the_schema_line_and_has_its_version(form_id):
    first_line = (ROOT / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schema.json"
    assert TEMPLATES[form_id].version == VERSIONS[form_id]


def test_the_hovedplan_takes_the_municipalitys_own_competence_plan_as_an_attachment():
    hovedplan = TEMPLATES["hovedplan"]
    section = next(s for s in hovedplan.sections if s.title.startswith("2. Kommunens egen kompetanse"))
    attachment = section.fields[1]
    assert [f.key for f in section.fields[:2]] == ["har_kompetanseplan", "kompetanseplan_vedlegg"]
    assert attachment.type == "file" and not attachment.required
    assert attachment.accepted == ("pdf", "docx", "xlsx", "jpg", "png", "gif", "webp")
    assert attachment.max_bytes == 10 * 1024 * 1024
