"""The sweep: every HTML page of Verksted, once in each language (nb, nn, en), in a real browser.

Issue 15 asks for axe 0 and Nu 0 on every page in all three languages at desktop and phone width;
the other browser tests check the pages their stories pass through, this one checks them all:

1. a demo instance (``flask demo setup`` on ``DEMO_DAY``: a live programme and a finished one, and
   the demo's leader), a small third programme with registration on and a gathering this week (its
   evaluation is open), the local mailbox filled by one ``flask tick``, a registration sent;
2. the pages are found by crawling, over plain HTTP (fast), as the logged-in leader, as two team
   members (by their personal links) and as a participant (by the evaluation link): breadth first
   over same-origin ``a[href]``, GET only, HTML only, never a log-out or a language link, never a
   download (``NOT_PAGES``), and no more than ``CANDIDATES`` pages of one view;
3. each URL is mapped to its Flask endpoint; one URL is kept per endpoint — the one with the most
   content — and a second where a query makes another view (``VIEWS``) or the finished programme
   looks different (``FINISHED_TOO``); pages no link leads to, and forms after a post (errors,
   confirmations), are added by :func:`seeds`;
4. ``test_no_page_is_left_out`` fails, naming them, if an endpoint that answers GET with a page was
   not visited: a page added later is swept or explicitly excluded (``NOT_PAGES``), never forgotten;
5. in each language every page is loaded with ``?lang=``, Nu-checked once, checked by axe-core
   (WCAG 2.1 A+AA) at desktop and at phone width, and must not scroll sideways on the phone; all
   failures of a language are reported together, so one run shows everything.

Each language has a browser context of its own; axe is put into a page once for both widths, and
the Nu checker validates a page while axe checks it. No screenshots (the other browser tests take
them): the sweep costs about 2½ minutes.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from engine import clock, create_app
from engine.access.links import evaluation_path
from engine.access.team import find_run, mint_links
from engine.demo import DEMO_EMAIL
from engine.programmes import get_catalog, import_programme_file
from engine.store import get_store
from tests.e2e.conftest import DESKTOP, PHONE, settled
from tests.support.quality import LEDGER, axe_violations, inject_axe
from tests.support.server import DEMO_DAY, LiveServer, flask_cli
from tests.support.smtp import free_port

SECRET = "e2e-secret"
DONE = "jobbvinner-ostfold-2018-2020"  # the demo's finished programme
SMALL_ID = "hadeland-2026"
# A third programme: registration on, gathering 2 on the Thursday before DEMO_DAY (its evaluation is
# open), registration for gathering 3 open.
SMALL = """\
id: hadeland-2026
workflow: utviklingsverksted
title: Hadeland 2026–2027
leader: {name: Lea Leder, email: leder@example.org}
recipient: prosjektleder
gatherings:
  - {date: 2026-09-03, start: "09:00", place: Gran, host: Gran, theme: Oppstart}
  - {date: 2026-11-19, start: "09:00", place: Lunner, host: Lunner, theme: Rekruttering}
  - {date: 2026-12-10, start: "09:00", place: Gran, host: Gran, theme: Beholde}
teams:
  - name: Gran
    reference_for: [Lunner]
    members:
      - {name: Kari Holm, email: kari@example.org, role: gruppeleder}
      - {name: Per Berg, email: per@example.org, role: sykepleier}
  - name: Lunner
    reference_for: [Gran]
    members: [{name: Liv Lie, email: liv@example.org, role: gruppeleder}]
cycle:
  deliverables:
    pamelding: {enabled: true}
