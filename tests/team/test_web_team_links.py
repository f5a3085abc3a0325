"""engine.web.admin.team_links: the leader sends a member a new link (queued as mail) or revokes
a member's links (they stop working at once)."""

from __future__ import annotations

from engine.access.links import LINK_MARKER
from engine.store import outbox
from engine.store import tokens as token_repo
from tests.support.teamwork import PID, hidden, text_of


def form_data(leader):
    page = leader.get(f"/admin/p/{PID}/links").get_data(as_text=True)
    return {"csrf_token": hidden(page, "csrf_token"), "nonce": hidden(page, "nonce")}


def test_the_page_lists_members_with_their_active_links(leader, links):
    page = text_of(leader.get(f"/admin/p/{PID}/links").get_data(as_text=True))
    assert "Maria Olsen maria.olsen@example.org 1 (newest 20.04.2018 at 10:00) Send a new link" in page
    assert "Våler" in page


def test_sending_a_new_link_queues_one_link_mail(leader, store):
    data = form_data(leader)
    url = f"/admin/p/{PID}/links/moss/maria-olsen/send"
    assert leader.post(url, data=data).status_code == 302
    assert leader.post(url, data=data).status_code == 302  # a double click
    [message] = outbox.list_messages(store, PID)
    assert message["key"] == f"link:moss:maria-olsen:{data['nonce']}"
    assert (message["kind"], message["team"], message["member"]) == ("link", "moss", "maria-olsen")
    assert message["to"] == [{"name": "Maria Olsen", "email": "maria.olsen@example.org"}]
    assert message["link_for"] == {"team": "moss", "member": "maria-olsen"}
    assert message["subject"] == "Din lenke til Jobbvinner Østfold – utviklingsverksted 2018–2020"
    assert LINK_MARKER in message["text"] and f'<a class="button" href="{LINK_MARKER}"' in message["html"]
    assert token_repo.list_tokens(store, PID, "moss") == []  # the token is minted when the mail is sent
    page = text_of(leader.get(f"/admin/p/{PID}/links").get_data(as_text=True))
    assert "A new link to Maria Olsen is queued" in page


def test_revoking_stops_every_link_of_the_member(leader, links, member, store):
    maria = member()
    assert maria.get().status_code == 200
    response = leader.post(f"/admin/p/{PID}/links/moss/maria-olsen/revoke", data=form_data(leader))
    assert response.status_code == 302
    assert maria.get().status_code == 404
    assert member("moss", "lars-kristiansen").get().status_code == 200
    assert "1 link(s) of Maria Olsen no longer work." in text_of(leader.get(response.location).get_data(as_text=True))


def test_an_unknown_member_is_a_404(leader):
    data = form_data(leader)
    assert leader.post(f"/admin/p/{PID}/links/moss/nobody/send", data=data).status_code == 404
    assert leader.post(f"/admin/p/{PID}/links/nowhere/maria-olsen/revoke", data=data).status_code == 404
    assert leader.get("/admin/p/no-such-programme/links").status_code == 404
