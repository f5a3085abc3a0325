"""Showing a message's HTML in a page (``engine.mail.sanitize``): text-level markup only, nothing active."""

from __future__ import annotations

import pytest

from engine.mail.sanitize import safe_href, sanitize_html


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        (
            "<!doctype html><html><head><title>T</title><meta charset=utf-8></head><body><p>Hei</p></body></html>",
            "<p>Hei</p>",
        ),
        ('<p onclick="x()">Hei <b>du</b></p>', "<p>Hei <b>du</b></p>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ("<style>p{}</style><p>ok</p>", "<p>ok</p>"),
        (
            '<a href="https://example.org/?a=1&amp;b=2">x</a>',
            '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">x</a>',
        ),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        (
            '<a class="button" href="https://v.test/" style="color:red">Åpne</a>',
            '<a href="https://v.test/" class="button" rel="noopener noreferrer">Åpne</a>',
        ),
        (
            '<a class="button evil" href="https://v.test/">x</a>',
            '<a href="https://v.test/" rel="noopener noreferrer">x</a>',
        ),
        ('<img src="https://tracker.example/x.png">tekst', "tekst"),
        ("<p>unclosed <em>emphasis", "<p>unclosed <em>emphasis</em></p>"),
        ("<h1>Stor</h1>", "<h3>Stor</h3>"),
        ("a &lt;b&gt; &amp; c", "a &lt;b&gt; &amp; c"),
        ("<iframe src=x>inside</iframe>after", "after"),
        ("line<br>next<br/>end", "line<br>next<br>end"),
    ],
)
def test_only_safe_markup_survives(html, shown):
    assert str(sanitize_html(html)) == shown


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/", True),
        ("http://127.0.0.1:5000/p/x/t/y/", True),
        ("mailto:lea@example.org", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("data:text/html,x", False),
        ("/relative", False),
    ],
)
def test_only_web_and_mail_links_are_kept(url, kept):
    assert (safe_href(url) is not None) is kept
