"""Take the README's screenshots anew: `python tools/screenshots.py` (Playwright + Debian's chromium).

It sets up the demo on a fresh instance on the fixed day the browser tests use (``VERKSTED_CLOCK``),
serves it on loopback, logs in as the demo's leader and saves the pages the README shows to
``docs/screenshots/`` — so the pictures are of what ``make run`` gives, not of a hand-made state.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.server import DEMO_DAY, LiveServer, flask_cli  # noqa: E402
from tests.support.smtp import free_port  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": "shots", "CLOCK": DEMO_DAY})
        setup = flask_cli(instance, "demo", "setup", BASE_URL=live.url, CLOCK=DEMO_DAY)
        pid = re.search(r"\((jobbvinner-ostfold-\d{4})\)", setup.stdout).group(1)
        password = re.search(r"password: (\S+)", setup.stdout).group(1)  # the demo leader's, who has read some
        links = flask_cli(instance, "links", pid, "--team", "Fredrikstad", BASE_URL=live.url, CLOCK=DEMO_DAY)
        team_link = links.stdout.splitlines()[0].split("\t")[3]
        marker = flask_cli(instance, "links", pid, "--team", "Marker", BASE_URL=live.url, CLOCK=DEMO_DAY)
        marker_link = marker.stdout.splitlines()[0].split("\t")[3]
        live.start()
        try:
            shoot(live.url, pid, team_link, marker_link, password)
        finally:
            live.stop()


def shoot(url: str, pid: str, team_link: str, marker_link: str, password: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        desktop = browser.new_context(viewport=DESKTOP, locale="nb-NO", timezone_id="Europe/Oslo")
        page = desktop.new_page()
        page.goto(team_link)
        page.screenshot(path=OUT / "team-page.png", full_page=False)
        page.goto(url + "/admin/login")
        page.fill("#email", "leder@example.org")
        page.fill("#password", password)
        page.locator("main form button[type=submit]").click()
        page.screenshot(path=OUT / "front-page.png", full_page=False)
        page.goto(f"{url}/admin/p/{pid}/")
        page.screenshot(path=OUT / "matrix.png", full_page=False)
        page.goto(f"{url}/admin/p/{pid}/timeline")
        page.screenshot(path=OUT / "timeline.png", full_page=False)
        page.goto(f"{url}/admin/p/{pid}/submissions/marker/statusrapport/3")
        page.screenshot(path=OUT / "feedback.png", full_page=False)
        page.goto(f"{url}/admin/p/jobbvinner-ostfold-2018-2020/report")
        page.screenshot(path=OUT / "report.png", full_page=False)
        page.goto(f"{url}/admin/mailbox")
        first = page.locator("main a[href*='/admin/mailbox/']").first
        if first.count():
            first.click()
        page.screenshot(path=OUT / "mailbox-message.png", full_page=False)
        phone = browser.new_context(viewport=PHONE, locale="nb-NO", timezone_id="Europe/Oslo", is_mobile=True)
        page = phone.new_page()
        page.goto(marker_link)
        page.locator("a[href$='/a/statusrapport/4']").first.click()
        page.screenshot(path=OUT / "form-phone.png", full_page=False)
        browser.close()


if __name__ == "__main__":
    main()
