"""One programme as a scheduler pass sees it: its run, its mail state, every message due at ``now``.

A pass surveys every programme every minute, and most minutes nothing has changed since the last
one, so the programme's assembly is the one ``engine.programmes.cached_run`` keeps while its files
are unchanged; ``due_mail`` itself is asked afresh every time (it depends on ``now``). A fresh
process (``flask tick`` from cron) starts empty and assembles everything once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..cycle import MailIntent, MailState, due_mail
from ..cycle.deliveries import as_deliveries
from ..programmes import Catalog, Run, cached_run, run_if_mail_may_be_due
from ..store import Store


@dataclass(frozen=True)
class Survey:
    """One programme as a pass sees it: its run, its mail state and every message due at ``now``."""

    run: Run
    state: MailState
    due: Mapping[str, MailIntent]


def survey(store: Store, catalog: Catalog, pid: str, now: datetime) -> Survey:
    """Programme ``pid`` at ``now``; raises ``ProgrammeNotFound``/``ProgrammeInvalid`` like ``load_run``."""
    return _survey(cached_run(store, catalog, pid, keep_on_disk=True), now)  # the next `flask tick` starts from it


def survey_if_due(store: Store, catalog: Catalog, pid: str, now: datetime) -> Survey | None:
    """:func:`survey`, or None when no mail can be due at ``now`` (an ended or not yet begun
    programme, told without assembling it: ``engine.programmes.run_if_mail_may_be_due``)."""
    run = run_if_mail_may_be_due(store, catalog, pid, now)
    return None if run is None else _survey(run, now)


def _survey(run: Run, now: datetime) -> Survey:
    delivered = run.delivered or tuple(as_deliveries(run.deliveries))  # a Run made by hand may not carry them
    state = MailState(run.programme, run.workflow, run.assignments, delivered)
    return Survey(run, state, {intent.key: intent for intent in due_mail(state, now)})
