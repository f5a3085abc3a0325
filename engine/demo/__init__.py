"""``flask demo setup``: a fresh instance with the Østfold example alive, a leader's log-in and a team link.

``make run`` calls it before ``serve``, so a newcomer sees a real programme at once. On a fresh
instance (no programmes) it:

1. loads ``examples/jobbvinner-ostfold.yaml`` moved in time with ``engine.cycle.shift_programme_before``
   (whole weeks, so the Thursday gatherings stay Thursdays) so that today falls between gathering
   3 and gathering 4 — two to three weeks before gathering 4, when the Statusrapport before it is
   open and due within the week (a week or two either way where that would put a gathering on a
   holiday) — with the years in its id and title moved along;
2. seeds deliveries through the store's real ``submit`` (``seeding``): on time, late, missing,
   early, a corrected version, and the three withdrawals of the file; a draft begun; anonymous
   evaluations of the gatherings already held (``evaluations``), the presenters the leader chose
   and a candidate for gathering 4 (``presenting``);
3. loads the same example a second time *finished*, at its real dates 2018–2020, as
   ``jobbvinner-ostfold-2018-2020``: every delivery, the evaluations of all six gatherings, and
   the final reports of the five teams that finished with what the seed report's Tabell 1 and 2
   say (``final_reports``), and the leader's follow-up notes — so the programme report shows what
   a finished programme gives;
4. creates the leader's account ``leder@example.org`` (named as the example's leader) with a
   random password, kept in ``<instance>/demo-credentials.txt`` (mode 0600); records what the
   leader has read (all that came before the Statusrapport opened), and seeds the learning loop
   of the live example (``loop``): messages to the teams, feedback from the leader and from
   reference groups (one request for a new version met, one open), follow-up notes;
5. prints the log-in (address, e-mail, password) and the personal link of a member of a team that
   has a document open to fill in.

On an instance that has programmes it changes nothing but the new link's token: it prints the
log-in from the credentials file (if there is one) and a fresh team link.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..access.accounts import create_account
from ..access.links import mint_member_link
from ..cycle import Programme, Status, load_programme_file, shift_programme_before, team_is_active
from ..programmes import Catalog, Run, load_run, save_programme_document
from ..store import Store
from ..store import admins as admin_repo
from ..store import programmes as programme_repo
from .evaluations import seed_evaluations
from .leader_reports import seed_leader_reports
from .loop import seed_followups, seed_loop
from .presenting import seed_presenters
from .seeding import seed_deliveries, seed_draft, seed_readings

DEMO_EMAIL = "leder@example.org"
DEMO_NAME = "Prosjektleder (demo)"
CREDENTIALS_FILE = "demo-credentials.txt"
WEEKS_BEFORE_GATHERING_4 = 3  # gathering 4 falls in the third week after today (see the docstring)
LINK_TEAM = "fredrikstad"  # the team whose link is printed, if it is active and has a document open
FINISHED_ID = "jobbvinner-ostfold-2018-2020"  # the example again, at its real dates and finished


@dataclass(frozen=True)
class DemoLogin:
    """What a newcomer needs to log in and to open a team's page."""

    created: bool
    login_url: str
    email: str | None
    password: str | None
    programme: str | None = None
    title: str | None = None
    deliveries: int = 0
    shifted_days: int = 0
    team_link: str | None = None
    team_name: str | None = None
    member_name: str | None = None
    finished_programme: str | None = None
    finished_title: str | None = None


def setup_demo(
    store: Store, catalog: Catalog, instance: Path, base_url: str, example: Path, now: datetime
) -> DemoLogin:
    """Set up the demo on a fresh instance, or report the existing one's log-in (see the module docstring)."""
    login_url = f"{base_url.rstrip('/')}/admin/login"
    if programme_repo.list_programmes(store):
        email, password = read_credentials(instance)
        run = _link_run(store, catalog)
        return _with_link(DemoLogin(False, login_url, email, password), store, run, base_url, now)
    original = load_programme_file(example, catalog.workflows, catalog.forms)
    shifted = shift_programme_before(original, now.date(), gathering=4, weeks=WEEKS_BEFORE_GATHERING_4)
    years = shifted.gatherings[0].date.year - original.gatherings[0].date.year
    shifted = replace(shifted, id=moved_years(original.id, years), title=moved_years(original.title, years))
    finished = _finished(store, catalog, replace(original, id=FINISHED_ID), now)
    run = save_programme_document(store, catalog, shifted.to_document(), "system", now, expected_revision=0)
    stored = _alive(store, catalog, run, now)
    run = load_run(store, catalog, run.id)
    seed_draft(store, catalog, run, now)
    email, password = _account(store, instance, login_url, now, run.programme.leader.name)
    admin = admin_repo.find_admin_by_email(store, DEMO_EMAIL)
    actor = admin["id"] if admin else "system"
    seed_readings(store, run, actor, now)
    seed_loop(store, run, actor, now)
    seed_followups(store, finished, actor, now)  # the report counts them
    result = DemoLogin(
        True,
        login_url,
        email,
        password,
        run.id,
        run.programme.title,
        stored,
        (shifted.gatherings[0].date - original.gatherings[0].date).days,
        finished_programme=finished.id,
        finished_title=finished.programme.title,
    )
    return _with_link(result, store, run, base_url, now)


