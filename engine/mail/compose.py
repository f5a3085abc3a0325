"""Composing mail: from a planned message (``MailIntent``) to an outbox record, text and HTML.

Pure apart from its arguments: the workflow's Jinja texts are rendered with
``engine.cycle.intent_context`` + ``render_mail``; the HTML part is built here from the text
(every character escaped, blank lines make paragraphs, line breaks kept, "- " lines a list, links
clickable, the line that is only the link a button labelled with the text's ``link_text``), so a
workflow author writes one text and user text (team names, answers) can never become markup.

Links are absolute, from ``BASE_URL``. A member's personal link is not in the record: the text
and the HTML carry ``engine.access.links.LINK_MARKER`` and the record says ``link_for: {team, member}``;
the sender mints the token and calls :func:`fill_link` at the last moment, so no raw token ever
rests on disk. The evaluation link (the same for everyone at a gathering, signed) and the
digest's link to the programme's page are written in directly.

The record is the outbox's (HACKING.md "Outbox message") with the intent's ``kind``, ``rule``,
``assignment``, ``team`` and ``member``, so the headers (``X-Verksted-*``) and the leader's
views can tell messages apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from ..access.links import LINK_MARKER, evaluation_url
from ..cycle import MailIntent, Programme, Workflow, intent_context, render_mail

_URL = re.compile(r"(https?://[^\s<>\"']+|" + re.escape(LINK_MARKER) + r")")
_TRAILING = ".,;:!?)]}"
_PARAGRAPH = re.compile(r"\n[ \t]*\n+")


@dataclass(frozen=True)
class LinkBase:
    """What absolute links are made from: ``BASE_URL``, the secret key (evaluation links are signed)
    and the URL of a programme's page for the leader (the digest links to it)."""

    base_url: str
    secret_key: str
    programme_url: str = ""  # "{pid}" is replaced by the programme's id
    leader_form_url: str = ""  # "{pid}", "{deliverable}", "{occurrence}": the leader's own form

    def evaluation(self, pid: str, gathering: int) -> str:
        """The anonymous evaluation link of gathering number ``gathering``."""
        return evaluation_url(self.base_url, self.secret_key, pid, gathering)

    def programme(self, pid: str) -> str:
        """The leader's page of the programme (absolute)."""
        return self.programme_url.replace("{pid}", pid) if self.programme_url else f"{self.base_url}/admin/"

    def leader_form(self, pid: str, deliverable: str, occurrence: int) -> str:
        """The form of one of the leader's own deliverables (absolute); the programme page without one."""
        if not self.leader_form_url:
            return self.programme(pid)
        return (
            self.leader_form_url.replace("{pid}", pid)
            .replace("{deliverable}", deliverable)
            .replace("{occurrence}", str(occurrence))
        )


def compose_intent(intent: MailIntent, programme: Programme, workflow: Workflow, links: LinkBase) -> dict[str, Any]:
    """The outbox record of ``intent``: rendered subject, text and HTML, addressing and link marker.

    Raises ``KeyError`` (no such mail text in the workflow) or ``jinja2.TemplateError`` (a text that
    fails to render) — the workflow's fault, reported by the pass that tried.
    """
    link = link_of(intent, links)
    context = intent_context(intent, programme, workflow, link)
    subject, text = render_mail(workflow, intent.template, context, programme.language)
    link_text = workflow.mail[intent.template].in_language(programme.language).link_text if link else ""
    return {
        "key": intent.key,
        "kind": intent.kind,
        "assignment": intent.assignment,
        "rule": intent.rule,
        "team": intent.team,
        "member": intent.member,
        "to": [{"name": intent.to_name, "email": intent.to_email}],
        "cc": [],
        "subject": subject,
        "text": text,
        "html": text_to_html(text, subject, programme.language or "nb", link_text),
        "link_for": {"team": intent.team, "member": intent.member} if intent.personal_link else None,
    }


def link_of(intent: MailIntent, links: LinkBase) -> str | None:
    """The link a message carries: the member's (as the marker), an evaluation link, or the programme page."""
    if intent.personal_link:
        return LINK_MARKER
    if intent.kind == "evaluation":
        return links.evaluation(intent.programme, intent.gathering or intent.occurrence or 1)
    if intent.kind == "digest":
        return links.programme(intent.programme)
    if intent.template == "leader_due":
        return links.leader_form(intent.programme, intent.deliverable or "", intent.occurrence or 1)
    return None


# Inline styles: mail clients ignore style sheets. Colours as on the site (9:1 and 7:1 on white).
_BODY_STYLE = "margin:0;padding:16px;color:#1b1f24;font:16px/1.5 Arial,Helvetica,sans-serif"
_BUTTON_STYLE = (
    "display:inline-block;padding:12px 20px;border-radius:6px;background-color:#1d4e6e;color:#ffffff;"
    "font-weight:bold;text-decoration:none"
)
_LIST_ITEM = re.compile(r"^- +")


def text_to_html(text: str, title: str = "", lang: str = "nb", link_text: str = "") -> str:
    """A complete HTML document saying what ``text`` says, as a person would write it: escaped, in
    paragraphs (a line break inside one is kept, as in a signature), lines starting with "- " as a
    list, links clickable — and a line that is only a link, with ``link_text``, as a button."""
    blocks = [p for p in _PARAGRAPH.split(text.strip()) if p.strip()]
    body = "\n".join(part for block in blocks for part in _block_html(block.split("\n"), link_text))
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f'</head>\n<body style="{_BODY_STYLE}">\n<div style="max-width:36em">\n{body}\n</div>\n</body>\n</html>\n'
    )


def _block_html(lines: list[str], link_text: str) -> list[str]:
    """One paragraph of the text as HTML: runs of plain lines, list items and button lines."""
    parts: list[str] = []
    run: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if run:
            parts.append("<p>" + "<br>\n".join(linkify(line) for line in run) + "</p>")
            run.clear()
        if items:
            parts.append("<ul>\n" + "\n".join(f"<li>{linkify(item)}</li>" for item in items) + "\n</ul>")
            items.clear()

    for line in lines:
        bare = line.strip()
        if link_text and _URL.fullmatch(bare):
            flush()
            parts.append(
                f'<p style="margin:24px 0"><a class="button" href="{escape(bare)}" style="{_BUTTON_STYLE}">'
                f"{escape(link_text)}</a></p>"
            )
        elif _LIST_ITEM.match(bare):
            if run:
                flush()
            items.append(_LIST_ITEM.sub("", bare))
        else:
            if items:
                flush()
            run.append(line)
    flush()
    return parts


def linkify(line: str) -> str:
    """One line of plain text as HTML: escaped, with every http(s) URL (and the link marker) a link."""
    out = []
    for index, piece in enumerate(_URL.split(line)):
        if index % 2 == 0:
            out.append(str(escape(piece)))
            continue
        url, tail = piece, ""
        while url and url[-1] in _TRAILING and url != LINK_MARKER:
            url, tail = url[:-1], url[-1] + tail
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>{escape(tail)}')
    return "".join(out)


def fill_link(text: str, html: str | None, link: str) -> tuple[str, str | None]:
    """Put the minted ``link`` where the marker is, in the text and the HTML part."""
    return text.replace(LINK_MARKER, link), html.replace(LINK_MARKER, str(escape(link))) if html else html
