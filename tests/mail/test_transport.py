"""Delivering messages (``engine.mail.transport``): one SMTP connection per pass, a timeout, whose fault."""

from __future__ import annotations

import time

import pytest

from engine import create_app
from engine.mail import mailbox
from engine.mail.message import build_message
from engine.mail.transport import DeliveryError, Postman
from tests.support.programmes import local
from tests.support.smtp import RefusingInbox, serving

NOW = local("2026-03-05T19:00")


def message(n: int, to: str = "kari@example.org"):
    record = {"key": f"k{n}", "kind": "reminder", "to": [{"name": "Kari", "email": to}], "subject": f"Nr. {n}"}
    return build_message(record, "Verksted <verksted@example.org>", f"Tekst {n}", None)


class CountingInbox(RefusingInbox):
    """Counts SMTP sessions (EHLO greetings)."""

    sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses


@pytest.fixture
def counting_server():
    """An SMTP server that counts its sessions and refuses the mailboxes ``nobody@…``."""
    with serving(CountingInbox(refused=lambda address: address.startswith("nobody@"))) as server:
        yield server.port, server.inbox


def smtp_app(app_config, port, timeout=2):
    return create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": timeout})


def test_a_pass_keeps_one_connection_for_all_its_messages(app_config, counting_server):
    port, inbox = counting_server
    app = smtp_app(app_config, port)
    with app.app_context(), Postman(app) as postman:
        for n in range(5):
            assert postman.deliver(message(n), NOW) == "smtp"
    assert [m.header("Subject") for m in inbox.messages] == [f"Nr. {n}" for n in range(5)]
    assert inbox.sessions == 1


def test_a_refused_recipient_fails_that_message_only(app_config, counting_server):
    port, inbox = counting_server
    app = smtp_app(app_config, port)
    with app.app_context(), Postman(app) as postman:
        with pytest.raises(DeliveryError) as failure:
            postman.deliver(message(1, "nobody@example.org"), NOW)
        assert not failure.value.connection and "550" in str(failure.value)
        postman.deliver(message(2), NOW)  # the same connection goes on
    assert [m.header("Subject") for m in inbox.messages] == ["Nr. 2"] and inbox.sessions == 1


def test_a_connection_the_server_dropped_is_opened_again(app_config, counting_server):
    port, inbox = counting_server
    app = smtp_app(app_config, port)
    with app.app_context(), Postman(app) as postman:
        postman.deliver(message(1), NOW)
        postman._connection.host.close()  # as when the server hangs up an idle connection
        postman.deliver(message(2), NOW)
    assert len(inbox.messages) == 2 and inbox.sessions == 2


def test_a_refused_connection_is_the_servers_fault(app_config, refusing_smtp_port):
    app = smtp_app(app_config, refusing_smtp_port)
    with app.app_context(), Postman(app) as postman, pytest.raises(DeliveryError) as failure:
        postman.deliver(message(1), NOW)
    assert failure.value.connection and str(failure.value) == "the mail server refused the connection"


def test_a_silent_server_costs_the_timeout_and_no_more(app_config, silent_smtp_server):
    app = smtp_app(app_config, silent_smtp_server[1], timeout=1)
    started = time.monotonic()
    with app.app_context(), Postman(app) as postman, pytest.raises(DeliveryError) as failure:
        postman.deliver(message(1), NOW)
    elapsed = time.monotonic() - started
    assert failure.value.connection and str(failure.value) == "the mail server did not answer in time"
    assert 0.9 <= elapsed < 1.5


def test_without_a_mail_server_messages_go_to_the_local_mailbox(app):
    with app.app_context(), Postman(app) as postman:
        assert postman.deliver(message(1), NOW) == "mailbox"
    [entry], total = mailbox.list_entries(app)
    assert total == 1 and entry.subject == "Nr. 1" and entry.received_at == NOW