def _alive(store: Store, catalog: Catalog, run: Run, now: datetime) -> int:
    """The example mid-cycle: its deliveries, evaluations and presenters up to ``now``."""
    stored = seed_deliveries(store, catalog, run, now)
    run = load_run(store, catalog, run.id)
    seed_evaluations(store, catalog, run, now)
    seed_presenters(store, run, "system", now)
    seed_leader_reports(store, catalog, load_run(store, catalog, run.id), now)
    return stored


def _finished(store: Store, catalog: Catalog, programme: Programme, now: datetime) -> Run:
    """The example at its real dates, finished: everything delivered as the story says."""
    run = save_programme_document(store, catalog, programme.to_document(), "system", now, expected_revision=0)
    seed_deliveries(store, catalog, run, now)
    run = load_run(store, catalog, run.id)
    seed_evaluations(store, catalog, run, now)
    seed_presenters(store, run, "system", now)
    seed_leader_reports(store, catalog, load_run(store, catalog, run.id), now)
    return load_run(store, catalog, run.id)


def moved_years(text: str, years: int) -> str:
    """``text`` (a title, an id) with its years moved too ("… 2018–2020" → "… 2025–2027"), so the demo
    does not say 2018 over deadlines in 2026."""
    return re.sub(r"(?<![0-9])(19|20)\d\d(?![0-9])", lambda m: str(int(m.group()) + years), text)


def _account(store: Store, instance: Path, login_url: str, now: datetime, name: str) -> tuple[str, str | None]:
    if admin_repo.find_admin_by_email(store, DEMO_EMAIL) is not None:  # kept from an earlier demo
        email, password = read_credentials(instance)
        return email or DEMO_EMAIL, password
    password = secrets.token_urlsafe(12)
    create_account(store, DEMO_EMAIL, password, "leader", now, name=name or DEMO_NAME)
    write_credentials(instance, login_url, DEMO_EMAIL, password)
    return DEMO_EMAIL, password


def write_credentials(instance: Path, login_url: str, email: str, password: str) -> Path:
    """Keep the demo log-in in ``<instance>/demo-credentials.txt``, readable by its owner only."""
    path = Path(instance) / CREDENTIALS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("# The demo's project leader (made by `flask --app engine demo setup`)\n")
        fh.write(f"url: {login_url}\nemail: {email}\npassword: {password}\n")
    os.chmod(path, 0o600)  # also when the file existed with wider permissions
    return path


def read_credentials(instance: Path) -> tuple[str | None, str | None]:
    """The e-mail and password in the credentials file, or (None, None) without one."""
    path = Path(instance) / CREDENTIALS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None, None
    values = dict(line.split(": ", 1) for line in lines if ": " in line and not line.startswith("#"))
    return values.get("email"), values.get("password")


def _link_run(store: Store, catalog: Catalog) -> Run | None:
    """The programme to show a team link of: the example if it is there, else the first that loads."""
    listed = [p["id"] for p in programme_repo.list_programmes(store)]
    for pid in sorted(listed, key=lambda p: (p == FINISHED_ID, not p.startswith("jobbvinner"))):
        try:
            return load_run(store, catalog, pid)
        except (LookupError, ValueError):
            continue
    return None


def _with_link(result: DemoLogin, store: Store, run: Run | None, base_url: str, now: datetime) -> DemoLogin:
    """``result`` with a freshly minted link of one active member of an active team."""
    if run is None:
        return result
    teams = [t for t in run.programme.teams if team_is_active(t, now, run.workflow.tz) and t.active_members]
    states = run.statuses(now)
    # A newcomer who follows the link should find something to fill in, not "nothing to do now".
    with_open = [t for t in teams if any(states[a.key] == Status.OPEN for a in run.team_assignments(t.id))]
    teams = with_open or teams
    team = next((t for t in teams if t.id == LINK_TEAM), teams[0] if teams else None)
    if team is None:
        return result
    member = team.active_members[0]
    link = mint_member_link(store, base_url, run.id, team.id, member.id, now)
    return replace(
        result,
        programme=result.programme or run.id,
        title=result.title or run.programme.title,
        team_link=link,
        team_name=team.name,
        member_name=member.name,
    )
