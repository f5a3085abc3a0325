"""Composing mail (``engine.mail.compose``): the workflow's texts, an HTML part that escapes, links."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engine.access.links import LINK_MARKER, evaluation_url
from engine.cycle import MailState, due_mail
from engine.cycle.deliveries import as_deliveries
from engine.mail.compose import LinkBase, compose_intent, fill_link, linkify, text_to_html
from tests.support.programmes import local, small_programme, store_programme

LINKS = LinkBase("http://verksted.test", "test-secret", "http://verksted.test/admin/p/{pid}/")


@pytest.fixture
def composed(app):
    """Every message due at the programme's opening pass, composed, by key."""
    run = store_programme(app, small_programme(date(2026, 3, 5)))
    state = MailState(run.programme, run.workflow, run.assignments, tuple(as_deliveries(run.deliveries)))
    intents = due_mail(state, local("2026-03-05T19:00")) + due_mail(state, local("2026-03-16T19:00"))
    return {intent.key: compose_intent(intent, run.programme, run.workflow, LINKS) for intent in intents}


def test_an_invitation_carries_the_link_marker_and_says_whose_link_it_is(composed):
    record = composed["invitation:demo-2026/moss/hovedplan/1:2026-03-05:kari"]
    assert record["subject"] == "Hovedplan for Moss – frist 16.04.2026"
    assert record["to"] == [{"name": "Kari Nordmann", "email": "kari@example.org"}] and record["cc"] == []
    assert (record["kind"], record["rule"], record["team"], record["member"]) == ("invitation", None, "moss", "kari")
    assert record["assignment"] == "demo-2026/moss/hovedplan/1"
    assert record["link_for"] == {"team": "moss", "member": "kari"}
    assert f"\n{LINK_MARKER}\n" in record["text"]
    assert f'<a class="button" href="{LINK_MARKER}" style="' in record["html"]
    assert f">{LINK_MARKER}</a>" not in record["html"]  # the button is named, not the address
    assert record["text"].startswith("Hei, Kari Nordmann!\n\nHovedplan for Moss er nå klar til utfylling i Demo 2026.")


def test_an_evaluation_link_is_written_in_and_needs_no_minting(composed):
    record = composed["evaluation:demo-2026/-/evaluering/1:2026-03-05:valer/per"]
    link = evaluation_url("http://verksted.test", "test-secret", "demo-2026", 1)
    assert record["link_for"] is None and link in record["text"] and LINK_MARKER not in record["text"]


def test_the_digest_links_to_the_programme_page(composed):
    record = composed["digest:demo-2026:2026-W12"]
    assert record["to"] == [{"name": "Lea Leder", "email": "lea@example.org"}]
    assert "http://verksted.test/admin/p/demo-2026/" in record["text"] and record["link_for"] is None


def test_the_html_part_is_a_complete_document_in_paragraphs():
    html = text_to_html("Hei, Kari!\n\nFørste linje\nandre linje\n\n\nSlutt.", "Emne <b>", "nb")
    assert html.startswith('<!doctype html>\n<html lang="nb">') and "<title>Emne &lt;b&gt;</title>" in html
    assert "<p>Hei, Kari!</p>\n<p>Første linje<br>\nandre linje</p>\n<p>Slutt.</p>" in html


def test_the_link_line_becomes_a_button_and_dashes_a_list():
    text = f"Hei <b>Kari</b> & co!\n\nLevert:\n- Moss: Hovedplan\n- Våler: Hovedplan\n\nLenken:\n{LINK_MARKER}\n"
    html = text_to_html(text, "Emne", "nb", "Åpne teamets skjemaer")
    assert "<p>Hei &lt;b&gt;Kari&lt;/b&gt; &amp; co!</p>" in html
    assert "<p>Levert:</p>\n<ul>\n<li>Moss: Hovedplan</li>\n<li>Våler: Hovedplan</li>\n</ul>" in html
    assert f'<p>Lenken:</p>\n<p style="margin:24px 0"><a class="button" href="{LINK_MARKER}" style="' in html
    assert html.count(LINK_MARKER) == 1 and ">Åpne teamets skjemaer</a></p>" in html
    assert f'<a href="{LINK_MARKER}">{LINK_MARKER}</a>' in text_to_html(text)  # no link text: a plain link


def test_every_shipped_mail_reads_as_a_person_would_write_it(composed, app):
    """Paragraphs are not broken mid-sentence (the texts used to wrap where the YAML file did), and in
    the HTML part a link is a named button, never a long bare address."""
    kinds = {record["kind"] for record in composed.values()}
    assert {"invitation", "evaluation", "digest", "reminder"} <= kinds
    for record in composed.values():
        for line in record["text"].splitlines():
            assert len(line) < 100 or line.endswith((".", ":", "!", "?")) or line.startswith("- "), line
        assert not re.search(r"<br>\n[a-zæøå]", record["html"]), record["key"]  # a sentence cut in two
        shown = re.findall(r"<a [^>]*>([^<]*)</a>", record["html"])
        assert shown and all(len(words) < 40 and "://" not in words for words in shown), (record["key"], shown)


@pytest.mark.parametrize(
    ("line", "html"),
    [
        (
            "Se https://example.org/a?b=1&c=2.",
            'Se <a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.',
        ),
        ("(http://example.org/x)", '(<a href="http://example.org/x">http://example.org/x</a>)'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        (
            '"http://example.org/"onmouseover="x"',
            '&#34;<a href="http://example.org/">http://example.org/</a>&#34;onmouseover=&#34;x&#34;',
        ),
        ("javascript:alert(1)", "javascript:alert(1)"),
        (f"Lenke: {LINK_MARKER}", f'Lenke: <a href="{LINK_MARKER}">{LINK_MARKER}</a>'),
    ],
)
def test_linkify_escapes_and_links_only_web_addresses(line, html):
    assert linkify(line) == html


def test_filling_in_the_link_replaces_the_marker_in_both_parts():
    text, html = fill_link(f"Her: {LINK_MARKER}\n", text_to_html(f"Her: {LINK_MARKER}"), "https://v.test/p/x/t/ab-C_1/")
    assert text == "Her: https://v.test/p/x/t/ab-C_1/\n"
    assert '<a href="https://v.test/p/x/t/ab-C_1/">https://v.test/p/x/t/ab-C_1/</a>' in html
