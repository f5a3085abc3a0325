"""The big pages in fixed states, rendered through the test client, for the byte-for-byte check.

``page_states(folder)`` loads the Østfold example on a test clock and walks through what teams and
the leader do — a Fremdriftsplan with twenty rows of months (saved with warnings, a row added,
refused with errors, in conflict with a team-mate), a Hovedplan saved, confirmed and received, the
Statusrapport and Fremdriftsplan with suggestions from earlier answers, the Sluttrapport's tables
and scales, the evaluation, the previews, the team page, the leader's matrix and a submission —
in Norwegian and English. It returns ``{name: html}`` with what differs from run to run
(security tokens, nonces, link tokens, record ids) replaced by stable placeholders, so two runs
of the same code give the same bytes and a change of rendering shows as a difference.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from engine import create_app
from engine.access import team as team_access
from engine.access.links import evaluation_path
from engine.programmes import get_catalog, import_programme_file
from engine.store import get_store
from tests.support.clockfix import Clock
from tests.support.teamwork import EXAMPLE, MIDWAY, OSLO, PID, ROOT, START, FormPage, TeamMember, admin_client

SECRET = "pages"
# Every field type in every way a template can use it, for the previews (the shipped forms use only some).
ALL_FIELDS = """\
id: alle-felt
version: 3
title: Alle felt
subtitle: "Perioden {period}"
intro: |
  Sendes til {recipient} innen {due:%d.%m.%Y}.

  Andre avsnitt, for {team} <i>uten</i> HTML.
outro: "Sendes til: {recipient}"
limits: {max_words: 60, max_chars: 900}
sections:
  - fields:
      - {key: team, type: text, label: Deltakende team, prefill: team.name, readonly: true}
      - {key: tittel, type: text, label: Tittel, prefill: programme.title}
      - {key: maal, type: textarea, label: Mål, required: true, max_words: 10, help: "Kort. Ett avsnitt."}
      - {key: langt, type: textarea, label: Langt svar, max_words: 400}
      - {key: kort, type: text, label: Kort, max_chars: 10, required: true}
      - {key: antall, type: integer, label: Antall, min: 0, max: 99, required: true}
      - {key: dato, type: date, label: Dato}
      - {key: tid, type: datetime, label: Tid, required: true}
      - {key: epost, type: email, label: E-post}
      - {key: valg, type: choice, label: Valg, options: [En, To, {value: tre, label: Tre & fire}], required: true}
      - {key: flere, type: multichoice, label: Flere, options: [Rød, Grønn, Blå]}
      - {key: janei, type: yesno, label: "Ja eller nei?"}
      - {key: skala, type: scale, label: Skala, min_label: Lite, max_label: Mye, required: true}
      - {key: skala2, type: scale, label: Skala fra 0, min: 0, max: 3}
      - {key: maaneder, type: period_months, label: Måneder, required: true}
      - {key: merknad, type: info, label: Merk, text: "Første avsnitt.\\n\\nAndre avsnitt om {gathering_place}."}
  - title: "3. Hva er de største utfordringene i {gathering_place}?"
    help:
      - Vanskelig å rekruttere?
      - text: Vanskelig å beholde?
        items: ["De slutter etter kort tid?", Andre grunner]
    fields:
      - {key: utfordringer, type: textarea, required: true}
  - title: Plan
    fields:
      - key: plan
        type: table
        label: Plan for perioden
        help: Én rad per delmål.
        min_rows: 2
        max_rows: 4
        rows: 2
        columns:
          - {key: delmal, type: text, label: Delmål, required: true, max_chars: 40}
          - {key: beskrivelse, type: textarea, label: Beskrivelse, max_words: 5}
          - {key: antall, type: integer, label: Antall}
          - {key: frist, type: date, label: Frist}
          - {key: status, type: choice, label: Status, options: [Ikke startet, Pågår]}
          - {key: maaneder, type: period_months, label: Måneder}
          - {key: ok, type: yesno, label: "OK?"}
      - key: valgfri
        type: table
        label: Valgfri tabell
        columns:
          - {key: hva, type: text, label: Hva}
