"""The demo's learning loop: feedback, messages and follow-up notes, as the seeds tell it.

Written straight into the store with the times they would have had (the mail they would have
sent went out long ago, so none is queued). The story, on top of the deliveries of ``seeding``:

- the leader thanks every team after gathering 1, and writes to the teams still in the programme
  a week ago about gathering 4 — so every team's page has a message;
- Marker's Statusrapport before gathering 3 was "Rettet etter innspill fra prosjektleder": the
  leader asked for a new version of version 1, and version 2 met the request;
- Fredrikstad (the team whose link ``make run`` prints) has a comment from the leader on its
  Hovedplan, feedback from its reference group Hvaler (before Hvaler withdrew), and an open
  request for a new version of its late Fremdriftsplan after gathering 3;
- the pairs give each other feedback as reference groups (Eidsberg–Marker, Fredrikstad–Hvaler);
- the leader met every team after gathering 1, visited each once, and called the teams that were
  about to withdraw.

Each step is skipped where its document was not delivered (a demo moved in time may have less).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..cycle import team_is_active
from ..cycle.timerules import day_start, local_day
from ..programmes import Run
from ..store import Store
from ..store import feedback as feedback_repo
from ..store import followups as note_repo
from ..store import messages as message_repo


@dataclass(frozen=True)
class Feedback:
    """One feedback of the story: on ``version`` of the team's ``deliverable``/``occurrence``,
    ``hours`` after that version came in; ``by`` is ``leader`` or the id of a reference group."""

    team: str
    deliverable: str
    occurrence: int
    text: str
    by: str = "leader"
    version: int = 1
    hours: int = 20
    request: bool = False


FEEDBACK = (
    Feedback(
        "marker",
        "statusrapport",
        3,
        "Takk for statusrapporten! Under punkt 4 står det ikke hvem som har ansvar for de ulike tiltakene, "
        "og det er fint om dere skriver litt mer om hva dere har lært av hospiteringen.\n\n"
        "Kan dere rette dette og sende inn en ny versjon før samlingen?",
        hours=4,
        request=True,
    ),
    Feedback(
        "fredrikstad",
        "hovedplan",
        1,
        "En grundig hovedplan med tydelige mål. Tenk gjerne gjennom hvordan dere skal måle om flere "
        "nyutdannede blir værende det første året – da blir det lettere å skrive statusrapportene.",
    ),
    Feedback(
        "fredrikstad",
        "hovedplan",
        1,
        "Vi synes planen er konkret og realistisk. Traineeordningen kan vi lære mye av. Har dere tenkt på "
        "hvordan tillitsvalgte kan være med når dere lyser ut hele stillinger?",
        by="hvaler",
        hours=30,
    ),
    Feedback(
        "fredrikstad",
        "fremdriftsplan",
        3,
        "Tiltakene for perioden er gode, men det mangler ansvarlig og tidsestimat for de to siste radene "
        "i planen.\n\nSend gjerne inn en ny versjon når dette er på plass.",
        hours=26,
        request=True,
    ),
    Feedback(
        "hvaler",
        "hovedplan",
        1,
        "Godt beskrevet utfordringsbilde! Vi har gode erfaringer med faste mentorer for nyansatte – ta gjerne "
        "kontakt hvis dere vil høre mer.",
        by="fredrikstad",
        hours=48,
    ),
    Feedback(
        "marker",
        "statusrapport",
        3,
        "Fint å lese hvordan hospiteringen har gått. Vi lurer på om dere har fått tilbakemeldinger fra "
        "studentene selv – det ville vi gjerne høre om på samlingen.",
        by="eidsberg",
        version=2,
        hours=28,
    ),
    Feedback(
        "eidsberg",
        "fremdriftsplan",
        3,
        "Dere har et godt system for oppfølging av traineene. Kanskje dere kan si litt om hvordan dere "
        "fordeler veiledningen mellom sykepleierne?",
        by="marker",
        hours=52,
    ),
)

WELCOME = (
    "Takk for en fin oppstart på Litteraturhuset!",
    "Hei alle sammen!\n\nTakk for en inspirerende første samling. Husk at hovedplanen skal sendes inn "
    "innen fristen, og at den første fremdriftsplanen gjelder perioden fram til samling 2.\n\n"
    "Dere er referansegruppe for hverandre to og to – ta gjerne kontakt med teamet dere skal følge "
    "allerede nå.\n\nVennlig hilsen\nIngrid",
)
NEXT_GATHERING = (
    "Samling 4: program og statusrapport",
    "Hei!\n\nSamling 4 nærmer seg. Statusrapporten før samlingen er åpen nå – send den inn innen fristen, "
    "så rekker vi å lese alle før vi møtes.\n\nPå samlingen blir det gruppearbeid på tvers av kommunene, "
    "så ta med erfaringer dere vil dele.\n\nVennlig hilsen\nIngrid",
)


def seed_loop(store: Store, run: Run, admin_id: str, now: datetime) -> int:
    """Store the story's messages, feedback and follow-up notes of ``run`` up to ``now``; how many records."""
    return (
        _messages(store, run, admin_id, now) + _feedback(store, run, admin_id, now) + _notes(store, run, admin_id, now)
    )


