"""Showing a message's HTML part inside an admin page, safely: an allow-list of tags, nothing active.

The local mailbox page shows what was sent as a reader would see it. The HTML part is ours
(``compose.text_to_html``), but the page treats it as untrusted anyway — a message in the mailbox
folder could have been put there by anything: only text-level markup survives (paragraphs, line
breaks, emphasis, lists, links), every attribute is dropped except an ``http(s)``/``mailto`` link
target (and ``class="button"`` on such a link, the look of our own link button),
``script``/``style``/``head`` content disappears, and every open tag is closed, so the result
cannot break out of its container or run anything. No iframe: the CSP forbids frames, and a
sanitised fragment reads better than a nested page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from markupsafe import Markup, escape

ALLOWED = frozenset(
    {
        "p",
        "br",
        "a",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "h1",
        "h2",
        "h3",
        "h4",
        "hr",
        "span",
        "div",
    }
)
VOID = frozenset({"br", "hr"})
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "iframe",
        "object",
        "svg",
        "math",
        "textarea",
        "select",
    }
)
SCHEMES = frozenset({"http", "https", "mailto"})
# Headings in a message must not outrank the page's own: they become one level below h2.
HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h4"}


def sanitize_html(html: str) -> Markup:
    """``html`` reduced to safe, well-formed markup (see the module docstring)."""
    parser = _Sanitiser()
    parser.feed(html or "")
    parser.close()
    return Markup("".join(parser.out + [f"</{tag}>" for tag in reversed(parser.open)]))


def safe_href(url: str) -> str | None:
    """``url`` if it is an absolute http(s) or mailto link, else None."""
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SCHEMES else None


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: str | None = None  # inside an element dropped with its content
        self.depth = 0  # how deep in nested elements of that name

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            self.depth += tag == self.skipping
            return
        if tag in DROPPED_WITH_CONTENT:
            self.skipping, self.depth = tag, 1
            return
        if tag not in ALLOWED:
            return
        tag = HEADINGS.get(tag, tag)
        if tag == "a":
            found = dict(attrs)
            href = safe_href(found.get("href") or "")
            # our mail's link button keeps looking like one (the page's own .button style)
            button = ' class="button"' if href and found.get("class") == "button" else ""
            self.out.append(f'<a href="{escape(href)}"{button} rel="noopener noreferrer">' if href else "<a>")
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping is not None:
            self.depth -= tag == self.skipping
            if self.depth == 0:
                self.skipping = None
            return
        tag = HEADINGS.get(tag, tag)
        if tag in self.open:
            while self.open:
                closing = self.open.pop()
                self.out.append(f"</{closing}>")
                if closing == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.skipping is None:
            self.out.append(str(escape(data)))
