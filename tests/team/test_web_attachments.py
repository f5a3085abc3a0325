"""Attachments: the Hovedplan's competence plan attached, kept, submitted, listed and fetched.

Files are judged by content (a program named plan.pdf is refused), stored once in the team's
folder by their hash, listed in the document (page, receipt, e-mail, Word file), downloadable by
the team, its reference group and the leader — never by another team — and a refused or too
large file never costs the person anything else they typed.
"""

from __future__ import annotations

import hashlib
import io

import docx
import pytest

from engine.schema.files import ref_token
from engine.store import deliveries as delivery_repo
from engine.store import drafts as draft_repo
from engine.store import outbox
from tests.support.files import PROGRAM, WEB_PAGE, docx_bytes, pdf_bytes, png_bytes
from tests.support.teamwork import PID, FormPage, field_value, hidden, notices, text_of

FIELD = "kompetanseplan_vedlegg"
KEY = f"{PID}/moss/hovedplan/1"
HOVEDPLAN = {
    "effektmal": "Nok sykepleiere og helsefagarbeidere til å dekke behovet i 2030.",
    "innbyggere": "32 000",
    "ressurser": "En middels stor kommune med mange deltidsstillinger.",
    "organisering": "Tre sykehjem og hjemmetjenester i to soner.",
    "har_kompetanseplan": "yes",
    "kompetanseplan_innhold": "Planen kartlegger kompetansen i dag og behovet fram mot 2030.",
    "utfordringer": "Vanskelig å beholde nyutdannede sykepleiere.",
    "bemanning_kort": "Alle faste stillinger besatt.",
    "bemanning_lang": "Heltidskultur i hele tjenesten.",
    "tiltak": "Traineeprogram og fadderordning.",
    "evaluering_lang": "Turnover og sykefravær år for år.",
    "evaluering_kort": "Antall søkere per utlysning.",
}


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def post(member, page: FormPage, fields: dict, action: str = "save", **extra) -> FormPage:
    """Post ``fields`` as the page's form would: multipart, with the attachment token it carries."""
    token = hidden(page.page, FIELD)
    data = {"csrf_token": page.csrf, "nonce": page.nonce, "revision": page.revision, "action": action}
    data.update({**fields, **extra})
    if token is not None:  # a browser sends the file chosen (if any) and the token of what is attached
        data[FIELD] = [data[FIELD], token] if FIELD in data else token
    response = member.client.post(
        page.url, data={k: v for k, v in data.items() if v is not None}, content_type="multipart/form-data"
    )
    return FormPage(page.url, response.get_data(as_text=True), response.status_code)


def stored_files(store, team="moss"):
    folder = store.files_dir(PID, team)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def link_to(page: str, name: str) -> str:
    """The download address of the attachment ``name`` on ``page``."""
    import re

    found = re.search(rf'href="([^"]+)" download>{re.escape(name)}</a>', page)
    assert found, f"no download link for {name}"
    return found.group(1).replace("&amp;", "&")


def test_the_hovedplan_asks_for_the_competence_plan_as_a_file(member):
    page = member().open("hovedplan", 1)
    assert page.status == 200
    assert 'enctype="multipart/form-data"' in page.page
    assert f'type="file" id="{FIELD}" name="{FIELD}"' in page.page
    assert 'accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.gif,.webp,application/pdf,' in page.page
    assert "PDF, Word, Excel, JPEG, PNG, GIF or WebP, at most 10 MB." in page.text
    assert "The file is sent when you save the draft or submit the form." in page.text


def test_a_pdf_is_kept_by_its_hash_and_the_draft_points_to_it(member, store):
    maria = member()
    data = pdf_bytes()
    saved = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(data, "Kompetanseplan 2018.PDF")})
    assert saved.status == 200 and notices(saved.page) == ["Saved at 10:00"]
    digest = hashlib.sha256(data).hexdigest()
    assert stored_files(store) == [f"{digest}.pdf"]
    assert (store.files_dir(PID, "moss") / f"{digest}.pdf").read_bytes() == data
    ref = draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD]
    assert ref == {"sha256": digest, "name": "Kompetanseplan 2018.pdf", "type": "pdf", "size": len(data)}
    assert "Attached: Kompetanseplan 2018.pdf (PDF, 1 kB)" in saved.text
    assert field_value(saved.page, "effektmal") == HOVEDPLAN["effektmal"]
    download = maria.client.get(link_to(saved.page, "Kompetanseplan 2018.pdf"))
    assert download.status_code == 200 and download.data == data
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_the_attachment_stays_through_later_saves_and_goes_when_removed(member, store):
    maria = member()
    first = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(pdf_bytes(), "plan.pdf")})
    again = post(maria, first, {**HOVEDPLAN, "tiltak": "Traineeprogram."})  # only the token is posted
    assert "Attached: plan.pdf" in again.text
    assert draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD]["name"] == "plan.pdf"
    autosaved = maria.client.post(
        again.url,
        data={
            "csrf_token": again.csrf,
            "revision": again.revision,
            "action": "autosave",
            FIELD: hidden(again.page, FIELD),
        },
    )
    assert autosaved.get_json()["status"] == "saved"
    assert draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD]["name"] == "plan.pdf"

    shown = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN}, action=f"remove_file:{FIELD}")
    assert "Attached:" not in shown.text and field_value(shown.page, "tiltak") == HOVEDPLAN["tiltak"]
    saved = post(maria, shown, {**HOVEDPLAN})
    assert draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD] == ""
    assert "Attached:" not in saved.text


