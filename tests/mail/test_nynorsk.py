"""A programme run by a nynorsk municipality (``language: nn``) mails its teams in Nynorsk: the
workflow's nn texts, subjects, bodies and the HTML part's button alike, over real SMTP on loopback."""

from __future__ import annotations

import pytest

from engine.mail.scheduler import tick
from engine.programmes import get_catalog, load_run
from engine.store import get_store
from engine.teamwork.messages import send_message
from tests.support.programmes import local, small_programme, store_programme

from .conftest import START

PID = "demo-2026"
OPENING = local("2026-03-05T19:00")  # two invitations and an evaluation link per member


@pytest.fixture
def programme(smtp_app):
    """The small programme, run in Nynorsk."""
    return store_programme(smtp_app, small_programme(START, language="nn"))


def test_a_nynorsk_programme_sends_its_invitations_and_evaluation_links_in_nynorsk(smtp_app, programme, smtp_server):
    report = tick(smtp_app, OPENING)
    assert (report.queued, report.sent, report.failed) == (9, 9, 0)
    by_kind: dict[str, list] = {}
    for message in smtp_server.inbox.messages:
        by_kind.setdefault(message.header("X-Verksted-Kind"), []).append(message)
    invitation = next(m for m in by_kind["invitation"] if "Hovudplan" in m.header("Subject"))  # the form's nn title
    assert invitation.header("Subject").startswith(("Hovudplan for Moss – frist ", "Hovudplan for Våler – frist "))
    assert any(m.header("Subject").startswith("Framdriftsplan etter samling 1") for m in by_kind["invitation"])
    text = invitation.text()
    assert "er no klar til utfylling i" in text and "Skjemaet finn du på sida til teamet" in text
    assert "Venleg helsing" in text and "Vennlig hilsen" not in text and "ikkje del henne" in text
    html = invitation.html()
    assert 'lang="nn"' in html and "Opne skjemaa til teamet</a>" in html and "Åpne teamets skjemaer" not in html
    evaluation = by_kind["evaluation"][0]
    assert evaluation.header("Subject") == "Korleis var samling 1? Gi oss vurderinga di"
    assert "Evalueringa er anonym og tek berre nokre minutt" in evaluation.text()


def test_its_reminders_and_the_leaders_message_are_nynorsk_too(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    smtp_server.inbox.clear()
    tick(smtp_app, local("2026-03-12T19:00"))  # 'soon': 7 days before the Fremdriftsplan is due
    reminders = smtp_server.inbox.messages
    assert reminders and all(m.header("Subject").startswith("Påminning: ") for m in reminders)
    assert all("om 7 dagar." in m.text() and "Treng de meir tid" in m.text() for m in reminders)
    smtp_server.inbox.clear()
    now = local("2026-03-13T10:00")
    with smtp_app.app_context():
        run = load_run(get_store(), get_catalog(), PID)
        send_message(get_store(), run, "Samling 2", "Hugs å melde dykk på.", ["moss"], "leader", "n1", now)
    tick(smtp_app, local("2026-03-13T10:01"))
    [first, second] = smtp_server.inbox.messages  # Kari and Ola
    for message in (first, second):
        assert message.header("Subject") == "Samling 2" and message.header("X-Verksted-Kind") == "message"
        assert "Hugs å melde dykk på." in message.text() and "Meldinga er send til Moss frå" in message.text()


def test_a_bokmaal_programme_is_untouched(smtp_app, smtp_server):
    store_programme(smtp_app, small_programme(START))
    tick(smtp_app, OPENING)
    texts = [m.text() for m in smtp_server.inbox.messages if m.header("X-Verksted-Kind") == "invitation"]
    assert texts and all("Vennlig hilsen" in t and "Venleg helsing" not in t for t in texts)
