"""A calendar subscription's secret is a credential like a member's link (issue #12, items 5 and 7):
never in a log line, and guessing one counts against the address in the store, with the links'."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from engine import create_app
from engine.access.calendars import feed_secret, subscribe
from engine.access.redact import redact
from engine.store import get_store
from tests.support.programmes import local, small_programme, store_programme

SECRET = "Zx9_" * 10 + "abc"  # 43 URL-safe characters, as ours are


def test_redact_hides_a_feed_secret_and_keeps_the_path():
    for text in (
        f"GET /p/demo/calendar/{SECRET}.ics HTTP/1.1",
        f"webcal://verksted.example/p/demo/calendar/{SECRET}.ics",
        f"https://verksted.example/p/demo/calendar/{SECRET}.ics and /p/demo/t/{SECRET}/",
    ):
        cleaned = redact(text)
        assert SECRET not in cleaned
        assert "/p/demo/calendar/[secret].ics" in cleaned
    assert redact("/admin/p/demo/calendar/subscription") == "/admin/p/demo/calendar/subscription"


def test_no_log_line_of_any_logger_holds_a_feed_secret(app, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('%s - - "%s" %s', "127.0.0.1", f"GET /p/demo/calendar/{SECRET}.ics", 200)
        logging.getLogger("waitress").error(f"Exception while serving /p/demo/calendar/{SECRET}.ics")
        try:
            raise ValueError(f"webcal://verksted.test/p/demo/calendar/{SECRET}.ics")
        except ValueError:
            logging.getLogger("engine.web").exception("the feed failed")
    assert SECRET not in caplog.text
    assert caplog.text.count("/p/demo/calendar/[secret].ics") == 3


@pytest.fixture
def feed(app):
    """A team's subscription address (its path) on a small programme."""
    run = store_programme(app, small_programme(date(2026, 3, 5)))
    with app.app_context():
        secret_key, now = app.config["SECRET_KEY"], local("2026-03-01T12:00")
        record = subscribe(get_store(), secret_key, run.id, "team", "moss", "test", now)
    return f"/p/{run.id}/calendar/{feed_secret(app.config['SECRET_KEY'], run.id, record['id'])}.ics"


def test_a_failing_feed_is_logged_without_its_secret(app, client, feed, caplog, monkeypatch):
    import engine.web.calendars as calendars

    def broken(*args, **kwargs):
        raise RuntimeError(f"cannot write {feed}")

    monkeypatch.setattr(calendars, "team_calendar", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    secret = feed.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level(logging.INFO):
        assert client.get(feed).status_code == 500
    assert caplog.records, "the failure is logged"
    assert secret not in caplog.text
    assert feed.replace(secret, "[secret]") in caplog.text


def test_guessed_feeds_and_guessed_links_share_one_count_in_the_store(app_config, feed):
    limit = 4
    config = {**app_config, "LINK_GUESS_LIMIT": limit}
    first, second = create_app(config).test_client(), create_app(config).test_client()  # two processes
    pid = feed.split("/")[2]
    codes = [first.get(f"/p/{pid}/t/{'x' * 43}/").status_code for _ in range(limit // 2)]
    codes += [second.get(f"/p/{pid}/calendar/{'y' * 43}.ics").status_code for _ in range(limit // 2)]
    assert codes == [404] * limit
    assert second.get(f"/p/{pid}/calendar/{'z' * 43}.ics").status_code == 429
    assert first.get(feed).status_code == 200, "a working address is never refused"


def test_the_store_keeps_no_feed_secret(app, feed, instance):
    secret = feed.rsplit("/", 1)[1].removesuffix(".ics").encode()
    assert not [path for path in instance.rglob("*") if path.is_file() and secret in path.read_bytes()]
