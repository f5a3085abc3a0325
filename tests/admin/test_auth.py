"""engine.web.auth and the admin blueprint's guard: log-in, throttle, safe redirects, observers, anonymous visitors."""

from __future__ import annotations

import pytest

from tests.admin.conftest import PASSWORD, csrf, log_in, make_account, text

SAMPLE_ARGS = {
    "pid": "jobbvinner-ostfold-2018",
    "team": "moss",
    "gid": "g3",
    "member": "maria-olsen",
    "deliverable": "statusrapport",
    "occurrence": 4,
    "fmt": "csv",
    "number": 1,
    "entry_id": "20190301T070000000000-0123456789ab",
    "message_id": "m1",
    "token_id": "0123456789abcdef",
    "note_id": "n1",
    "feedback_id": "f1",
    "kind": "invitation",
    "file": "0" * 64 + ".pdf",
    "name": "plan.pdf",
}


def admin_rules(app, method: str) -> list[str]:
    """Every URL of the admin blueprint that answers ``method``, with sample arguments filled in."""
    urls = []
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("admin.") and method in rule.methods:
                urls.append(adapter.build(rule.endpoint, {a: SAMPLE_ARGS[a] for a in rule.arguments}))
    return urls


def test_the_admin_blueprint_has_views_for_both_methods(app):
    assert len(admin_rules(app, "GET")) >= 15
    assert len(admin_rules(app, "POST")) >= 15


def test_an_anonymous_visitor_is_sent_to_the_log_in_from_every_admin_page(app, client):
    for url in admin_rules(app, "GET"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/admin/login?next=/admin/"), url


def test_an_anonymous_post_changes_nothing_and_gives_back_what_was_typed(app, client, example):
    token = csrf(client)
    client.get("/?lang=en")
    for url in admin_rules(app, "POST"):
        response = client.post(url, data={"csrf_token": token, "title": "Tekst som ikke må gå tapt"})
        page = response.get_data(as_text=True)
        assert response.status_code == 401, url
        assert "You were logged out before this was saved" in page and "Tekst som ikke må gå tapt" in page, url
        assert 'href="/admin/login?next=' in page, url


def test_an_observer_is_refused_every_change(app, observer, example):
    token = csrf(observer, "/admin/")
    for url in admin_rules(app, "POST"):
        assert observer.post(url, data={"csrf_token": token, "name": "X"}).status_code == 403, url


def test_an_observer_reads_the_pages_without_forms_or_buttons(observer, example):
    for url in (
        "/admin/",
        f"/admin/p/{example}/",
        f"/admin/p/{example}/gatherings",
        f"/admin/p/{example}/teams",
        f"/admin/p/{example}/teams/moss",
        f"/admin/p/{example}/events",
        f"/admin/p/{example}/timeline",
    ):
        response = observer.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert page.count('method="post"') == 1, url  # the log-out form, nothing else
        assert "/new" not in page and "/settings" not in page, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/new",
        "/admin/p/jobbvinner-ostfold-2018/settings",
        "/admin/p/jobbvinner-ostfold-2018/gatherings/g1",
        "/admin/p/jobbvinner-ostfold-2018/gatherings/new",
        "/admin/p/jobbvinner-ostfold-2018/teams/moss/members/new",
        "/admin/p/jobbvinner-ostfold-2018/teams/moss/members/maria-olsen",
    ],
)
def test_pages_that_are_only_forms_are_refused_to_observers(observer, example, url):
    assert observer.get(url).status_code == 403


@pytest.fixture
def account(app):
    return make_account(app, "lea@example.org", "leader", "Lea Leder")


def test_a_wrong_password_says_so_without_saying_which(client, account):
    client.get("/?lang=en")
    for email in ("lea@example.org", "nobody@example.org"):
        response = log_in(client, email, "wrong password!")
        assert response.status_code == 200
        assert "The e-mail address or the password is wrong." in text(response)
    assert client.get("/admin/").status_code == 302


def test_a_right_password_logs_in_and_lands_on_the_programmes(client, account):
    response = log_in(client, "LEA@example.org ", PASSWORD)
    assert (response.status_code, response.location) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_log_in_attempts_are_throttled(app, client, account):
    limit = app.config["LOGIN_ATTEMPT_LIMIT"]
    for _ in range(limit):
        assert log_in(client, "lea@example.org", "wrong password!").status_code == 200
    response = log_in(client, "lea@example.org", PASSWORD)  # even the right password waits
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/admin/p/jobbvinner-ostfold-2018/timeline", "/admin/p/jobbvinner-ostfold-2018/timeline"),
        ("//evil.example/", "/admin/"),
        ("https://evil.example/admin/", "/admin/"),
        ("/\\evil.example/", "/admin/"),
        ("/%5Cevil.example/", "/admin/"),
        ("javascript:alert(1)", "/admin/"),
        ("/%09/evil.example", "/admin/"),
    ],
)
def test_after_log_in_the_next_page_is_always_on_this_site(client, account, target, landing):
    response = log_in(client, "lea@example.org", PASSWORD, next_url=target)
    assert (response.status_code, response.location) == (302, landing)


def test_the_log_in_page_remembers_where_the_visitor_was_going(client, account):
    response = client.get("/admin/p/jobbvinner-ostfold-2018/events?kind=submitted")
    assert response.location == "/admin/login?next=/admin/p/jobbvinner-ostfold-2018/events?kind%3Dsubmitted"


def test_log_out_needs_a_post(leader):
    assert leader.get("/admin/logout").status_code == 405
    response = leader.post("/admin/logout", data={"csrf_token": csrf(leader, "/admin/")})
    assert response.status_code == 302
    assert leader.get("/admin/").status_code == 302


def test_a_refused_security_token_gives_back_what_was_typed(app, leader, example):
    leader.get("/?lang=en")
    response = leader.post(
        f"/admin/p/{example}/settings",
        data={"csrf_token": "stale", "title": "Ny tittel som ikke må gå tapt", "recipient": "prosjektgruppa"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "security check expired" in page and "Ny tittel som ikke må gå tapt" in page
    assert "stale" not in page  # the page's own bookkeeping is not handed back
