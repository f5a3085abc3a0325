"""The leader's choice of who presents at a gathering, and the mail that tells the team.

:func:`choose_presenter` confirms a candidate (``engine.programmes.presenting``) and queues the
workflow's ``presenter`` text to every active member of the team, with their personal link to
the team page (minted when the message is sent, like every link). Key
``presenter:<gathering id>:<team>:<member>``: one message per member, however often the choice is
undone and made again. A workflow without a ``presenter`` text tells the team on its page only.
"""

from __future__ import annotations

from datetime import datetime

from ..access.links import LINK_MARKER
from ..cycle import presenter_context, render_mail
from ..programmes import Run
from ..store import Store
from ..store import presenters as presenter_repo
from ..store.outbox import enqueue_many
from .receipts import member_message


def choose_presenter(
    store: Store, run: Run, number: int, team_id: str, confirmed: bool, actor: str, now: datetime
) -> int:
    """Confirm (or undo) ``team_id`` as a presenter at gathering ``number``; the messages queued.

    Raises ``LookupError`` if the team is not a candidate of that gathering.
    """
    gathering = run.programme.gathering(number)
    record, changed = presenter_repo.set_confirmed(store, run.id, gathering.id, team_id, confirmed, actor, now)
    if record is None:
        raise LookupError(f"{team_id} is not a candidate of gathering {number}")
    team = run.programme.team(team_id)
    if not (confirmed and changed) or team is None or "presenter" not in run.workflow.mail:
        return 0
    messages = []
    for member in team.active_members:
        context = presenter_context(
            run.programme, run.workflow, team.id, member.id, number, record.get("reason") or "", LINK_MARKER
        )
        subject, text = render_mail(run.workflow, "presenter", context, run.programme.language)
        key = f"presenter:{gathering.id}:{team.id}:{member.id}"
        messages.append(member_message(run, key, "presenter", team.id, member, subject, text))
    return sum(1 for _, created in enqueue_many(store, run.id, messages, now) if created)
