"""The file field in a real browser, in Norwegian and English: the Hovedplan's competence plan
chosen, refused when it is a program in disguise (with everything typed kept), attached, removed;
a file over the limit stopped as soon as it is chosen; a post over the service's limit answered
with a page that says why. Every state is checked by axe-core (WCAG 2.1 AA), the Nu HTML Checker
and at phone width without sideways scrolling.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.files import PROGRAM, pdf_bytes

FIELD = "#kompetanseplan_vedlegg"
WORDS = {
    "en": {
        "attached": "Attached: Kompetanseplan.pdf (PDF, 1 kB)",
        "refused": "but not the file: The file's content is not PDF, Word, Excel, JPEG, PNG, GIF or WebP",
        "limits": "PDF, Word, Excel, JPEG, PNG, GIF or WebP, at most 10 MB.",
        "too_large": "The file you chose is larger than 10 MB and cannot be attached.",
        "over": "larger than this service accepts (12 MB at most)",
        "remove": "Remove the attachment",
    },
    "nb": {
        "attached": "Vedlagt: Kompetanseplan.pdf (PDF, 1 kB)",
        "refused": "men ikke filen: Innholdet i filen er ikke PDF, Word, Excel, JPEG, PNG, GIF eller WebP",
        "limits": "PDF, Word, Excel, JPEG, PNG, GIF eller WebP, høyst 10 MB.",
        "too_large": "Filen du valgte, er større enn 10 MB og kan ikke legges ved.",
        "over": "større enn denne tjenesten tar imot (høyst 12 MB)",
        "remove": "Fjern vedlegget",
    },
}
TYPED = "Traineeprogram og fadderordning for nyutdannede sykepleiere."


def choose(page, name: str, data: bytes, mime: str = "application/pdf") -> None:
    page.set_input_files(FIELD, files=[{"name": name, "mimeType": mime, "buffer": data}])


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_competence_plan_is_refused_in_disguise_then_attached_and_removed(page, site, checks, lang):
    words = WORDS[lang]
    page.goto(site.links["Maria Olsen"] + f"a/hovedplan/1?lang={lang}")
    expect(page.locator(f"#field-{FIELD[1:]}")).to_contain_text(words["limits"])
    checks.all(page, f"attachment-empty-{lang}")

    page.fill("#tiltak", TYPED)
    choose(page, "Kompetanseplan.pdf", PROGRAM, "application/pdf")
    page.click(".actions button[value='save']")
    expect(page.locator(".notice--error")).to_contain_text(words["refused"])
    assert page.input_value("#tiltak") == TYPED  # nothing typed is lost
    expect(page.locator(FIELD)).to_have_attribute("aria-invalid", "true")
    checks.all(page, f"attachment-refused-{lang}")

    choose(page, "Kompetanseplan.pdf", pdf_bytes())
    page.click(".actions button[value='save']")
    expect(page.locator(".attachment")).to_contain_text(words["attached"])
    assert page.input_value("#tiltak") == TYPED
    checks.all(page, f"attachment-attached-{lang}")
    with page.expect_download() as download:
        page.locator(".attachment a").click()
    assert download.value.suggested_filename == "Kompetanseplan.pdf"

    page.goto(site.links["Maria Olsen"] + f"a/hovedplan/1?lang={lang}")  # the attachment is the draft's now
    expect(page.locator(".attachment")).to_contain_text(words["attached"])
    page.get_by_role("button", name=words["remove"]).click()
    expect(page.locator(".attachment")).to_have_count(0)
    assert page.input_value("#tiltak") == TYPED


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_file_over_the_limit_is_stopped_when_chosen_and_a_post_over_it_gets_a_page(page, site, checks, lang):
    words = WORDS[lang]
    page.goto(site.links["Maria Olsen"] + f"a/hovedplan/1?lang={lang}")
    big = pdf_bytes(padding=10 * 1024 * 1024 + 1)
    choose(page, "stor.pdf", big)
    expect(page.locator("[data-file-status]")).to_contain_text(words["too_large"])
    assert page.evaluate(f"document.querySelector('{FIELD}').files.length") == 0
    checks.all(page, f"attachment-too-large-{lang}")

    # Without the page's script (or with a browser that ignores it) the file goes to the server.
    page.evaluate(f"document.querySelector('{FIELD}').removeAttribute('data-max-bytes')")
    choose(page, "enorm.pdf", pdf_bytes(padding=13 * 1024 * 1024))
    page.click(".actions button[value='save']")
    expect(page.locator("main")).to_contain_text(words["over"])
    checks.all(page, f"attachment-413-{lang}")
    page.locator("main a.button").click()
    expect(page.locator(FIELD)).to_be_visible()