"""
LANGUAGES = ("nb", "nn", "en")
CANDIDATES = 12  # pages of one view the crawl reads before it looks no further for that view

# Endpoints that answer GET with something other than an HTML page of their own. Everything else
# in the URL map that answers GET must be visited by the sweep (test_no_page_is_left_out).
NOT_PAGES = {
    "static": "the style sheet, the script and the icon",
    "pages.health": "JSON for monitoring",
    # The JSON API and its description, for scripts (tests/api checks them against the schema).
    "api.openapi": "JSON",
    "api.programmes": "JSON",
    "api.programme": "JSON",
    "api.assignments": "JSON",
    "api.evaluations": "JSON",
    "api.gatherings": "JSON",
    "api.submissions": "JSON",
    "api.teams": "JSON",
    # Calendars: iCalendar files and subscription feeds.
    "calendars.feed": "iCalendar feed",
    "team.calendar": "iCalendar file",
    "admin.programme_calendar_file": "iCalendar file",
    # Files to download: Word, Excel, CSV, YAML and the files attached to documents.
    "admin.occurrence_answers": "XLSX or CSV",
    "admin.occurrence_bundle": "DOCX",
    "admin.export_deliveries": "XLSX or CSV",
    "admin.export_programme": "YAML",
    "admin.own_docx": "DOCX",
    "admin.report_docx_file": "DOCX",
    "admin.submission_docx_file": "DOCX",
    "admin.registration_xlsx": "XLSX",
    "admin.attachment": "an attached file",
    "team.attachment": "an attached file",
    "team.partner_attachment": "an attached file",
    # Only a redirect: the short address on the poster leads to the evaluation (swept) or a 404.
    "evaluation_short.short_link": "a redirect",
}
# A query that makes another view of the same endpoint: its page is checked too. (Others, such as
# ?page=2 or ?version=1, show the same page with other rows.)
VIEWS = {"compare", "columns", "assignment", "deliverable"}
# Endpoints whose finished programme looks different from the live one (trends, final reports, no
# deadlines left): both are checked.
FINISHED_TOO = {"admin.programme", "admin.report", "admin.evaluations", "admin.submissions", "admin.team"}


@dataclass
class Site:
    """The live server, the app on its instance (for the URL map), the leader's password and the
    personal links (member name → link) the sweep starts from."""

    server: LiveServer
    app: Flask
    pid: str
    password: str
    team_links: dict[str, str]
    small_links: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url

    def evaluation(self, pid: str, number: int) -> str:
        return self.url + evaluation_path(SECRET, pid, number)


def mint(app: Flask, pid: str, *teams: str) -> dict[str, str]:
    """Member name → a fresh personal link, for the members of ``teams`` (what ``flask links`` prints)."""
    with app.app_context():
        store, base = get_store(), app.config["BASE_URL"]
        run = find_run(store, get_catalog(), pid)
        return {m.member.name: m.url for team in teams for m in mint_links(store, run, base, clock.now(), team)}


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """The demo, the small programme, a filled mailbox and one registration, served."""
    instance = tmp_path_factory.mktemp("every-page") / "instance"
    instance.mkdir()
    live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": SECRET, "CLOCK": DEMO_DAY})
    setup = flask_cli(instance, "demo", "setup", BASE_URL=live.url, CLOCK=DEMO_DAY, SECRET_KEY=SECRET)
    assert setup.returncode == 0, setup.stderr
    pid = re.search(r"\((jobbvinner-ostfold-\d{4})\)", setup.stdout).group(1)  # its years move with the demo
    password = re.search(r"password: (\S+)", setup.stdout).group(1)
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": SECRET,
            "SCHEDULER": "off",
            "BASE_URL": live.url,
            "CLOCK": DEMO_DAY,
        }
    )
    small = instance.parent / "hadeland.yaml"
    small.write_text(SMALL, encoding="utf-8")
    with app.app_context():
        import_programme_file(get_store(), get_catalog(), small, "e2e", clock.now())
    tick = flask_cli(instance, "tick", BASE_URL=live.url, CLOCK=DEMO_DAY, SECRET_KEY=SECRET)  # fills the mailbox
    assert tick.returncode == 0, tick.stderr
    # Fredrikstad has a document open, feedback and a reference group; Marker's (Eidsberg) is still in.
    links = mint(app, pid, "fredrikstad", "marker")
    small_links = mint(app, SMALL_ID, "gran", "lunner")
    live.start()
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO", timezone_id="Europe/Oslo")
    member = context.new_page()
    member.goto(small_links["Kari Holm"] + "a/pamelding/3")  # Gran registers for gathering 3
    member.locator(".actions button[value='submit']").click()
    member.locator("form:has(input[name=confirm]) button[value=submit]").click()
    member.locator(".notice--success").wait_for()
    context.close()
    yield Site(live, app, pid, password, links, small_links)
    live.stop()


# ---------------------------------------------------------------------------------------------
# Finding the pages


class _Links(HTMLParser):
    """The ``href`` of every ``a`` and the value of every named ``input`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inputs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if tag == "input" and found.get("name"):
            self.inputs[found["name"] or ""] = found.get("value") or ""


def parse(body: str) -> _Links:
    parser = _Links()
    parser.feed(body)
    return parser


@dataclass(frozen=True)
class Fetched:
    """One page the crawl found: where it ended up, its status and size."""

    url: str
    status: int
    size: int


class Crawler:
    """A plain HTTP client with its own cookies (a session of its own), over loopback."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str, bool, str]:
        """Status, final URL, whether it is a page (HTML, not a file to download) and its text."""
        try:
            response = self.opener.open(url, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            attached = response.headers.get("Content-Disposition", "").startswith("attachment")
            html = response.headers.get("Content-Type", "").startswith("text/html") and not attached
            body = response.read().decode("utf-8", "replace") if html else ""
            return response.status, response.geturl(), html, body

    def log_in(self, email: str, password: str) -> None:
        _status, _url, _html, body = self.get(self.base + "/admin/login")
        form = {"csrf_token": parse(body).inputs["csrf_token"], "email": email, "password": password}
        with self.opener.open(self.base + "/admin/login", data=urllib.parse.urlencode(form).encode()) as response:
            assert response.geturl() == self.base + "/admin/", "the leader could not log in"

    def crawl(
        self, starts: list[str], view: Callable[[str], str], skip: Callable[[str], bool], enough: int = CANDIDATES
    ) -> list[Fetched]:
        """Breadth first from ``starts`` over same-origin links: the HTML pages reached, at most
        ``enough`` of each view (the 200th submission page adds no page the first ones lack), none
        that ``skip`` rules out before asking (a Word bundle costs seconds to make)."""
        seen: set[str] = set()
        per_view: Counter[str] = Counter()
        queue = deque(starts)
        found: list[Fetched] = []
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            if skip(url) or per_view[view(url)] >= enough:
                continue
            status, final, html, body = self.get(url)
            if not html:
                continue  # a download: a file, a calendar, JSON
            per_view[view(final)] += 1
            found.append(Fetched(final, status, len(body)))
            for href in parse(body).hrefs:
                target = urllib.parse.urljoin(final, href).split("#")[0]
                parts = urllib.parse.urlsplit(target)
                if f"{parts.scheme}://{parts.netloc}" != self.base or target in seen:
                    continue
                if parts.path.endswith("/logout") or "lang" in urllib.parse.parse_qs(parts.query):
                    continue
                queue.append(target)
        return found


def endpoint_of(app, url: str) -> str | None:
    """The Flask endpoint that answers GET ``url`` (None: no page there)."""
    parts = urllib.parse.urlsplit(url)
    try:
        endpoint, _args = app.url_map.bind(parts.netloc).match(parts.path, method="GET")
    except RequestRedirect as redirect:
        return endpoint_of(app, redirect.new_url)
    except HTTPException:
        return None
    return endpoint


def view_of(app, url: str) -> str:
    """What makes a page a view of its own: its endpoint, the queries that change the view, and
    for a few endpoints whether the programme is the finished one."""
    endpoint = endpoint_of(app, url) or "none"
    parts = urllib.parse.urlsplit(url)
    keys = sorted(VIEWS & set(urllib.parse.parse_qs(parts.query)))
    view = endpoint + "".join(f"?{key}" for key in keys)
    if endpoint in FINISHED_TOO and f"/p/{DONE}/" in parts.path + "/":
        view += " (finished)"
    return view


# ---------------------------------------------------------------------------------------------
# Pages no link leads to, and the states of forms after a post


@dataclass(frozen=True)
class Page:
    """A page to check: its name, its address and what to do there first (fill in, press)."""

    name: str
    url: str
    act: Callable | None = None
    anonymous: bool = False  # checked before the leader logs in
    status: int = 200
    download: bool = False  # an HTML file to keep (Content-Disposition: attachment), opened as a page


def log_in(page, site: Site) -> None:
    page.fill("#email", DEMO_EMAIL)
    page.fill("#password", site.password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(site.url + "/admin/")


def wrong_password(page) -> None:
    page.fill("#email", DEMO_EMAIL)
    page.fill("#password", "not the password")
    page.locator("main form button[type=submit]").click()
    page.locator("#password-error").wait_for()


def submit_form(page) -> None:
    page.locator(".actions button[value='submit']").click()
    page.locator(".error-summary, input[name=confirm]").first.wait_for(state="attached")


def new_programme_errors(page) -> None:
    page.fill("#title", "Nettverk uten samlinger")
    page.fill("#teams-0-name", "Gran")
    page.fill("#teams-0-members", "Kari Holm kari-uten-komma")
    page.locator("button[value=create]").click()
    page.locator("#error-summary").wait_for()


def move_gathering(page) -> None:
    page.fill("#date", "2026-12-17")
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[name=confirm][value=yes]").wait_for(state="attached")


def change_cycle(page) -> None:
    page.set_checked("#d-statusrapport-enabled", not page.is_checked("#d-statusrapport-enabled"))
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[name=confirm][value=yes]").wait_for(state="attached")


def seeds(site: Site) -> list[Page]:
    """The pages the crawl cannot reach by a link, and forms after a post."""
    fredrikstad = site.team_links["Hanne Berg"]
    gran, lunner = site.small_links["Kari Holm"], site.small_links["Liv Lie"]
    admin = f"{site.url}/admin/p"
    return [
        Page("log-in", site.url + "/admin/login", anonymous=True),
        Page("log-in, wrong password", site.url + "/admin/login", wrong_password, anonymous=True),
        Page("no such page", site.url + "/no/such/page", anonymous=True, status=404),
        Page("a link that does not work", f"{site.url}/p/{site.pid}/t/not-a-real-token/", anonymous=True, status=404),
        Page("evaluation, open", site.evaluation(SMALL_ID, 2), anonymous=True),
        Page("evaluation, errors", site.evaluation(SMALL_ID, 2), submit_form, anonymous=True),
        Page("evaluation, closed", site.evaluation(site.pid, 1), anonymous=True, status=410),
        Page("evaluation, thanks", site.evaluation(SMALL_ID, 2) + "/takk", anonymous=True),
        Page("team calendar subscription (GET)", fredrikstad + "calendar/subscription"),
        Page("team form, errors", lunner + "a/fremdriftsplan/2", submit_form),
        Page("team form, confirm", lunner + "a/pamelding/3", submit_form),
        Page("team form, registration sent", gran + "a/pamelding/3"),
        Page("programme report, HTML file (finished)", f"{admin}/{DONE}/report.html", download=True),
        Page("submission, two versions compared", f"{admin}/{site.pid}/submissions/marker/statusrapport/3?compare=1,2"),
        Page("leader's own document", f"{admin}/{DONE}/own/styringsgrupperapport/6/document"),
        Page("new programme, errors", site.url + "/admin/new", new_programme_errors),
        Page("moving a gathering, confirm", f"{admin}/{SMALL_ID}/gatherings/g3", move_gathering),
        Page("changing the cycle, confirm", f"{admin}/{SMALL_ID}/cycle", change_cycle),
    ]


# ---------------------------------------------------------------------------------------------
# The crawl, once for the module


@dataclass
class Sweep:
    """The pages to check (crawled and seeded) and every endpoint the crawl and the seeds reached."""

    pages: list[Page]
    visited: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def sweep(site) -> Sweep:
    """Crawl as the leader and as team members, keep one page per view, add the seeds."""
    leader = Crawler(site.url)
    leader.log_in(DEMO_EMAIL, site.password)
    view = partial(view_of, site.app)

    def skip(url: str) -> bool:
        return endpoint_of(site.app, url) in NOT_PAGES

    found = leader.crawl([site.url + "/", site.url + "/admin/"], view, skip)
    links = [site.team_links["Hanne Berg"], site.team_links["Liv Strand"], site.small_links["Liv Lie"]]
    found += Crawler(site.url).crawl([*links, site.evaluation(SMALL_ID, 2)], view, skip)
    best: dict[str, Fetched] = {}
    for fetched in found:
        assert fetched.status < 500, f"{fetched.url} answered {fetched.status}"
        view = view_of(site.app, fetched.url)
        if view not in best or (fetched.size, fetched.url) > (best[view].size, best[view].url):
            best[view] = fetched
    seeded = seeds(site)
    as_seeded = {page.url for page in seeded if page.act is None}  # checked once, under the seed's name
    pages = [
        Page(view, fetched.url, status=fetched.status)
        for view, fetched in sorted(best.items())
        if fetched.url not in as_seeded
    ]
    visited = {endpoint_of(site.app, page.url) for page in [*pages, *seeded]}
    return Sweep(pages=[*seeded, *pages], visited={e for e in visited if e})


def test_no_page_is_left_out(site, sweep):
    """Every endpoint that answers GET is swept or listed in NOT_PAGES (with the reason)."""
    answering = {rule.endpoint for rule in site.app.url_map.iter_rules() if "GET" in rule.methods}
    assert not set(NOT_PAGES) - answering, "NOT_PAGES names endpoints that no longer exist"
    missing = sorted(answering - set(NOT_PAGES) - sweep.visited)
    assert not missing, f"pages the sweep never visited (add a link, a seed, or a reason in NOT_PAGES): {missing}"


# ---------------------------------------------------------------------------------------------
# The checks


def with_language(url: str, lang: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode([*query, ("lang", lang)])))


def describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v.get('impact')}): {v.get('help')} — "
        + "; ".join(", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:3])
        for v in violations
    ]


def check_page(page, item: Page, lang: str, nu, pool, failures: list[str]) -> None:
    """Load one page in ``lang`` and check it at both widths; failures are appended, not raised."""
    where = f"{item.name} [{lang}] {item.url.removeprefix('http://')}"
    if item.download:  # what someone who saved the file and opened it sees
        response = page.context.request.get(with_language(item.url, lang))
        page.goto("about:blank")  # a page of the app would keep its Content-Security-Policy for the file
        page.set_content(response.text())
    else:
        response = page.goto(with_language(item.url, lang))
    if item.act:
        item.act(page)
    elif response is not None and response.status != item.status:
        failures.append(f"{where}: answered {response.status}, expected {item.status}")
    said = page.locator("html").get_attribute("lang")
    if said != lang:
        failures.append(f'{where}: <html lang="{said}">')
    html = pool.submit(nu.validate, page.content())  # the Nu checker works while axe does
    inject_axe(page)
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        if size is PHONE:
            page.set_viewport_size(PHONE)
            settled(page)
        violations = axe_violations(page, inject=False)
        LEDGER.axe_pages += 1
        LEDGER.axe_violations += len(violations)
        failures += [f"{where} at {width}: axe {line}" for line in describe(violations)]
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    if wide > PHONE["width"]:
        failures.append(f"{where} at phone: scrolls sideways ({wide}px wide)")
    page.set_viewport_size(DESKTOP)
    errors = html.result()
    LEDGER.vnu_pages += 1
    LEDGER.vnu_errors += len(errors)
    failures += [f"{where}: HTML line {e.get('lastLine')}: {e.get('message')}" for e in errors]
    LEDGER.pages.append(f"sweep {item.name} {lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page(browser, site, sweep, nu_checker, lang):
    """Every page in ``lang``: axe 0 at desktop and phone width, Nu 0, no sideways scroll on a phone."""
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO", timezone_id="Europe/Oslo")
    page = context.new_page()
    page.set_default_timeout(15000)
    failures: list[str] = []
    ordered = [p for p in sweep.pages if p.anonymous] + [p for p in sweep.pages if not p.anonymous]
    logged_in = False
    with ThreadPoolExecutor(max_workers=1) as pool:
        for item in ordered:
            if not item.anonymous and not logged_in:
                page.goto(with_language(site.url + "/admin/login", lang))
                log_in(page, site)
                logged_in = True
            try:
                check_page(page, item, lang, nu_checker, pool, failures)
            except Exception as error:  # a page that cannot be checked is one more failure, not the end
                failures.append(f"{item.name} [{lang}]: could not be checked: {type(error).__name__}: {error}")
                page.set_viewport_size(DESKTOP)
    context.close()
    assert not failures, f"{len(failures)} problems on {len(ordered)} pages in {lang}:\n" + "\n".join(failures)
