"""The scheduler's mail pass: queue the mail that is due, then send the outbox — each message once.

:func:`queue_due_mail` asks the pure layer (``engine.cycle.due_mail``) what every programme has
due at ``now`` and queues what is not queued yet: composed (``compose``) and enqueued under the
intent's idempotency key, one outbox write per programme. Only new keys are composed, so a pass
in the middle of a reminder's window costs no rendering.

:func:`send_outbox` sends what waits: claimed with a lease (longer than a send can take), looked
at again (``relevance``: still due? to which address?), the member's link minted and filled in,
built (``message.build_message``), delivered (``transport.Postman``: one SMTP connection per
pass, with a timeout), and committed with ``record_sent`` — or marked failed with exponential
back-off (``MAIL_RETRY_BASE`` doubling up to ``MAIL_RETRY_MAX``). A failure of one message does
not stop the others; a failure of the *server* (refused, silent, gone) stops the pass's SMTP
sends and reschedules the rest for the failed message's next attempt, so a server in trouble
gets one attempt per back-off step, not one per message.

Mail the scheduler planned goes out in the workflow's sending hours only (``cycle.sending_moment``):
queued at night, it waits for the coming ``send_at``; a retry that falls at night is held until
then (``TickReport.held``), and goes then if it is still relevant. Receipts, links and the
reminders a leader asks for go at once.

Events: ``mail_sent`` for every message (``mail_failed``, ``mail_discarded`` likewise), plus
``invited`` for an invitation and ``reminded`` for a reminder or notice to a member.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from jinja2 import TemplateError

from ..access.links import mint_member_links
from ..access.redact import redact
from ..cycle import sending_moment
from ..logs import event
from ..programmes import Catalog, ProgrammeInvalid, ProgrammeNotFound, get_catalog
from ..store import InvalidId, Store, get_store
from ..store import outbox as outbox_repo
from ..store import programmes as programme_repo
from ..store.events import event_record
from .compose import LinkBase, compose_intent, fill_link
from .message import UndeliverableAddress, address, build_message
from .pass_report import TickReport
from .relevance import current_recipients, is_planned, why_not_send
from .survey import Survey, survey, survey_if_due
from .transport import DeliveryError, Postman

log = logging.getLogger(__name__)

MIN_LEASE = timedelta(minutes=10)
CLAIM_BATCH = 25  # messages claimed at a time: what a server failure leaves to reschedule


def link_base(app: Flask) -> LinkBase:
    """Absolute links for mail: ``BASE_URL``, the secret key, the programme page for the digest and
    the form of the leader's own deliverables."""
    base = str(app.config["BASE_URL"]).rstrip("/")
    endpoint = "admin.programme" if "admin.programme" in app.view_functions else "admin.programme_mail_page"
    adapter = app.url_map.bind("placeholder")
    path = adapter.build(endpoint, {"pid": "PID"}) if endpoint in app.view_functions else "/admin/"
    own = ""
    if "admin.own_form" in app.view_functions:
        values = {"pid": "PID", "deliverable": "DELIVERABLE", "occurrence": 999999}
        own = base + adapter.build("admin.own_form", values).replace("DELIVERABLE", "{deliverable}")
        own = own.replace("PID", "{pid}").replace("999999", "{occurrence}")
    return LinkBase(base, str(app.config["SECRET_KEY"]), base + path.replace("PID", "{pid}"), own)


def queue_due_mail(app: Flask, now: datetime, report: TickReport) -> dict[str, Survey]:
    """Queue every message due at ``now`` in every programme; returns what each programme looked like."""
    store, catalog, links = get_store(), get_catalog(), link_base(app)
    surveys: dict[str, Survey] = {}
    for entry in programme_repo.list_programmes(store):
        pid = entry["id"]
        if entry.get("closed_at"):
            continue  # a closed programme sends nothing
        surveyed = _survey_or_report(store, catalog, pid, now, report, if_due=True)
        if surveyed is None:
            continue  # nothing can be due (counted), or gone, or in report.errors
        surveys[pid] = surveyed
        if surveyed.due:
            try:
                report.queued += _queue(store, pid, surveyed, links, now, report)
            except Exception as exc:  # one programme's trouble must not stop everyone's mail
                log.exception("could not queue the mail of %s", pid)
                report.errors.append(f"{pid}: the mail could not be queued: {exc!r}")
    return surveys