def test_a_file_is_judged_by_its_content_not_its_name(member, store):
    maria = member()
    data = docx_bytes()
    saved = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(data, "plan.pdf")})
    assert "Attached: plan.docx (Word," in saved.text
    assert stored_files(store) == [f"{hashlib.sha256(data).hexdigest()}.docx"]


@pytest.mark.parametrize(
    ("content", "name"),
    [(PROGRAM, "kompetanseplan.pdf"), (WEB_PAGE, "kompetanseplan.pdf"), (b"PK\x03\x04not a zip", "plan.docx")],
)
def test_a_disguised_file_is_refused_and_everything_typed_is_kept(member, store, content, name):
    maria = member()
    page = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(content, name)})
    assert page.status == 200
    [notice] = notices(page.page)
    assert notice.startswith("Your draft was saved at 10:00, but not the file: The file's content is not PDF, Word,")
    assert "whatever its name says" in text_of(page.page.split(f'id="{FIELD}-error"')[1][:400])
    assert 'aria-invalid="true"' in page.page.split(f'id="field-{FIELD}"')[1].split("</div>\n</div>")[0]
    for key, value in HOVEDPLAN.items():
        if key != "har_kompetanseplan":
            assert field_value(page.page, key) == value, key
    assert stored_files(store) == []
    assert draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD] == ""


def test_a_refused_file_does_not_replace_the_attachment_there_was(member, store):
    maria = member()
    first = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(pdf_bytes(), "plan.pdf")})
    refused = post(maria, first, {**HOVEDPLAN, FIELD: upload(PROGRAM, "ny-plan.pdf")})
    assert "Attached: plan.pdf" in refused.text and "not the file" in notices(refused.page)[0]
    assert draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD]["name"] == "plan.pdf"


def test_a_file_over_the_limit_is_refused_with_the_text_kept(member, store):
    maria = member()
    big = pdf_bytes(padding=10 * 1024 * 1024)  # just over 10 MB: the request may carry it, the question may not
    page = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(big, "plan.pdf")})
    assert page.status == 200
    assert "The file is larger than 10 MB, the most this question takes." in notices(page.page)[0]
    assert field_value(page.page, "evaluering_kort") == HOVEDPLAN["evaluering_kort"]
    assert stored_files(store) == []


def test_a_post_far_over_the_limit_gets_a_page_that_says_why(member, store):
    maria = member()
    huge = pdf_bytes(padding=13 * 1024 * 1024)
    page = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(huge, "plan.pdf")})
    assert page.status == 413
    assert "larger than this service accepts (12 MB at most), most likely because of a file." in page.text
    assert "Nothing was saved." in page.text and "Choose a smaller file" in page.text
    assert f'<a class="button" href="{page.url}">Back to the form</a>' in page.page
    assert draft_repo.get_draft(store, PID, "moss", KEY) is None


def test_a_post_without_files_keeps_the_usual_limit(member):
    maria = member()
    page = maria.open("fremdriftsplan", 1)
    response = maria.client.post(page.url, data={"csrf_token": page.csrf, "resultatmal": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_token_for_a_file_the_team_does_not_have_is_ignored(member, store):
    liv, maria = member("marker", "liv-strand"), member()
    data = pdf_bytes()
    post(liv, liv.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(data, "marker.pdf")})  # Marker has it
    forged = {"sha256": hashlib.sha256(data).hexdigest(), "name": "marker.pdf", "type": "pdf", "size": len(data)}
    page = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: ref_token(forged)})
    assert "Attached:" not in page.text
    assert draft_repo.get_draft(store, PID, "moss", KEY)["values"][FIELD] == ""
    assert stored_files(store, "moss") == []


def test_an_expired_page_keeps_no_file_and_says_so(member, store):
    maria = member()
    fields = {**HOVEDPLAN, FIELD: upload(pdf_bytes(), "plan.pdf")}
    page = post(maria, maria.open("hovedplan", 1), fields, csrf_token="x")
    assert "its security check expired" in notices(page.page)[0]
    assert "The file was not attached, because the page's security check had expired. Choose it again." in page.text
    assert field_value(page.page, "tiltak") == HOVEDPLAN["tiltak"]
    assert stored_files(store) == []


