"""The site under attack: a full instance, clients for each kind of visitor, and what its pages offer.

``Site`` holds an app on the Østfold example (with a delivery, sent mail and a mailbox), a
logged-in leader, an anonymous visitor, a member's link, and the real values of every URL
argument the url map has (``values``). :func:`discover_forms` reads every page a visitor can GET
and collects each ``<form method="post">`` with its inputs — so forms added to any page later
are attacked without an edit here. Every request goes through :func:`Site.send`, which counts
what came back (``TRAFFIC``) and turns an exception into the 500 a browser would see.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from engine.access.calendars import feed_secret, subscribe
from engine.access.links import evaluation_code, evaluation_path, mint_member_link
from engine.mail.scheduler import tick
from engine.programmes import get_catalog, import_programme_file, load_run
from engine.store import admins as admin_repo
from engine.store import deliveries, get_store
from engine.store import feedback as feedback_repo
from engine.store import followups as note_repo
from engine.store import outbox as outbox_repo
from engine.store import tokens as token_repo
from engine.store.files import keep_file
from engine.teamwork.feedback import give_leader_feedback
from engine.teamwork.followup import add_note
from tests.support.files import pdf_bytes
from tests.support.teamwork import EXAMPLE, FREMDRIFTSPLAN, MIDWAY, PID, TeamMember, admin_client, with_registration

TRAFFIC: Counter[str] = Counter()  # requests sent by the suite, by the class of their answer ("2xx" …)
FAILURES: list[str] = []  # "METHOD path -> status" of every answer that was a 5xx


@dataclass
class Form:
    """A ``<form method="post">`` as a page offers it."""

    page: str  # the page it is on
    action: str  # where it posts
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type (text, textarea, hidden …)
    values: dict[str, str] = field(default_factory=dict)  # the value each input holds on the page
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value) of submit buttons
    readonly: set[str] = field(default_factory=set)  # inputs a person cannot change


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.current, self.textarea, self.select = page, [], None, None, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.current = Form(self.page, html.unescape(a.get("action") or self.page))
            self.forms.append(self.current)
        if self.current is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "button" or (tag == "input" and a.get("type") == "submit"):
            self.current.buttons.append((name, a.get("value", "")))
        elif tag == "input":
            kind = a.get("type", "text")
            self.current.fields.setdefault(name, kind)
            if "readonly" in a:
                self.current.readonly.add(name)
            if kind not in ("checkbox", "radio") or "checked" in a:
                self.current.values.setdefault(name, a.get("value", ""))
        elif tag == "textarea":
            self.current.fields[name], self.textarea = "textarea", name
            self.current.values[name] = ""
        elif tag == "select":
            self.current.fields[name], self.select = "select", name

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea:
            self.current.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def forms_on(page: str, body: str) -> list[Form]:
    """Every post form of the HTML ``body`` of ``page``."""
    parser = _FormParser(page)
    parser.feed(body)
    return parser.forms


class Site:
    """See the module docstring."""

    def __init__(self, app: Any):
        self.app = app
        with app.app_context():
            store = get_store()
            import_programme_file(store, get_catalog(), EXAMPLE, "test", MIDWAY)
            with_registration(app, load_run(store, get_catalog(), PID), MIDWAY)  # before any link is minted
            self.leader = admin_client(app, store, lambda: MIDWAY)
            link = mint_member_link(store, "http://verksted.test", PID, "moss", "maria-olsen", MIDWAY)
            run = load_run(store, get_catalog(), PID)
            plan = run.find("moss", "fremdriftsplan", 1)
            meta = {"form": plan.form, "form_version": 1, "opens_at": plan.opens_at}
            deliveries.submit(
                store, PID, "moss", plan.key, FREMDRIFTSPLAN, meta, "maria-olsen", "Maria Olsen", None,
                plan.effective_due_at, MIDWAY,
            )  # fmt: skip
            partner = run.find("valer", "fremdriftsplan", 1)  # Moss is Våler's reference group
            deliveries.submit(
                store, PID, "valer", partner.key, FREMDRIFTSPLAN, meta, "sigrid-aas", "Sigrid Aas", None,
                partner.effective_due_at, partner.effective_due_at,
            )  # fmt: skip
            # attachments: Moss's and Våler's Hovedplan with a competence plan attached (the
            # member's own file, a partner's, the leader's)
            data = pdf_bytes()
            ref = {"sha256": hashlib.sha256(data).hexdigest(), "type": "pdf", "name": "plan.pdf", "size": len(data)}
            authors = (("moss", "maria-olsen", "Maria Olsen"), ("valer", "sigrid-aas", "Sigrid Aas"))
            for team, member_id, name in authors:
                keep_file(store, PID, team, ref, data)
                main_plan = run.find(team, "hovedplan", 1)
                plan_meta = {"form": main_plan.form, "form_version": 2, "opens_at": main_plan.opens_at}
                deliveries.submit(
                    store, PID, team, main_plan.key, {"effektmal": "Flere søkere", "kompetanseplan_vedlegg": ref},
                    plan_meta, member_id, name, None, main_plan.effective_due_at, MIDWAY,
                )  # fmt: skip
            self.attachment = ref
            run = load_run(store, get_catalog(), PID)
            # what main's learning loop and report keep: a feedback, a follow-up note, calendar feeds
            admin = admin_repo.find_admin_by_email(store, "leader@example.org")
            give_leader_feedback(store, run, plan, 1, "Godt arbeid.", True, admin, None, MIDWAY)
            add_note(store, run, "moss", MIDWAY.date(), "call", "Ringte Maria.", admin["id"], None, MIDWAY)
            secret_key = app.config["SECRET_KEY"]
            self.feeds = [
                subscribe(store, secret_key, PID, "team", "moss", "test", MIDWAY),
                subscribe(store, secret_key, PID, "programme", None, "test", MIDWAY),
            ]
        self.member = TeamMember(app.test_client(), link.removeprefix("http://verksted.test"))
        self.member.client.get("/?lang=en")
        self.visitor = app.test_client()
        tick(app, MIDWAY)
        self.values = self._argument_values()

    def _argument_values(self) -> dict[str, list[Any]]:
        app = self.app
        with app.app_context():
            store = get_store()
            run = load_run(store, get_catalog(), PID)
            messages = outbox_repo.list_messages(store, PID)
            tokens = token_repo.list_tokens(store, PID)
            from engine.mail import mailbox

            entries = [e.id for e in mailbox.list_entries(app)[0][:3]]
            delivery_ids = [r["id"] for r in run.deliveries if r["team"] == "moss"][:2]
            form_ids = sorted(get_catalog().forms)
            feedback_ids = [f["id"] for f in feedback_repo.list_feedback(store, PID)][:2]
            note_ids = [n["id"] for n in note_repo.list_notes(store, PID, "moss")][:2]
        team = run.programme.team("moss")
        secret = app.config["SECRET_KEY"]
        return {
            "code": [evaluation_code(secret, PID, n) for n in (1, 4)],
            "feedback_id": feedback_ids or ["x"],
            "note_id": note_ids or ["x"],
            "kind": ["invitation", "reminder", "feedback", "message"],
            "partner": ["valer", "moss"],
            "secret": [feed_secret(secret, PID, feed["id"]) for feed in self.feeds],
            "pid": [PID],
            "team": ["moss", "eidsberg"],
            "member": [m.id for m in team.members][:2],
            "gid": [g.id for g in run.programme.gatherings][:2],
            "deliverable": ["hovedplan", "fremdriftsplan", "statusrapport", "styringsgrupperapport", "pamelding"],
            "occurrence": [1, 4, 2],
            "number": [1, 4],
            "sig": [evaluation_path(secret, PID, n).rsplit("/", 1)[1] for n in (1, 4)],
            "token": [self.member.base.split("/t/")[1].strip("/")],
            "delivery_id": delivery_ids or ["x"],
            "message_id": [m["id"] for m in messages][:2] or ["x"],
            "entry_id": entries or ["x"],
            "token_id": [t["id"] for t in tokens][:2],
            "fmt": ["csv", "xlsx", "json"],
            "form_id": form_ids,
            "filename": ["verksted.css"],
            "file": [f"{self.attachment['sha256']}.pdf", f"{'0' * 64}.pdf"],
            "name": [self.attachment["name"]],
        }

    def client_for(self, path: str) -> Any:
        """The leader for admin pages, the member for team pages, a visitor for the rest."""
        if path.startswith("/admin/") and not path.startswith(("/admin/login", "/admin/logout")):
            return self.leader
        return self.member.client if "/t/" in path else self.visitor

    def record(self, status: int, what: str = "a page a test helper fetched") -> None:
        """Count a request made through a helper (``TeamMember.post`` …) as :meth:`send` counts its own."""
        TRAFFIC[f"{status // 100}xx"] += 1
        if status >= 500:
            FAILURES.append(f"{what} -> {status}")

    def send(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request, counted; an exception in the app is the 500 a browser would get."""
        client = kwargs.pop("client", None) or self.client_for(path)
        try:
            response = client.open(path, method=method, **kwargs)
            status = response.status_code
        except Exception as exc:  # the app raised: with PROPAGATE_EXCEPTIONS off this is a 500
            FAILURES.append(f"{method} {path} -> exception {exc!r}"[:500])
            TRAFFIC["5xx"] += 1
            raise
        TRAFFIC[f"{status // 100}xx"] += 1
        if status >= 500:
            FAILURES.append(f"{method} {path} -> {status}")
        return response


def discover_forms(site: Site, pages: list[str]) -> list[Form]:
    """The post forms of ``pages`` (GET as the visitor each page is for), one of each action."""
    found: dict[str, Form] = {}
    for page in pages:
        response = site.send("GET", page)
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        for form in forms_on(page, response.get_data(as_text=True)):
            if form.action.endswith("/logout"):
                continue  # logging the leader out would end the attack on the admin pages
            found.setdefault(re.sub(r"[?#].*", "", form.action), form)
    return list(found.values())