def _survey_or_report(
    store: Store, catalog: Catalog, pid: str, now: datetime, report: TickReport, if_due: bool = False
) -> Survey | None:
    """The programme as the pass sees it, or None when it is gone or cannot be read (said in
    ``report.errors``). ``if_due``: the pass's own look, counted in ``report.programmes``; None
    also when no mail can be due at ``now``."""
    try:
        if not if_due:
            return survey(store, catalog, pid, now)
        surveyed = survey_if_due(store, catalog, pid, now)
        report.programmes += 1
        return surveyed
    except ProgrammeNotFound:
        return None  # deleted while the pass ran
    except (ProgrammeInvalid, InvalidId) as exc:
        report.errors.append(f"{pid}: the programme cannot be planned: {exc}")
        return None
    except Exception as exc:  # a damaged file, a bug: this programme waits, the others' mail goes out
        log.exception("could not look at programme %s", pid)
        report.errors.append(f"{pid}: the programme could not be read: {exc!r}")
        return None


def _queue(store: Store, pid: str, surveyed: Survey, links: LinkBase, now: datetime, report: TickReport) -> int:
    known = outbox_repo.outbox_keys(store, pid)
    run = surveyed.run
    release = sending_moment(run.workflow, now)  # at night: the coming send_at
    records = []
    for key, intent in surveyed.due.items():
        if key in known:
            continue
        try:
            records.append({**compose_intent(intent, run.programme, run.workflow, links), "next_attempt_at": release})
        except (KeyError, TemplateError) as exc:
            report.errors.append(f"{pid}: {key}: the workflow's mail text '{intent.template}' failed: {exc}")
    results = outbox_repo.enqueue_many(store, pid, records, now) if records else []
    return sum(1 for _, created in results if created)


def send_outbox(app: Flask, now: datetime, report: TickReport, surveys: Mapping[str, Survey] | None = None) -> None:
    """Send every message waiting in any programme's outbox that is due at ``now`` (see the module doc).

    ``surveys`` are the programmes as :func:`queue_due_mail` saw them in this pass (else looked up).
    """
    store, catalog = get_store(), get_catalog()
    with Postman(app) as postman:
        sending = _Sending(app, store, postman, now, report)
        for entry in programme_repo.list_programmes(store):
            pid = entry["id"]
            if entry.get("closed_at"):
                continue
            try:
                waiting = outbox_repo.due_messages(store, pid, now)
            except Exception as exc:
                log.exception("could not read the outbox of %s", pid)
                report.errors.append(f"{pid}: the outbox could not be read: {exc!r}")
                continue
            if not waiting:
                continue
            surveyed = (surveys or {}).get(pid) or _survey_or_report(store, catalog, pid, now, report)
            if surveyed is None:
                continue
            try:
                sending.programme(pid, surveyed, [message["id"] for message in waiting])
            except Exception as exc:  # as above: the next programme's mail still goes out
                log.exception("could not send the mail of %s", pid)
                report.errors.append(f"{pid}: sending stopped: {exc!r}")


