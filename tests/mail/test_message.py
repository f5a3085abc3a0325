"""Outbox record to MIME (``engine.mail.message``): our headers, nothing injectable, well-formed bytes."""

from __future__ import annotations

import email
import email.policy

import pytest

from engine.mail.message import build_message, header_safe

LONG = "Fristen er passert: Fremdriftsplan etter samling 3 fra Sarpsborg og Rygge – æøå ÆØÅ " * 3


def record(**changes):
    return {
        "key": "reminder:p/moss/hovedplan/1:soon:2026-04-16:kari",
        "kind": "reminder",
        "programme": "p",
        "assignment": "p/moss/hovedplan/1",
        "rule": "soon",
        "subject": "Påminnelse",
        "to": [{"name": "Kari Ø. Nordmann-Åsheim", "email": "kari@example.org"}],
        **changes,
    }


@pytest.mark.parametrize(
    "subject", ["Påminnelse: Hovedplan – frist 16.04.2026", "Plain ASCII", LONG.strip(), "x" * 300]
)
def test_the_bytes_are_well_formed_and_read_back_as_written(app, subject):
    with app.app_context():
        message = build_message(
            record(subject=subject), "Verksted <v@example.org>", "Hei, Kari!\n\næøå\n", "<p>Hei, Kari!</p>"
        )
        raw = message.as_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")  # CRLF only
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    [to] = parsed["To"].addresses
    assert str(parsed["Subject"]) == subject
    assert (to.display_name, to.addr_spec) == ("Kari Ø. Nordmann-Åsheim", "kari@example.org")
    assert (parsed["X-Verksted-Kind"], parsed["X-Verksted-Assignment"], parsed["X-Verksted-Rule"]) == (
        "reminder",
        "p/moss/hovedplan/1",
        "soon",
    )
    assert parsed["Auto-Submitted"] == "auto-generated"
    # (8bit parts keep the CRLF line ends of the wire; a mail client shows lines)
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Hei, Kari!\n\næøå\n"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Hei, Kari!</p>"


def test_the_message_id_follows_the_key():
    a = build_message(record(), "Verksted <v@example.org>", "x", None)
    b = build_message(record(subject="Other"), "Verksted <v@example.org>", "y", None)
    assert a.msgId == b.msgId and a.msgId.endswith("@example.org>")


@pytest.mark.parametrize(
    ("value", "safe"),
    [("Moss\r\nBcc: x@y", "Moss Bcc: x@y"), ("a\tb", "a b"), ("  kant \n", "kant"), ("Våler", "Våler")],
)
def test_header_values_are_one_line(value, safe):
    assert header_safe(value) == safe


def test_a_long_non_ascii_name_is_folded_with_crlf_never_a_bare_lf(app):
    # Exchange and newer Postfix refuse bare LF; a 46-character Norwegian name once produced one
    long_name = "Kari Østensjø-Bjørnstad Nordmann Haugen Tveiten"
    with app.app_context():
        raw = build_message(
            record(to=[{"name": long_name, "email": "kari@example.org"}]), "Verksted <v@example.org>", "x", None
        ).as_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    [to] = email.message_from_bytes(raw, policy=email.policy.default)["To"].addresses
    assert (to.display_name, to.addr_spec) == (long_name, "kari@example.org")
