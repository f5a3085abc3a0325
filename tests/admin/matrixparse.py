"""Reading the delivery matrix back out of the overview page, as a person scanning it would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ParsedCell:
    status: str | None = None
    text: str = ""
    links: list[str] = field(default_factory=list)


@dataclass
class ParsedRow:
    team: str = ""
    cells: list[ParsedCell] = field(default_factory=list)


class MatrixParser(HTMLParser):
    """Rows of ``table.matrix``'s body: the team's name and, per cell, its status class and text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ParsedRow] = []
        self.in_matrix = self.in_body = False
        self.where: str | None = None  # "th" or "td"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "matrix" in (attrs.get("class") or "").split():
            self.in_matrix = True
        elif self.in_matrix and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append(ParsedRow())
        elif self.in_body and tag in ("th", "td"):
            self.where = tag
            if tag == "td":
                self.rows[-1].cells.append(ParsedCell())
        elif self.where == "td" and tag == "span":
            match = re.search(r"\bstatus--(\w+)", attrs.get("class") or "")
            if match:
                self.rows[-1].cells[-1].status = match.group(1)
        elif self.where == "td" and tag == "a":
            self.rows[-1].cells[-1].links.append(attrs.get("href") or "")

    def handle_endtag(self, tag):
        if tag == "tbody" and self.in_body:
            self.in_body = self.in_matrix = False
        elif tag in ("th", "td"):
            self.where = None

    def handle_data(self, data):
        if self.where == "th" and not self.rows[-1].team:
            self.rows[-1].team = data.strip()
        elif self.where == "td":
            cell = self.rows[-1].cells[-1]
            cell.text = " ".join(f"{cell.text} {data}".split())


def parse_matrix(html: str) -> list[ParsedRow]:
    """The matrix's rows, top to bottom."""
    parser = MatrixParser()
    parser.feed(html)
    return parser.rows