def _messages(store: Store, run: Run, admin_id: str, now: datetime) -> int:
    tz, teams = run.workflow.tz, run.programme.teams
    first = day_start(run.programme.gathering(1).date + timedelta(days=1), tz) + timedelta(hours=9)
    recent = day_start(local_day(now, tz) - timedelta(days=7), tz) + timedelta(hours=9)
    stored = 0
    for moment, (subject, text) in ((first, WELCOME), (recent, NEXT_GATHERING)):
        active = [t.id for t in teams if team_is_active(t, moment, tz)]
        if moment <= now and active:
            message_repo.add_message(store, run.id, subject, text, active, admin_id, None, moment)
            stored += 1
    return stored


def _feedback(store: Store, run: Run, admin_id: str, now: datetime) -> int:
    written = []
    for item in FEEDBACK:
        assignment = run.find(item.team, item.deliverable, item.occurrence)
        version = _version(run, assignment.key, item.version) if assignment else None
        writer = run.programme.team(item.by) if item.by != "leader" else None
        if version is None or (item.by != "leader" and writer is None):
            continue
        moment = datetime.fromisoformat(version["submitted_at"]) + timedelta(hours=item.hours)
        author = writer.active_members[0].id if writer and writer.active_members else admin_id
        if moment > now or (writer and not team_is_active(writer, moment, run.workflow.tz)):
            continue
        fields = {
            "assignment": assignment.key,
            "delivery": version["id"],
            "version": version["version"],
            "by": "team" if writer else "leader",
            "author": author,
            "from_team": writer.id if writer else None,
            "text": item.text,
            "requests_version": item.request,
        }
        written.append((moment, fields))
    for moment, fields in sorted(written, key=lambda pair: pair[0]):  # stored in the order it was written
        feedback_repo.add_feedback(store, run.id, fields, None, moment)
    return len(written)


def _version(run: Run, key: str, number: int) -> dict[str, Any] | None:
    return next((v for v in run.versions(key) if v["version"] == number), None)


NOTES = (
    (1, 6, "meeting", "Oppstartsmøte med teamet etter første samling: gikk gjennom hovedplanen og fordelte ansvar."),
    (2, 20, "visit", "Besøk hos teamet. Møtte gruppeleder og tillitsvalgt, og så hvordan nyansatte tas imot."),
    (3, 10, "call", "Telefon med gruppeleder om fremdriften og statusrapporten før neste samling."),
)


def seed_followups(store: Store, run: Run, admin_id: str, now: datetime) -> int:
    """Only the story's follow-up notes (the finished example: its messages would be out of time)."""
    return _notes(store, run, admin_id, now)


def _notes(store: Store, run: Run, admin_id: str, now: datetime) -> int:
    """A meeting after gathering 1, a visit after gathering 2, a call after gathering 3 — for each team
    still in the programme then — and a call with each team the week before it withdrew."""
    tz, stored = run.workflow.tz, 0
    for index, team in enumerate(run.programme.teams):
        for gathering, days, kind, text in NOTES:
            day = run.programme.gathering(gathering).date + timedelta(days=days + index)
            moment = day_start(day, tz) + timedelta(hours=15)
            if moment <= now and team_is_active(team, moment, tz):
                note_repo.add_note(store, run.id, team.id, day, kind, text, admin_id, None, moment)
                stored += 1
        if team.withdrawn and local_day(now, tz) > team.withdrawn.date:
            day = team.withdrawn.date - timedelta(days=7)
            text = f"Telefon med gruppeleder om situasjonen i teamet. {team.withdrawn.reason}"
            note_repo.add_note(store, run.id, team.id, day, "call", text, admin_id, None, day_start(day, tz))
            stored += 1
    return stored
