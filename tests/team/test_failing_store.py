"""When the data folder cannot be written (issue #12, item 4): a wrong owner, a read-only mount, a
full disk. Saving, autosaving and submitting used to answer 500 while the error page claimed that
nothing typed was lost — and gave nothing back. Now the form comes back with every character typed
and says plainly that nothing was saved; autosave answers JSON the script understands."""

from __future__ import annotations

import json

from engine.store import deliveries as delivery_repo
from tests.support.failing_store import private_instance_fixture, unwritable

__all__ = ["private_instance_fixture"]  # the ``instance`` fixture: a folder of its own (see failing_store)
from tests.support.teamwork import FREMDRIFTSPLAN, field_value, notices
from tests.team.test_web_team_forms import draft_of

TYPED = {**FREMDRIFTSPLAN, "resultatmal": "Tre nye traineeplasser – «før sommeren» & <b>ikke</b> senere\nLinje to"}
NOT_SAVED = "Nothing was saved: Verksted cannot write its data right now."


def test_saving_gives_back_every_character_and_says_nothing_was_saved(member, store, instance):
    maria = member()
    page = maria.open()
    with unwritable(instance):
        response = maria.post(page, TYPED)
    assert response.status == 503
    [notice] = notices(response.page)
    assert notice.startswith(NOT_SAVED)
    for name, value in TYPED.items():
        if isinstance(value, str):
            assert field_value(response.page, name) == value, name
    assert draft_of(store) is None
    again = maria.post(response, TYPED)  # once the folder is writable again, the same page saves
    assert again.status == 200 and draft_of(store)["values"]["resultatmal"] == TYPED["resultatmal"]


def test_autosave_answers_json_the_script_understands(member, store, instance):
    maria = member()
    page = maria.open()
    data = {"csrf_token": page.csrf, "nonce": page.nonce, "revision": page.revision, "action": "autosave", **TYPED}
    with unwritable(instance):
        response = maria.client.post(page.url, data=data, headers={"Accept": "application/json"})
    assert response.status_code == 503
    body = json.loads(response.get_data(as_text=True))
    assert body["status"] == "unavailable"
    assert body["message"].startswith(NOT_SAVED)
    assert draft_of(store) is None


def test_submitting_gives_back_the_form_and_records_nothing(member, store, instance):
    from engine.store import get_store  # noqa: F401  (the store fixture is the app's)

    maria = member()
    confirmation = maria.post(maria.open(), TYPED, action="submit")
    assert confirmation.confirm is not None
    with unwritable(instance):
        response = maria.confirm(confirmation)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert notices(page)[0].startswith(NOT_SAVED)
    assert field_value(page, "resultatmal") == TYPED["resultatmal"]
    assert delivery_repo.list_deliveries(store, "jobbvinner-ostfold-2018") == []


def test_a_failed_submit_before_confirmation_keeps_the_text(member, store, instance):
    maria = member()
    page = maria.open()
    with unwritable(instance):
        response = maria.post(page, TYPED, action="submit")
    assert response.status == 503
    assert field_value(response.page, "tiltak-2-delmal") == TYPED["tiltak-2-delmal"]
    assert response.confirm is None


def test_any_other_failure_of_a_post_gives_the_text_back_and_does_not_claim_it_is_safe(app, member, store):
    """A damaged data file is a 500 (nobody should paper over it), but the page must not say that
    nothing was lost while it keeps the text: it gives back what was typed and says nothing was saved."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page, not the test's traceback
    maria = member()
    page = maria.open()
    path = store.draft_file("jobbvinner-ostfold-2018", "moss", "fremdriftsplan", 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    response = maria.post(page, TYPED)
    assert response.status == 500
    assert "what you sent was not saved" in response.text
    assert "Nothing you typed was lost" not in response.text
    assert TYPED["effektmal"] in response.text
