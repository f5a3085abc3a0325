"""Answers for the demo's deliveries: plausible Norwegian text, typed as a real submission is.

The answers are not written as stored values but typed into the form the template builds (its
raw inputs, as a team would fill them in), checked as a submission with ``check_submit`` and read
back with ``answers()`` — so they pass every rule of the template and have exactly the shape a
real delivery has. A field the texts below do not know gets a short generic answer, so the demo
keeps working when a template gains a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..schema import Field, FormContext, FormTemplate, build_form_class, month_value

POPULATION = {
    "eidsberg": "11 500",
    "marker": "3 600",
    "fredrikstad": "82 000",
    "hvaler": "4 600",
    "moss": "32 000",
    "valer": "5 700",
    "halden": "31 000",
    "sarpsborg": "56 000",
}

TEXTS: dict[str, tuple[str, ...]] = {
    "effektmal": (
        "{team} har en stabil og kompetent bemanning av sykepleiere og helsefagarbeidere, med flere i hele "
        "stillinger og færre som slutter det første året.",
        "{team} rekrutterer og beholder nok sykepleiere og helsefagarbeidere til å møte økningen i antall eldre, "
        "og er kjent som en god arbeidsplass for nyutdannede.",
    ),
    "befolkning": (
        "Andelen innbyggere over 80 år vil nesten dobles de neste femten årene, mens antallet i "
        "yrkesaktiv alder holder seg omtrent likt.",
    ),
    "ressurser": (
        "Stram økonomisk ramme i helse og omsorg, men gode fagmiljøer på sykehjemmene. Få søkere til "
        "ledige sykepleierstillinger og høyt sykefravær i hjemmetjenesten.",
    ),
    "organisering": (
        "Helse og omsorg er organisert i sykehjem, hjemmetjenester og et tildelingskontor. Om lag en "
        "tredel av årsverkene er sykepleiere; mange helsefagarbeidere har deltidsstillinger.",
    ),
    "kompetanseplan_innhold": (
        "Planen gir oversikt over formell kompetanse per enhet og peker på behovet for "
        "videreutdanning i geriatri og demens.",
    ),
    "kompetanseplan_sammenheng": (
        "Tiltakene i utviklingsverkstedet følger opp planens mål om flere hele "
        "stillinger og bedre mottak av nyansatte.",
    ),
    "utfordringer": (
        "Det er vanskelig å rekruttere sykepleiere, særlig til helg og natt. Mange nyutdannede "
        "slutter etter kort tid, og mange helsefagarbeidere arbeider ufrivillig deltid.",
    ),
    "bemanning_kort": (
        "Alle faste sykepleierstillinger er besatt, og andelen helsefagarbeidere i hele stillinger "
        "har økt fra 40 til 60 prosent.",
    ),
    "bemanning_lang": ("Kommunen har en heltidskultur og utdanner egne lærlinger og studenter, som blir værende.",),
    "tiltak": (
        "Traineeprogram for nyutdannede sykepleiere, fast opplegg for studenter i praksis, og forsøk med "
        "lengre helgevakter for å kunne tilby flere hele stillinger. Gruppelederen har ansvar for "
        "fremdriften, HR for traineeprogrammet og avdelingslederne for praksisopplegget.",
    ),
    "evaluering_lang": ("Vi følger andelen hele stillinger, turnover og antall søkere per utlyste stilling hvert år.",),
    "evaluering_kort": (
        "Teamet går gjennom tiltakene på hvert arbeidsmøte og teller deltakere i traineeprogrammet "
        "og studenter i praksis.",
    ),
    "resultatmal": (
        "Innen neste samling har vi kartlagt hvorfor nyutdannede slutter, og lagt fram et forslag til "
        "traineeprogram for ledergruppen.",
        "Traineeprogrammet er vedtatt, og de to første sykepleierne har begynt i det.",
        "Alle avdelinger har en plan for mottak av studenter, og vi har prøvd ut lengre helgevakter på én avdeling.",
        "Forsøket med lengre helgevakter er evaluert, og vi har bestemt om det skal utvides.",
        "Tiltakene er forankret i kommunens kompetanseplan og budsjett for neste år.",
    ),
    "forste_mote_sted": ("Rådhuset i {team}, møterom 2", "Sykehjemmet i {team}, personalrommet"),
    "korrigeringer": (
        "Kartleggingen tok lengre tid enn planlagt fordi få svarte på første runde. Vi sendte den ut "
        "på nytt og fikk svar fra 34 ansatte.",
    ),
    "kunnskap_samling": (
        "Erfaringene fra traineeprogrammet i Steinkjer ga oss ideen om å knytte en fast veileder "
        "til hver nyutdannet. Det har vi tatt inn i vårt eget forslag.",
    ),
    "resultatmal_perioden": (
        "Forslaget til traineeprogram skal være behandlet i ledergruppen, og vi skal ha tatt "
        "imot de første studentene etter det nye opplegget.",
    ),
    "resultater": (
        "To nyutdannede har takket ja til traineeplass, og studentene i praksis gir bedre "
        "tilbakemeldinger enn før. Vi fortsetter som planlagt.",
    ),
    "referansegruppa": ("Vi har hatt ett møte med tillitsvalgte og brukerrådet, som støtter tiltakene.",),
    "ny_kunnskap": (
        "Vi har lært mye om hvorfor folk slutter: mye handler om de første ukene og om å bli sett. "
        "Det er billigere å beholde enn å rekruttere.",
    ),
    "implementering": (
        "Traineeprogrammet og praksisopplegget er i fast drift; helgevaktene er innført på to av tre sykehjem.",
    ),
    "forankring": ("Tiltakene står i kompetanseplanen og er vedtatt i budsjettet; kommunalsjefen følger dem opp.",),
}
TABLE_ROWS: dict[str, tuple[dict[str, str], ...]] = {
    "tiltak": (
        {
            "delmal": "Kartlegge hvorfor nyansatte slutter",
            "tiltak": "Intervjue ansatte som har sluttet det siste året og gå gjennom sluttsamtalene.",
            "ansvarlig": "{member2}",
        },
        {
            "delmal": "Traineeprogram for sykepleiere",
            "tiltak": "Lage et forslag til traineeprogram med fast veileder og rotasjon mellom avdelingene.",
            "ansvarlig": "{member1}",
        },
        {
            "delmal": "Bedre praksis for studenter",
            "tiltak": "Lage fast opplegg for mottak og veiledning av sykepleierstudenter.",
            "ansvarlig": "{member3}",
        },
    ),
    "resultattabell": (
        {
            "hovedmal": "Flere hele stillinger",
            "tiltak": "Lengre helgevakter",
            "resultater": "Andelen hele stillinger økte fra 40 til 55 prosent.",
        },
    ),
    "videre_oppgaver": ({"oppgave": "Evaluere traineeprogrammet etter ett år", "ansvarlig": "{member1}"},),
}


@dataclass(frozen=True)
class Writer:
    """Who is writing and when: picks texts and fills in names."""

    team_id: str
    team_name: str
    members: tuple[str, ...]
    variant: int  # chooses among the texts, so teams and occurrences differ

    def text(self, key: str, label: str, occurrence: int) -> str:
        """The answer to the free-text question ``key`` (``label`` for one the texts do not know)."""
        options = TEXTS.get(key) or (f"{label}: {{team}} har arbeidet med dette i perioden og følger planen.",)
        # A period's goal follows the cycle (one per gathering); other texts vary by team.
        choice = occurrence - 1 if key == "resultatmal" else self.variant
        return self.fill(options[choice % len(options)])

    def fill(self, text: str) -> str:
        """``text`` with the team's name and its members' names filled in."""
        names = {
            f"member{i + 1}": self.members[i % len(self.members)] if self.members else "Gruppeleder" for i in range(3)
        }
        return text.format(team=self.team_name, **names)


def raw_value(spec: Field, context: FormContext, writer: Writer, occurrence: int) -> Any:
    """What a team would type into ``spec``."""
    kind = spec.type
    if kind in ("text", "textarea"):
        if spec.key == "gruppeleder":
            return writer.members[0] if writer.members else writer.team_name
        return writer.text(spec.key, spec.label, occurrence)
    if kind == "integer":
        return POPULATION.get(writer.team_id, "10 000") if spec.key == "innbyggere" else str(spec.min or 1)
    if kind == "yesno":
        return "yes" if writer.variant % 3 else "no"
    if kind == "scale":
        return str(spec.scale_range[-2] if len(spec.scale_range) > 1 else spec.scale_range[0])
    if kind in ("choice", "multichoice"):
        value = spec.options[0].value if spec.options else ""
        return [value] if kind == "multichoice" else value
    if kind == "datetime":
        day = (context.gathering.date if context.gathering else context.period_start) + timedelta(days=10)
        return f"{day.isoformat()}T13:00"
    if kind == "date":
        return (context.period_start or context.gathering.date).isoformat()
    if kind == "email":
        return f"post@{writer.team_id}.kommune.example.org"
    if kind == "period_months":
        return [month_value(y, m) for y, m in context.months[:2]]
    if kind == "table":
        return _rows(spec, context, writer, occurrence)
    return ""


def _rows(spec: Field, context: FormContext, writer: Writer, occurrence: int) -> list[dict[str, Any]]:
    rows = TABLE_ROWS.get(spec.key) or ({},)
    count = max(spec.min_rows or 1, min(len(rows), 2 + occurrence % 2))
    out = []
    for index in range(count):
        row = rows[index % len(rows)]
        values = {}
        for column in spec.columns:
            if column.key in row:
                values[column.key] = writer.fill(row[column.key])
            elif column.type == "period_months":
                months = [month_value(y, m) for y, m in context.months]
                values[column.key] = months[index % max(len(months), 1) :][:2]
            else:
                values[column.key] = raw_value(column, context, writer, occurrence)
        out.append(values)
    return out


class DemoAnswerError(RuntimeError):
    """The demo's answers do not pass the template's checks (a template changed under the demo)."""


def typed_answers(
    template: FormTemplate,
    context: FormContext,
    writer: Writer,
    occurrence: int,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Fill ``template`` as a team would and return the answers a submission stores."""
    form_class = build_form_class(template, context)
    raw = {spec.key: raw_value(spec, context, writer, occurrence) for spec in form_class.input_specs()}
    raw.update(overrides or {})
    form = form_class.from_draft(raw)
    if not form.check_submit():
        problems = [f"{m.label}: {m.text}" for m in form.messages()] + form.document_errors
        raise DemoAnswerError(f"demo answers to {template.id} are not valid: {'; '.join(problems)}")
    return form.answers()


def typed_draft(template: FormTemplate, context: FormContext, writer: Writer, occurrence: int, questions: int) -> dict:
    """The raw inputs of a draft a team has begun: the first ``questions`` questions typed, the rest empty."""
    form_class = build_form_class(template, context)
    specs = list(form_class.input_specs())[:questions]
    return {spec.key: raw_value(spec, context, writer, occurrence) for spec in specs}
