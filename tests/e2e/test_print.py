"""Printing: a Hovedplan filled in to its word limit fits the template's three pages.

*Mal Hovedplan* says "maks tre sider"; the template turns that into a 1,500-word limit. A team
fills it in to exactly that limit (through the real form, validated as a submission), the
leader prints it from the submission's print page, and Chromium's print-to-PDF — A4, the
stylesheet's print rules — must give at most three pages.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from engine import create_app
from engine.access.team import mint_links
from engine.cycle import load_programme_file, shift_programme_by
from engine.programmes import get_catalog, save_programme_document
from engine.store import get_store
from tests.e2e.conftest import ARTIFACTS
from tests.support.server import flask_cli
from tests.support.teamwork import EXAMPLE, OSLO, PID, TeamMember

PASSWORD = "a long enough password"
# Sentences as a municipal team writes them (average word length as in the seed report, about six
# letters: the page count depends on it).
SENTENCES = """Kommunen har om lag 15 000 innbyggere, og andelen eldre over 80 år vil øke kraftig fram mot 2030.
Vi har i dag 42 sykepleierårsverk og 96 årsverk for helsefagarbeidere i hjemmetjenesten og på sykehjemmet.
Det er vanskelig å rekruttere sykepleiere, og mange nyutdannede slutter etter kort tid.
Flere ansatte arbeider deltid, og vi ønsker å lyse ut flere hele stillinger.
Teamet vil kartlegge hvorfor ansatte slutter, og bruke svarene i arbeidet med en ny rekrutteringsplan.
Vi skal etablere en fadderordning for nye medarbeidere og studenter i praksis.
Samarbeidet med høgskolen skal gi bedre veiledning og flere gode praksisplasser.
Et traineeprogram for nyutdannede sykepleiere skal prøves ut i løpet av perioden.
Lederne følger opp hver nyansatt med en samtale etter tre og seks måneder.
Vi måler effekten ved å følge turnover, sykefravær og antall søkere på hver utlysning.
På kort sikt evaluerer vi tiltakene på hvert teammøte og i statusrapportene.
Kompetanseplanen viser at vi mangler spesialsykepleiere innen demens og psykisk helse.
Tillitsvalgte og ledere deltar i teamet, slik at arbeidet er godt forankret.
Vi vil fortelle mer om hva kommunen kan tilby, blant annet med en egen side for studenter.""".splitlines()


def text(rnd: random.Random, words: int) -> str:
    """``words`` words in paragraphs of about 80, from sentences a team would write."""
    sentences, left = [], words
    while left > 0:
        sentence = rnd.choice(SENTENCES).split()[:left]
        sentences.append(" ".join(sentence).rstrip(".") + ".")
        left -= len(sentence)
    paragraphs: list[list[str]] = [[]]
    for sentence in sentences:
        if sum(len(s.split()) for s in paragraphs[-1]) >= 80:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def hovedplan_at_the_limit(form_class, limit: int) -> dict[str, str]:
    """Answers whose whole-document word count is exactly ``limit``."""
    rnd = random.Random(3)
    shares = {
        "effektmal": 140,
        "befolkning": 90,
        "ressurser": 140,
        "organisering": 140,
        "kompetanseplan_innhold": 130,
        "kompetanseplan_sammenheng": 110,
        "utfordringer": 180,
        "bemanning_kort": 100,
        "bemanning_lang": 100,
        "tiltak": 160,
        "evaluering_lang": 100,
        "evaluering_kort": 90,
    }
    answers = {"innbyggere": "15400", "har_kompetanseplan": "yes", **{k: text(rnd, n) for k, n in shares.items()}}
    form = form_class(formdata=None, data=answers)
    missing = limit - form.document_words()
    answers["utfordringer"] += "\n\n" + text(rnd, missing)
    return answers


def test_a_hovedplan_at_its_word_limit_prints_on_three_pages(browser, live_server):
    app = create_app(
        {
            "INSTANCE_PATH": str(live_server.instance),
            "SECRET_KEY": "e2e-secret",
            "SCHEDULER": "off",
            "BASE_URL": live_server.url,
        }
    )
    with app.app_context():
        catalog, store = get_catalog(), get_store()
        programme = load_programme_file(EXAMPLE, catalog.workflows, catalog.forms)
        yesterday = datetime.now(OSLO).date() - timedelta(days=1)
        shifted = shift_programme_by(programme, (yesterday - programme.gatherings[0].date).days)
        run = save_programme_document(store, catalog, shifted.to_document(), "e2e", datetime.now(OSLO))
        link = next(m for m in mint_links(store, run, live_server.url, datetime.now(OSLO), "moss"))
        template = catalog.forms["hovedplan"]
    assert template.limits.words == 1500 and template.limits.pages == 3

    member = TeamMember(app.test_client(), link.url.removeprefix(live_server.url))
    page = member.open("hovedplan", 1)
    assert page.status == 200
    with app.test_request_context():
        from engine.teamwork import form_context
        from engine.web.formkit import web_form_class

        form_class = web_form_class(template, form_context(store, run, run.find("moss", "hovedplan", 1)))
        answers = hovedplan_at_the_limit(form_class, template.limits.words)
        assert form_class(formdata=None, data=answers).document_words() == 1500
    confirmation = member.post(page, answers, action="submit")
    assert confirmation.confirm is not None, re.sub(r"\s+", " ", confirmation.text)[:1500]
    assert member.confirm(confirmation).status_code == 303

    created = flask_cli(
        live_server.instance, "admin", "create", "leder@example.org", "--password-stdin", input=PASSWORD + "\n"
    )
    assert created.returncode == 0, created.stderr
    context = browser.new_context()
    leader = context.new_page()
    leader.goto(live_server.url + "/admin/login")
    leader.fill("#email", "leder@example.org")
    leader.fill("#password", PASSWORD)
    leader.locator("main form button[type=submit]").click()
    leader.goto(f"{live_server.url}/admin/p/{PID}/submissions/moss/hovedplan/1/print")
    assert "Hovedplan" in leader.locator("h1").first.inner_text()
    pdf = leader.pdf(format="A4", prefer_css_page_size=True)
    (ARTIFACTS / "hovedplan-print.pdf").write_bytes(pdf)
    context.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, f"the Hovedplan at 1,500 words prints on {pages} pages"