def retry_delay(app: Flask, attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: the base, doubled each time, capped."""
    base, cap = float(app.config["MAIL_RETRY_BASE"]), float(app.config["MAIL_RETRY_MAX"])
    return timedelta(seconds=min(cap, base * 2 ** max(0, min(attempts - 1, 32))))


class _Sending:
    """One pass's sending: the postman, the lease, and whether the server has failed us already."""

    def __init__(self, app: Flask, store: Store, postman: Postman, now: datetime, report: TickReport):
        self.app, self.store, self.postman, self.now, self.report = app, store, postman, now, report
        self.base_url = str(app.config["BASE_URL"]).rstrip("/")
        self.sender = str(app.config["MAIL_DEFAULT_SENDER"])
        timeout = float(app.config["MAIL_TIMEOUT"])
        self.lease = max(MIN_LEASE, timedelta(seconds=20 * timeout))
        self.halted_until: datetime | None = None  # the server failed: nothing more over SMTP this pass
        self.events: list[dict[str, Any]] = []  # of the programme being sent, logged together at its end

    def programme(self, pid: str, surveyed: Survey, message_ids: list[str]) -> None:
        """Send the due messages ``message_ids`` of one programme, a batch of claims at a time."""
        try:
            for start in range(0, len(message_ids), CLAIM_BATCH):
                batch = message_ids[start : start + CLAIM_BATCH]
                if self.halted_until is not None:
                    self._defer(pid, batch)
                    continue
                claimed_at = time.monotonic()
                claimed = outbox_repo.claim(self.store, pid, batch, self.now, lease=self.lease)
                ready = [record for record in claimed if self._still_wanted(pid, surveyed, record)]
                links = self._links(pid, surveyed, ready)
                for index, record in enumerate(ready):
                    if time.monotonic() - claimed_at > self.lease.total_seconds() / 2:
                        self.halted_until = self.now  # the server is slow: leave the rest to the next pass
                    if self.halted_until is not None:
                        self._defer(pid, [m["id"] for m in ready[index:]])
                        break
                    self._one(pid, surveyed, record, links)
        finally:
            events, self.events = self.events, []
            outbox_repo.drop_sent(self.store, pid, events)

    def _defer(self, pid: str, message_ids: list[str]) -> None:
        assert self.halted_until is not None
        self.report.deferred += len(outbox_repo.reschedule_many(self.store, pid, message_ids, self.halted_until))

    def _still_wanted(self, pid: str, surveyed: Survey, record: Mapping[str, Any]) -> bool:
        reason = why_not_send(record, surveyed, self.now)
        if reason is not None:
            if outbox_repo.discard(self.store, pid, record, reason, self.now) is not None:
                event(log, "mail_discarded", programme=pid, message=record["id"], kind=record["kind"], reason=reason)
                self.report.discarded += 1
            return False
        release = sending_moment(surveyed.run.workflow, self.now)
        if is_planned(record) and release > self.now:  # a retry at night: the coming send_at, if still relevant
            outbox_repo.reschedule(self.store, pid, record["id"], release)
            self.report.held += 1
            return False
        return True

    def _links(self, pid: str, surveyed: Survey, records: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
        """A fresh personal link for every member these messages go to (minted together: one write), each
        remembering what it was sent with and until when that matters (the latest due instant)."""
        purposes: dict[tuple[str, str], dict[str, Any]] = {}
        for record in records:
            if not record.get("link_for"):
                continue
            purpose = purposes.setdefault(
                (record["link_for"]["team"], record["link_for"]["member"]), {"about_until": None, "sent_with": []}
            )
            purpose["sent_with"].append({"kind": record["kind"], "assignment": record.get("assignment")})
            assignment = surveyed.run.assignment(record["assignment"]) if record.get("assignment") else None
            if assignment is not None:
                due = assignment.effective_due_at
                purpose["about_until"] = max(due, purpose["about_until"]) if purpose["about_until"] else due
        if not purposes:
            return {}
        return mint_member_links(self.store, self.base_url, pid, list(purposes), self.now, purposes)

    def _one(self, pid: str, surveyed: Survey, record: dict[str, Any], links: Mapping[tuple[str, str], str]) -> None:
        record = {**record, "to": current_recipients(record, surveyed)}
        text, html = record["text"], record.get("html")
        link_for = record.get("link_for")
        if link_for:
            text, html = fill_link(text, html, links[(link_for["team"], link_for["member"])])
        try:
            message = build_message(record, self.sender, text, html)
            leader = surveyed.run.programme.leader
            if record.get("member"):  # team mail: a reply reaches the leader, not the robot
                message.reply_to = address({"name": leader.name, "email": leader.email})
            self.postman.deliver(message, self.now)
        except DeliveryError as exc:
            self._failed(pid, record, exc)
            return
        except UndeliverableAddress as exc:  # this recipient's address, not the message or the server
            self._failed(pid, record, DeliveryError(str(exc)))
            return
        except Exception as exc:  # a malformed record (or a bug) fails this message, not the pass
            log.exception("could not send message %s of %s", record.get("id"), pid)
            # the name and the start of the reason: an exception's text may quote the whole message
            reason = f"{type(exc).__name__}: {str(exc)[:200]}"
            self._failed(pid, record, DeliveryError(f"the message could not be built: {reason}"))
            return
        if outbox_repo.record_sent(self.store, pid, record, self.now) is not None:
            event(log, "mail_sent", programme=pid, message=record["id"], kind=record["kind"], rule=record.get("rule"))
            self.report.sent += 1
            self.events += [outbox_repo.sent_event(record, self.now), *_events(record, self.now)]

    def _failed(self, pid: str, record: Mapping[str, Any], exc: DeliveryError) -> None:
        attempts = int(record.get("attempts") or 0) + 1
        retry_at = self.now + retry_delay(self.app, attempts)
        reason = redact(str(exc))  # kept in the outbox, the event log and last-pass.json: never a link
        outbox_repo.mark_failed(self.store, pid, record["id"], reason, retry_at, self.now)
        event(
            log,
            "mail_failed",
            logging.WARNING,
            programme=pid,
            message=record["id"],
            kind=record["kind"],
            attempts=attempts,
            retry_at=retry_at.isoformat(),
            server=exc.connection,
            error=exc.anonymous,
        )
        self.report.failed += 1
        self.report.errors.append(f"{pid}: {record['key']}: {reason}")
        if exc.connection:
            self.halted_until = retry_at


def _events(record: Mapping[str, Any], now: datetime) -> list[dict[str, Any]]:
    """``invited`` / ``reminded`` for mail to a member about an assignment (leader copies log only mail_sent)."""
    if not record.get("member") or not record.get("assignment"):
        return []
    if record["kind"] == "invitation":
        kind = "invited"
    elif record["kind"] in ("reminder", "overdue"):
        kind = "reminded"
    else:
        return []
    return [
        event_record(
            kind,
            "scheduler",
            now,
            record.get("team"),
            record["assignment"],
            member=record["member"],
            kind=record["kind"],
            rule=record.get("rule"),
            key=record["key"],
        )
    ]