@pytest.fixture
def submitted(member, store):
    """Moss's Hovedplan submitted with its competence plan attached."""
    maria = member()
    data = pdf_bytes()
    confirmation = post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(data, "plan.pdf")}, "submit")
    assert confirmation.confirm is not None, confirmation.text[:2000]
    assert "plan.pdf" in confirmation.text
    response = maria.confirm(confirmation)
    assert response.status_code == 303
    return maria, response.location, data


def test_the_submitted_version_lists_the_file_in_the_receipt_the_mail_and_the_word_file(submitted, store, leader, app):
    maria, receipt_url, data = submitted
    receipt = maria.client.get(receipt_url).get_data(as_text=True)
    assert "Kommunens kompetanseplan (vedlegg)" in text_of(receipt)
    assert maria.client.get(link_to(receipt, "plan.pdf")).data == data
    [delivery] = delivery_repo.list_deliveries(store, PID)
    answers = delivery_repo.get_answers(store, PID, "moss", delivery["content_hash"])
    assert answers[FIELD]["sha256"] == hashlib.sha256(data).hexdigest()
    [mail] = outbox.list_messages(store, PID)
    assert "Kommunens kompetanseplan (vedlegg)\nplan.pdf (PDF, 1 kB)" in mail["text"]
    word = leader.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1/docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs]
    assert "plan.pdf (PDF, 1 kB)" in paragraphs


def test_the_leader_and_the_reference_group_download_it_and_no_other_team_can(submitted, leader, member):
    _maria, _receipt, data = submitted
    page = leader.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1").get_data(as_text=True)
    assert leader.get(link_to(page, "plan.pdf")).data == data
    sigrid = member("valer", "sigrid-aas")  # Våler is Moss's reference group
    partner_page = sigrid.get("ref/moss/hovedplan/1").get_data(as_text=True)
    url = link_to(partner_page, "plan.pdf")
    assert sigrid.client.get(url).data == data
    kari = member("eidsberg", "kari-holm")  # not Moss's reference group
    digest = hashlib.sha256(data).hexdigest()
    for path in (f"files/{digest}.pdf/plan.pdf", f"ref/moss/hovedplan/1/files/{digest}.pdf/plan.pdf"):
        assert kari.get(path).status_code == 404, path


def test_the_leader_cannot_fetch_a_file_only_a_draft_carries(member, leader):
    maria = member()
    data = png_bytes()
    post(maria, maria.open("hovedplan", 1), {**HOVEDPLAN, FIELD: upload(data, "bilde.png")})
    digest = hashlib.sha256(data).hexdigest()
    assert maria.get(f"files/{digest}.png/bilde.png").data == data
    assert leader.get(f"/admin/p/{PID}/files/moss/{digest}.png/bilde.png").status_code == 404


def test_a_version_filled_in_before_the_attachment_existed_renders_as_it_was(app, store, clock, leader, run):
    from engine.programmes import get_catalog
    from engine.store.templates import snapshot_template

    with app.app_context():
        current = get_catalog().forms["hovedplan"].to_dict()
    old = {**current, "version": 1}
    old["sections"] = [
        {**section, "fields": [f for f in section["fields"] if f["key"] != FIELD]} for section in current["sections"]
    ]
    snapshot_template(store, PID, "hovedplan", 1, old)
    answers = {key: value for key, value in HOVEDPLAN.items() if key not in ("innbyggere", "har_kompetanseplan")}
    delivery_repo.submit(
        store,
        PID,
        "moss",
        KEY,
        answers,
        {"form": "hovedplan", "form_version": 1},
        "maria-olsen",
        "Maria Olsen",
        None,
        None,
        clock(),
    )
    page = text_of(leader.get(f"/admin/p/{PID}/submissions/moss/hovedplan/1").get_data(as_text=True))
    assert "Har kommunen en egen kompetanseplan?" in page and "Kommunens kompetanseplan (vedlegg)" not in page
    assert "Template Hovedplan, version 1" in page


def test_the_bundle_lists_the_attachments_by_team(submitted, leader):
    bundle = leader.get(f"/admin/p/{PID}/documents/hovedplan/1/bundle.docx")
    assert bundle.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(bundle.data)).paragraphs]
    at = paragraphs.index("Attachments")
    assert paragraphs[at + 2] == "Moss: plan.pdf (PDF, 1 kB) – Kommunens kompetanseplan (vedlegg)"
    assert paragraphs.count("Moss: plan.pdf (PDF, 1 kB) – Kommunens kompetanseplan (vedlegg)") == 1
