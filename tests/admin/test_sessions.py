"""Admin sessions end on the server (issue #12, item 6).

A session cookie saved before log-out used to open /admin/ afterwards (the cookie *was* the
session), sessions never aged, and the cookie carried 16 hex digits of the password hash. Now the
cookie carries a random session id whose SHA-256 the server keeps; log-out, a password change and
an account's removal end sessions on the server, and every session has a maximum age."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.store import admins as admin_repo
from engine.store import get_store
from tests.admin.conftest import PASSWORD, PID, csrf, log_in, make_account

COOKIE = "verksted_session"


@pytest.fixture
def lea(app, client):
    make_account(app, "lea@example.org", "leader", "Lea Leder")
    assert log_in(client, "lea@example.org").status_code == 302
    return client


def stolen_copy(app, client):
    """A second browser holding the cookie as it was saved now (a copy, a backup, a stolen file)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert thief.get("/admin/").status_code == 200, "the copy works while the session lives"
    return thief


def test_log_out_ends_the_session_for_every_copy_of_the_cookie(app, lea):
    thief = stolen_copy(app, lea)
    assert lea.post("/admin/logout", data={"csrf_token": csrf(lea, "/admin/")}).status_code == 302
    assert lea.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302


def test_log_out_ends_only_that_session(app, lea):
    other_browser = app.test_client()
    assert log_in(other_browser, "lea@example.org").status_code == 302
    lea.post("/admin/logout", data={"csrf_token": csrf(lea, "/admin/")})
    assert other_browser.get("/admin/").status_code == 200


def test_a_password_change_ends_every_session(app, lea, runner):
    thief = stolen_copy(app, lea)
    result = runner.invoke(
        args=["admin", "password", "lea@example.org", "--password-stdin"], input="a new password 2\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Changed the password of lea@example.org; its sessions are ended."
    assert lea.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302
    assert log_in(lea, "lea@example.org", PASSWORD).status_code == 200  # the old password is refused
    assert log_in(lea, "lea@example.org", "a new password 2").status_code == 302


def test_removing_the_account_ends_its_sessions(app, lea, runner):
    thief = stolen_copy(app, lea)
    result = runner.invoke(args=["admin", "remove", "lea@example.org"])
    assert result.exit_code == 0, result.output
    assert thief.get("/admin/").status_code == 302
    with app.app_context():
        assert admin_repo.find_admin_by_email(get_store(), "lea@example.org") is None


def test_a_session_ends_at_its_maximum_age(app, lea, clock):
    max_age = app.permanent_session_lifetime
    assert max_age == timedelta(hours=12)
    cookie = lea.get_cookie(COOKIE)
    assert cookie.expires is not None, "the browser forgets it too"
    clock.advance(seconds=max_age.total_seconds() - 60)
    assert lea.get("/admin/").status_code == 200
    clock.advance(seconds=61)
    assert lea.get("/admin/").status_code == 302


def test_nothing_derived_from_the_password_is_in_the_cookie(app, lea):
    with app.app_context():
        stored = admin_repo.find_admin_by_email(get_store(), "lea@example.org")["password_hash"]
        data = app.session_interface.get_signing_serializer(app).loads(lea.get_cookie(COOKIE).value)
    flat = repr(data)
    pieces = {stored[i : i + 8] for i in range(0, len(stored) - 8)}
    assert not any(piece in flat for piece in pieces)
    assert "admin_check" not in data and "admin_id" not in data


@pytest.mark.parametrize("command", [["password", "--password-stdin"], ["remove"]])
def test_an_unknown_account_is_one_line(runner, command):
    result = runner.invoke(args=["admin", command[0], "nobody@example.org", *command[1:]], input="long enough 123\n")
    assert result.exit_code == 1
    assert result.stderr == "Error: there is no account nobody@example.org\n"


NEW_PAGES = [  # what main's learning loop, report, cycle and front page added under /admin
    "/admin/",
    f"/admin/p/{PID}/report",
    f"/admin/p/{PID}/report.docx",
    f"/admin/p/{PID}/messages",
    f"/admin/p/{PID}/cycle",
    f"/admin/p/{PID}/copy",
    f"/admin/p/{PID}/documents/fremdriftsplan/1",
    f"/admin/p/{PID}/documents/fremdriftsplan/1/answers.csv",
    f"/admin/p/{PID}/own/styringsgrupperapport/2",
    f"/admin/p/{PID}/gatherings/g4/presenters",
    f"/admin/p/{PID}/calendar.ics",
]


def test_an_ended_session_opens_none_of_the_new_pages_and_posts_nothing(app, lea, example):
    thief = stolen_copy(app, lea)
    for page in NEW_PAGES:
        assert thief.get(page).status_code == 200, page
    token = csrf(thief, f"/admin/p/{PID}/messages")
    assert lea.post("/admin/logout", data={"csrf_token": csrf(lea, "/admin/")}).status_code == 302
    for page in NEW_PAGES:
        assert thief.get(page).status_code == 302, page
    typed = {"csrf_token": token, "subject": "Samling 4", "text": "Husk rapporten.", "to": "all"}
    refused = thief.post(f"/admin/p/{PID}/messages", data=typed)
    assert refused.status_code == 401
    assert "Husk rapporten." in refused.get_data(as_text=True)  # what was typed comes back
    with app.app_context():
        from engine.store import messages as message_repo

        assert message_repo.list_team_messages(get_store(), PID) == []
