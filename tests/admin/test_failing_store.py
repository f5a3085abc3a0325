"""The leader's pages when the data folder cannot be written (issue #12, item 4): every page says so
at the top, and a change posted meanwhile answers 503 with what was typed given back."""

from __future__ import annotations

from tests.admin.conftest import PID, post, run_of, text
from tests.support.failing_store import private_instance_fixture, unwritable

__all__ = ["private_instance_fixture"]  # the ``instance`` fixture: a folder of its own (see failing_store)

BANNER = "Verksted cannot save anything right now"


def test_every_page_says_that_nothing_can_be_saved(english, example, instance):
    assert BANNER not in text(english.get("/admin/"))
    with unwritable(instance):
        for url in ("/admin/", f"/admin/p/{PID}/", "/admin/mail"):
            response = english.get(url)
            assert response.status_code == 200, url
            assert BANNER in text(response), url


def test_a_change_posted_meanwhile_gives_back_what_was_typed(app, english, example, instance):
    revision = str(run_of(app).revision)
    title = "Jobbvinner Østfold – «ny tittel» & mer"
    with unwritable(instance):
        response = post(
            english,
            f"/admin/p/{PID}/settings",
            {
                "title": title,
                "recipient": "r",
                "leader_name": "A",
                "leader_email": "a@example.org",
                "revision": revision,
            },
        )
    assert response.status_code == 503
    page = text(response)
    assert "Nothing was saved: Verksted cannot write its data right now." in page
    assert title in page
    assert run_of(app).programme.title != title


def test_mains_pages_are_read_too_and_reading_a_submission_marks_nothing(app, english, example, instance):
    """Reading a submission writes a reading mark and a language choice writes to the account: with a
    data folder that cannot be written, both are skipped and the page is still read."""
    from tests.admin.conftest import deliver

    a = run_of(app).find("moss", "fremdriftsplan", 1)
    deliver(app, "moss", "fremdriftsplan", 1, a.due_at)
    with unwritable(instance):
        for url in (
            f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1",
            f"/admin/p/{PID}/report",
            f"/admin/p/{PID}/messages",
            f"/admin/p/{PID}/cycle",
            f"/admin/p/{PID}/teams/moss",
            f"/admin/p/{PID}/documents/fremdriftsplan/1",
            "/admin/?lang=nb",
        ):
            response = english.get(url)
            assert response.status_code == 200, url
    page = text(english.get("/admin/?lang=en"))
    assert "Fremdriftsplan" in page  # still unread: the mark could not be written