"""
ALL_FIELDS_POSTS = {
    "invalid": {
        "tittel": "",
        "maal": "ett to tre fire fem seks sju åtte ni ti elleve tolv",
        "langt": "ord " * 70,
        "kort": "mer enn ti tegn",
        "antall": "mange",
        "dato": "20.9.2018",
        "tid": "i morgen",
        "epost": "ikke en adresse",
        "skala2": "0",
        "plan-0-delmal": "Et delmål som er mye lengre enn førti tegn til sammen",
        "plan-0-beskrivelse": "en to tre fire fem seks",
        "plan-0-antall": "x",
        "plan-0-frist": "2018-10-01",
        "plan-0-status": "Pågår",
        "plan-0-maaneder": ["2018-10", "2018-12"],
        "plan-0-ok": "yes",
        "plan-1-beskrivelse": "uten delmål",
        "valgfri-0-hva": "noe",
    },
    "valid": {
        "maal": "Kort mål.",
        "kort": "kort",
        "antall": "7",
        "dato": "2018-09-20",
        "tid": "2018-10-01T09:00",
        "epost": "ola@example.org",
        "valg": "tre",
        "flere": ["Rød", "Blå"],
        "janei": "no",
        "skala": "4",
        "maaneder": ["2018-11"],
        "utfordringer": "Å beholde folk.",
        "plan-0-delmal": "Første",
        "plan-1-delmal": "Andre",
    },
}
PERIOD_MONTHS = ["2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09"]
SENTENCE = "teamet skal kartlegge behovet for kompetanse i helse og omsorg sammen med NAV og HR"
WORDS = tuple(SENTENCE.split())


def words(count: int, shift: int = 0) -> str:
    """``count`` words of plain Norwegian, starting ``shift`` words into the list."""
    return " ".join(WORDS[(shift + n) % len(WORDS)] for n in range(count)).capitalize() + "."


def fremdriftsplan(rows: int = 20) -> dict[str, Any]:
    """A Fremdriftsplan with ``rows`` rows, months ticked in patterns, a few limits broken (warnings)."""
    fields: dict[str, Any] = {
        "gruppeleder": "Maria Olsen",
        "effektmal": words(40),
        "resultatmal": words(160, 3),  # over the 150-word limit: a warning on a draft
        "forste_mote": "2018-05-03T14:00",
        "forste_mote_sted": "Moss rådhus, møterom 2 <med> «anførsel» & mer",
    }
    for n in range(rows):
        fields[f"tiltak-{n}-delmal"] = "" if n == 7 else f"Delmål {n + 1}: {words(5, n)}"
        fields[f"tiltak-{n}-tiltak"] = words(12 + n, n)
        fields[f"tiltak-{n}-ansvarlig"] = ["Ida Pedersen", "Lars Kristiansen", "Maria Olsen"][n % 3]
        fields[f"tiltak-{n}-tidsestimat"] = [m for k, m in enumerate(PERIOD_MONTHS) if (k + n) % 3 != 1]
    return fields


HOVEDPLAN = {
    "effektmal": words(160),  # over 150 words
    "innbyggere": "32 000",  # not a number: a warning
    "befolkning": words(80, 2),
    "ressurser": words(120, 4),
    "organisering": words(60, 1),
    "har_kompetanseplan": "yes",
    "kompetanseplan_innhold": words(40, 5),
    "kompetanseplan_sammenheng": words(30, 6),
    "utfordringer": words(90, 7),
    "bemanning_kort": words(50, 8),
    "bemanning_lang": words(50, 9),
    "tiltak": words(70, 10),
    "evaluering_lang": words(40, 11),
    "evaluering_kort": words(40, 12),
}

_TOKENS = [
    (re.compile(r'(<input[^>]*name="csrf_token"[^>]*value=")[^"]*(")'), r"\1CSRF\2"),
    (re.compile(r'(name="nonce" value=")[^"]*(")'), r"\1NONCE\2"),
    (re.compile(r"(/p/[a-z0-9-]+/t/)[A-Za-z0-9_-]{20,}(/)"), r"\1TOKEN\2"),
    (re.compile(r"(/p/[a-z0-9-]+/evaluering/\d+/)[A-Za-z0-9_-]{10,}"), r"\1SIGNATURE"),
]
_RECORD_ID = re.compile(r"\b[0-9a-f]{16}\b")


def normalise(page: str) -> str:
    """``page`` with tokens, nonces and record ids replaced by placeholders (numbered in order of appearance)."""
    for pattern, replacement in _TOKENS:
        page = pattern.sub(replacement, page)
    seen: dict[str, str] = {}
    return _RECORD_ID.sub(lambda m: seen.setdefault(m.group(0), f"RECORD{len(seen) + 1}"), page)


def _member(app: Any, links: dict, team: str, member: str, lang: str) -> TeamMember:
    client = app.test_client()
    client.get(f"/?lang={lang}")
    return TeamMember(client, links[(team, member)])


def page_states(folder: Path) -> dict[str, str]:
    """Every page state named in the module docstring, normalised (see :func:`normalise`)."""
    clock = Clock(START)
    forms = folder / "forms"
    shutil.copytree(ROOT / "forms", forms)
    (forms / "alle-felt.yaml").write_text(ALL_FIELDS, encoding="utf-8")
    app = create_app(
        {
            "FORMS_PATH": str(forms),
            "TESTING": True,
            "INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": SECRET,
            "BASE_URL": "http://verksted.test",
            "SCHEDULER": "off",
            "MAIL_SERVER": None,
            "CLOCK": clock,
        }
    )
    with app.app_context():
        store = get_store()
        run, _ = import_programme_file(store, get_catalog(), EXAMPLE, "test", clock())
        minted = team_access.mint_links(store, run, "http://verksted.test", clock())
    links = {(link.team.id, link.member.id): link.url.removeprefix("http://verksted.test") for link in minted}
    pages: dict[str, str] = {}

    def keep(name: str, page: FormPage | Any) -> FormPage | Any:
        html = page.page if isinstance(page, FormPage) else page.get_data(as_text=True)
        status = page.status if isinstance(page, FormPage) else page.status_code
        assert status in (200, 400, 409), f"{name}: {status}"  # a page, not a server error (400: expired, text kept)
        pages[name] = normalise(html)
        return page

    writers = (("nb", "moss", "maria-olsen", "lars-kristiansen"), ("en", "fredrikstad", "hanne-berg", "jonas-moen"))
    for lang, team, writer, mate in writers:
        clock.set(START)
        one, two = _member(app, links, team, writer, lang), _member(app, links, team, mate, lang)
        fresh = keep(f"{lang}-fremdriftsplan-new", one.open())
        stale = two.open()
        saved = keep(f"{lang}-fremdriftsplan-20-rows-saved", one.post(fresh, fremdriftsplan()))
        keep(f"{lang}-fremdriftsplan-add-row", one.post(saved, fremdriftsplan(), action="add_row:tiltak"))
        keep(f"{lang}-fremdriftsplan-remove-row", one.post(saved, fremdriftsplan(), action="remove_row:tiltak:3"))
        clock.advance(minutes=4)
        broken = {**fremdriftsplan(), "gruppeleder": "", "forste_mote": "3. mai"}
        keep(f"{lang}-fremdriftsplan-invalid", one.post(saved, broken, action="submit"))
        keep(f"{lang}-fremdriftsplan-conflict", two.post(stale, fremdriftsplan(6)))

        hovedplan = one.open("hovedplan", 1)
        saved = keep(f"{lang}-hovedplan-saved", one.post(hovedplan, HOVEDPLAN))
        valid = {**HOVEDPLAN, "effektmal": words(60), "innbyggere": "32000"}
        confirmation = keep(f"{lang}-hovedplan-confirm", one.post(saved, valid, action="submit"))
        receipt = one.confirm(confirmation)
        keep(f"{lang}-hovedplan-receipt", one.client.get(receipt.headers["Location"]))
        keep(f"{lang}-team-home", one.get())
        keep(f"{lang}-evaluation-1", one.client.get(evaluation_path(SECRET, PID, 1)))
        for form in ("hovedplan", "fremdriftsplan", "statusrapport", "sluttrapport", "evaluering", "alle-felt"):
            keep(f"{lang}-preview-{form}", one.client.get(f"/preview/{form}"))
        preview = FormPage("/preview/alle-felt", one.client.get("/preview/alle-felt").get_data(as_text=True), 200)
        for name, fields in ALL_FIELDS_POSTS.items():
            for action in ("save", "submit"):
                keep(f"{lang}-preview-alle-felt-{name}-{action}", one.post(preview, fields, action=action))
        keep(f"{lang}-preview-alle-felt-add-row", one.post(preview, ALL_FIELDS_POSTS["valid"], action="add_row:plan"))
        expired = {**ALL_FIELDS_POSTS["valid"], "csrf_token": "expired"}
        keep(
            f"{lang}-preview-alle-felt-expired",
            one.client.post("/preview/alle-felt", data={**expired, "action": "save"}),
        )

        plan = one.open()
        valid_plan = {**fremdriftsplan(5), "resultatmal": words(40), "tiltak-7-delmal": "x"}
        valid_plan = {k: v for k, v in valid_plan.items() if not k.startswith("tiltak-7-")}
        one.confirm(one.post(plan, valid_plan, action="submit"))
        clock.set(MIDWAY)
        keep(f"{lang}-statusrapport-4", one.open("statusrapport", 4))
        keep(f"{lang}-fremdriftsplan-3", one.open("fremdriftsplan", 3))
        clock.set(datetime(2020, 2, 20, 9, 30, tzinfo=OSLO))
        keep(f"{lang}-sluttrapport", one.open("sluttrapport", 1))
        keep(f"{lang}-team-home-end", one.get())

    with app.app_context():
        leader = admin_client(app, get_store(), clock)
    keep("en-admin-matrix", leader.get(f"/admin/p/{PID}/"))
    keep("en-admin-submission", leader.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1"))
    keep("en-admin-submission-print", leader.get(f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1/print"))
    leader.get("/?lang=nb")
    keep("nb-admin-matrix", leader.get(f"/admin/p/{PID}/"))
    return pages
