"""The programme model: the stored document shape, default ids, teams and hosts."""

from __future__ import annotations

from datetime import date

from engine.cycle import Programme


def test_the_example_gets_slug_ids_for_teams_members_and_gatherings(ostfold):
    assert [t.id for t in ostfold.teams] == [
        "eidsberg",
        "marker",
        "fredrikstad",
        "hvaler",
        "moss",
        "valer",
        "halden",
        "sarpsborg",
    ]
    assert [g.id for g in ostfold.gatherings] == ["g1", "g2", "g3", "g4", "g5", "g6"]
    marker = ostfold.team("marker")
    assert [m.id for m in marker.members] == ["liv-strand", "per-dahl", "anne-saether"]
    assert [m.role for m in marker.members] == ["gruppeleder", "sykepleier", "helsefagarbeider"]


def test_the_document_has_exactly_the_stored_shape(ostfold):
    doc = ostfold.to_document()
    assert list(doc) == [
        "id",
        "workflow",
        "title",
        "recipient",
        "language",
        "leader",
        "gatherings",
        "teams",
        "extensions",
        "excusals",
        "revision",
        "created_at",
        "updated_at",
    ]
    assert doc["gatherings"][0] == {
        "id": "g1",
        "date": "2018-04-19",
        "start": "09:00",
        "end": "15:30",
        "place": "Litteraturhuset, Fredrikstad",
        "host": "Fredrikstad",
        "theme": "Oppstart med kick-off og gruppearbeid",
        "agenda": "Leder i KS og leder i USHT informerer om piloten Jobbvinner Østfold.\n"
        "Gruppearbeid i eget team: hovedplan og første fremdriftsplan.\n",
    }
    valer = doc["teams"][5]
    assert valer["withdrawn"] == {"date": "2018-11-30", "reason": "Langvarig sykefravær i teamet."}
    assert valer["members"][0] == {
        "id": "sigrid-aas",
        "name": "Sigrid Aas",
        "email": "sigrid.aas@example.org",
        "role": "gruppeleder",
        "active": True,
    }
    assert doc["extensions"][0] == {
        "team": "moss",
        "deliverable": "statusrapport",
        "occurrence": 4,
        "due": "2019-06-01",
    }
    assert doc["excusals"][0]["team"] == "moss"


def test_from_document_reads_back_what_to_document_wrote(ostfold):
    assert Programme.from_document(ostfold.to_document()) == ostfold


def test_store_fields_survive_the_round_trip(ostfold):
    doc = ostfold.to_document() | {
        "revision": 7,
        "created_at": "2026-01-05T10:00:00+01:00",
        "updated_at": "2026-01-06T10:00:00+01:00",
    }
    again = Programme.from_document(doc)
    assert (again.revision, again.created_at, again.updated_at) == (7, doc["created_at"], doc["updated_at"])


def test_ids_once_given_are_kept_when_names_change(ostfold):
    doc = ostfold.to_document()
    doc["teams"][5]["name"] = "Våler kommune"
    assert Programme.from_document(doc).teams[5].id == "valer"


def test_new_rows_from_the_admin_ui_get_fresh_unique_ids(ostfold):
    doc = ostfold.to_document()
    doc["teams"].append(
        {
            "name": "Moss",
            "members": [
                {"name": "Kari Holm", "email": "k@example.org"},
                {"name": "Kari Holm", "email": "k2@example.org"},
            ],
        }
    )
    doc["gatherings"].append({"date": "2020-06-01", "start": "09:00", "place": "X", "host": "Y", "theme": "Z"})
    programme = Programme.from_document(doc)
    assert programme.teams[-1].id == "moss-2"
    assert [m.id for m in programme.teams[-1].members] == ["kari-holm", "kari-holm-2"]
    assert programme.gatherings[-1].id == "g7" and programme.gatherings[-1].end is None


def test_a_host_is_free_text_that_may_name_a_team(ostfold):
    hosts = [ostfold.host_team(g) for g in ostfold.gatherings]
    assert [t.id if t else None for t in hosts] == ["fredrikstad", "hvaler", "marker", "fredrikstad", None, "eidsberg"]
    assert ostfold.gatherings[4].host == "USHT Østfold"


def test_team_references_accept_names_and_ids(ostfold):
    assert ostfold.team_ref("Våler") == "valer" and ostfold.team_ref("valer") == "valer"
    assert ostfold.team_ref("våler") == "valer" and ostfold.team_ref("Rygge") == "Rygge"


def test_the_teams_are_reference_groups_in_pairs_as_the_slides_say(ostfold):
    pairs = {team.id: team.reference_for for team in ostfold.teams}
    assert pairs == {
        "eidsberg": ("marker",),
        "marker": ("eidsberg",),
        "fredrikstad": ("hvaler",),
        "hvaler": ("fredrikstad",),
        "moss": ("valer",),
        "valer": ("moss",),
        "halden": ("sarpsborg",),
        "sarpsborg": ("halden",),
    }
    assert [t.id for t in ostfold.partners("moss")] == ["valer"]
    assert [t.id for t in ostfold.reference_groups("moss")] == ["valer"]


def test_reference_groups_are_stored_by_id_and_read_from_names(ostfold):
    doc = ostfold.to_document()
    assert doc["teams"][0]["reference_for"] == ["marker"]
    doc["teams"][0]["reference_for"] = ["Moss", "Sarpsborg"]  # a file names teams
    programme = Programme.from_document(doc)
    assert programme.team("eidsberg").reference_for == ("moss", "sarpsborg")
    assert [t.id for t in programme.reference_groups("moss")] == ["eidsberg", "valer"]
    assert programme.partners("nowhere") == ()


def test_lookups(ostfold):
    assert ostfold.gathering(6).date == date(2020, 2, 13)
    assert ostfold.extension("moss", "statusrapport", 4).due == date(2019, 6, 1)
    assert ostfold.extension("marker", "statusrapport", 4) is None
    assert ostfold.excusal("moss", "statusrapport", 6).reason.startswith("Kommunesammenslåing")
    assert ostfold.team("nowhere") is None
    assert [m.name for m in ostfold.team("moss").active_members][:1] == ["Maria Olsen"]
