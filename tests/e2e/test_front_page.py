"""The front page in a real browser: accessible, valid, readable on a phone, in both languages."""


def test_front_page_in_norwegian_and_english(page, live_server, checks):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    checks.all(page, "front")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    checks.accessible(page, "front-en")
