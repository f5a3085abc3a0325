"""Fixtures for the programme report, bundles, answers and presenters: the example on a test clock,
the team pages' members and the leader (from ``tests/team``), and final reports submitted through
the team's form as a team would."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.support.teamwork import OSLO
from tests.team.conftest import app_config, clock, leader, links, member, reload, run, store  # noqa: F401 - fixtures

# After gathering 6 (13.02.2020): the Sluttrapport is open (due 14.03.2020).
AFTER_LAST = datetime(2020, 2, 20, 10, 0, tzinfo=OSLO)

FINAL = {
    "eidsberg": {
        "resultattabell-0-hovedmal": "• Trainee\n• Fadderprogram",
        "resultattabell-0-tiltak": "• Studenter, 4 praksisplasser per kull",
        "resultattabell-0-resultater": "• Flere nyutdannede ansatt\n• Gode tilbakemeldinger fra studenter i praksis",
        "videre_oppgaver-0-oppgave": "Forankring i Indre Østfold kommune",
        "videre_oppgaver-1-oppgave": "Fadderprogrammet ferdigstilles",
        "utsagn": "Å delta har løftet arbeidet vårt.",
    },
    "marker": {
        "resultattabell-0-hovedmal": "• Planlegger mentorordning\n• Oppdatering av kompetanseplan",
        "resultattabell-0-tiltak": "• Samarbeide med høgskolen.",
        "resultattabell-0-resultater": "• 2 sykepleiere fast ansatt i fulle stillinger etter praksisperiode.",
        "resultattabell-1-hovedmal": "• Godkjenning av spesialsykepleiere",
        "resultattabell-1-tiltak": "• Utvikling av student-situasjonen.",
        "videre_oppgaver-0-oppgave": (
            "Kartlegging:\n- Hvordan opplever veilederne studentpakken?\n- Påvirker den praksisperioden?"
        ),
        "videre_oppgaver-0-ansvarlig": "Liv Strand",
        "utsagn": "Vi jobber på en helt annen måte nå.",
    },
    "fredrikstad": {
        "resultattabell-0-hovedmal": "• Bemanning og kompetanse, heltidskultur!",
        "resultattabell-0-tiltak": "• Etablere og implementere arbeidstidsordninger",
        "resultattabell-0-resultater": "• Heltid",
        "videre_oppgaver-0-oppgave": "Annonsering – rekruttering",
    },
}
COMMON = {
    "effektmal": "Flere sykepleiere i hele stillinger.",
    "implementering": "Tiltakene er i drift.",
    "forankring": "Forankret i kompetanseplanen.",
    "utbytte": "4",
    "fortsette": "yes",
}
MEMBERS = {"eidsberg": "kari-holm", "marker": "liv-strand", "fredrikstad": "hanne-berg"}


@pytest.fixture
def finals(member, clock):  # noqa: F811 - the imported fixtures
    """Eidsberg, Marker and Fredrikstad submit their Sluttrapport through the team form; Moss and
    Sarpsborg have not yet (the three others withdrew long before)."""
    clock.set(AFTER_LAST)
    for team, fields in FINAL.items():
        response = member(team, MEMBERS[team]).submit({**COMMON, **fields}, "sluttrapport", 1)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return list(FINAL)
