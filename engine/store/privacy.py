"""Personal data in the store: who is in it, and each repository module's answer for what it holds.

GDPR asks three things of the store, and every repository module that keeps records about people
answers them for its own records with two functions (the *holder* contract):

- ``personal_data(store, pid, person) -> dict``: everything the module keeps about ``person`` in
  programme ``pid`` (article 15, the export), as plain JSON;
- ``erase_personal_data(store, pid, erasure) -> int``: replace the people of ``erasure`` in its
  records — names and addresses by their team's name, member ids by pseudonyms, links ended —
  and return how many records changed (article 17: forgetting one person, or purging a closed
  programme, where ``erasure.purge`` also drops every mail body and address).

:data:`HOLDERS` names those modules — the name is the key of their part of an export — in the
order an erasure runs through them: each changes its
own files, and the programme document — which says who the people are — comes last, so an
erasure cut short by a crash finds the same people when it runs again. A module added later that
keeps people's data adds itself here; ``tests/privacy`` scans every file of the instance folder
after a purge, so a holder that is missing is found.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import (
    calendars,
    deliveries,
    drafts,
    evaluations,
    events,
    feedback,
    files,
    followups,
    messages,
    outbox_people,
    presenters,
    programmes,
    readings,
    runcache,
    tokens,
)
from .base import Store
from .erasure import Erasure, Person, people
from .records import thaw

__all__ = ["HOLDERS", "Erasure", "Person", "erase", "export_person", "people"]

# The order an erasure runs in: deliveries before events (events quote the answers' content hashes,
# which change when names are taken out of the answers), the programme document last.
HOLDERS: dict[str, ModuleType] = {
    "drafts": drafts,
    "deliveries": deliveries,
    "evaluations": evaluations,
    "feedback": feedback,
    "files": files,
    "messages": messages,
    "followups": followups,
    "presenters": presenters,
    "calendars": calendars,
    "readings": readings,
    "links": tokens,
    "mail": outbox_people,
    "events": events,
    "programmes": programmes,
    "run_cache": runcache,  # after the programme document: a reader in between caches the old run
}


def export_person(store: Store, pid: str, person: Person) -> dict[str, Any]:
    """Everything programme ``pid`` holds about ``person``, by holder module."""
    found = {name: holder.personal_data(store, pid, person) for name, holder in HOLDERS.items()}
    return {name: thaw(data) for name, data in found.items() if data}


def erase(store: Store, pid: str, erasure: Erasure) -> dict[str, int]:
    """Run ``erasure`` through every holder in order; returns how many records each changed."""
    return {name: holder.erase_personal_data(store, pid, erasure) for name, holder in HOLDERS.items()}
