"""Helpers for the learning loop's tests: feedback posted as the pages post it, and reading the marks
a request for a new version leaves on the team page and in the leader's matrix."""

from __future__ import annotations

from typing import Any

from tests.support.teamwork import PID, TeamMember, hidden, text_of


def submission_path(team: str = "moss", deliverable: str = "fremdriftsplan", occurrence: int = 1) -> str:
    """The leader's page of a team's submission."""
    return f"/admin/p/{PID}/submissions/{team}/{deliverable}/{occurrence}"


def leader_feedback(
    leader: Any,
    text: str,
    kind: str = "comment",
    version: int | None = None,
    team: str = "moss",
    deliverable: str = "fremdriftsplan",
    occurrence: int = 1,
    nonce: str | None = None,
):
    """Write feedback on the submission page as the leader does; returns the response to the POST.

    ``version`` defaults to the version the page shows (the latest); ``nonce`` to the page's.
    """
    path = submission_path(team, deliverable, occurrence)
    page = leader.get(path + (f"?version={version}" if version else "")).get_data(as_text=True)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "nonce": nonce or hidden(page, "nonce"),
        "version": str(version) if version else hidden(page, "version"),
        "text": text,
        "kind": kind,
    }
    return leader.post(path + "/feedback", data=data)


def partner_path(member: TeamMember, partner: str, deliverable: str = "fremdriftsplan", occurrence: int = 1) -> str:
    """The reference group's page of a partner's document, by ``member``'s link."""
    return f"{member.base}ref/{partner}/{deliverable}/{occurrence}"


def reference_feedback(
    member: TeamMember, partner: str, text: str, deliverable: str = "fremdriftsplan", occurrence: int = 1, **extra: str
):
    """Write feedback as a reference group on a partner's document; returns the response to the POST."""
    path = partner_path(member, partner, deliverable, occurrence)
    page = member.client.get(path).get_data(as_text=True)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "nonce": hidden(page, "nonce"),
        "version": hidden(page, "version"),
        "text": text,
        **extra,
    }
    return member.client.post(path, data={k: v for k, v in data.items() if v is not None})


def matrix_cell(page: str, team: str, deliverable: str, occurrence: int) -> str:
    """The HTML of the matrix cell of a submitted assignment (found by its link)."""
    link = page.index(f"/admin/p/{PID}/submissions/{team}/{deliverable}/{occurrence}")
    start = page.rindex('<td class="matrix__cell">', 0, link)
    return page[start : page.index("</td>", link)]


def forms_row(page: str, label: str) -> str:
    """The text of the row of the team page's table of forms whose heading is ``label``."""
    start = page.index(f'<th scope="row">{label}</th>')
    return text_of(page[start : page.index("</tr>", start)])
