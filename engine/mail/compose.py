"""Composing mail: from a planned message (``MailIntent``) to an outbox record, text and HTML.

Pure apart from its arguments: the workflow's Jinja texts are rendered with
``engine.cycle.intent_context`` + ``render_mail``; the HTML part is built here from the text
(every character escaped, blank lines make paragraphs, line breaks kept, links clickable), so a
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
    subject, text = render_mail(workflow, intent.template, context)
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
        "html": text_to_html(text, subject, programme.language or "nb"),
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


def text_to_html(text: str, title: str = "", lang: str = "nb") -> str:
    """A complete HTML document saying what ``text`` says: escaped, in paragraphs, links clickable."""
    paragraphs = [p for p in _PARAGRAPH.split(text.strip()) if p.strip()]
    body = "\n".join("<p>" + "<br>\n".join(linkify(line) for line in p.split("\n")) + "</p>" for p in paragraphs)
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


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
