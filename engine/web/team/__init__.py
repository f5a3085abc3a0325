"""A team member's pages, reached by a personal link: ``/p/<programme>/t/<token>/…``.

- ``link``: the blueprint and what every request does first — resolve the token in the URL (the
  only credential), refuse an unknown, revoked or expired link with a page that says how to get
  a new one, throttle an address that keeps guessing;
- ``pages``: the team's page, the receipt of each submitted version, the calendar;
- ``form``: filling in a form together — saving, autosaving, submitting, never losing text;
- ``partner``: the reference group's page — a partner team's submitted document and feedback on it;
- ``attachments``: the files attached to the team's documents, for the team and its reference groups;
- ``kit``: words and helpers the team, evaluation and submission pages share.
"""

from __future__ import annotations

from . import attachments, form, pages, partner  # the views register themselves on the blueprint
from .link import bp

__all__ = ["attachments", "bp", "form", "pages", "partner"]
