"""Raw link tokens at rest and in logs (issue #12, item 5).

The local mailbox stands in for the members' inboxes, so its messages hold working links — in
files other users of the machine could read (0644 in a 0755 folder). Every file that holds a raw
token is now private to the server's user (0600 in 0700 folders, up to the instance folder), no
other file under the instance folder holds one, and no log line does.
"""

from __future__ import annotations

import logging
import re
import stat
from datetime import date
from pathlib import Path

from engine.mail import mailbox
from engine.mail.scheduler import tick
from tests.support.programmes import local, small_programme, store_programme

LINK = re.compile(rb"/p/[a-z0-9-]+/t/([A-Za-z0-9_-]{40,})/")


def raw_tokens(app) -> set[bytes]:
    """Every token in the local mailbox's messages (their bodies are base64)."""
    tokens = set()
    for entry in mailbox.list_entries(app)[0]:
        _, message = mailbox.read(app, entry.id)
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if payload:
                tokens |= set(LINK.findall(payload))
    return tokens


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_no_raw_token_is_in_a_file_another_user_can_read(app, instance):
    store_programme(app, small_programme(date(2026, 3, 5)))
    tick(app, local("2026-03-05T08:01"))
    tokens = raw_tokens(app)
    assert len(tokens) >= 3, "the invitations carry working links"
    for path in sorted(instance.rglob("*")):
        if path.is_dir():
            assert private(path) or path == instance, path
            continue
        # a message holds its links in base64; any other file would hold one as it is
        if path.suffix == ".eml" or any(token in path.read_bytes() for token in tokens):
            assert path.parent == instance / "mailbox", f"{path} holds a raw token"
            assert private(path), path


def test_a_new_instance_folder_is_private(tmp_path):
    from engine import create_app

    create_app({"INSTANCE_PATH": str(tmp_path / "new" / "instance"), "TESTING": True})
    assert private(tmp_path / "new" / "instance")


def test_a_logged_exception_on_a_team_page_names_the_path_without_its_token(app, client, caplog):
    from engine.access.links import mint_member_link
    from engine.store import get_store

    run = store_programme(app, small_programme(date(2026, 3, 5)))
    with app.app_context():
        link = mint_member_link(get_store(), "http://verksted.test", run.id, "moss", "kari", local("2026-03-05T09:00"))
        draft = get_store().draft_file(run.id, "moss", "hovedplan", 1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text("{ damaged", encoding="utf-8")  # the form page then fails: a 500, logged
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.INFO):
        response = client.get(link.removeprefix("http://verksted.test") + "a/hovedplan/1")
    assert response.status_code == 500
    assert caplog.records, "the failure is logged"
    assert token not in caplog.text
    assert f"/p/{run.id}/t/[token]/a/hovedplan/1" in caplog.text


def test_no_log_line_of_any_logger_holds_a_token(app, caplog):
    token = "Ab3_" * 11
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('%s - - "%s" %s', "127.0.0.1", f"GET /p/demo/t/{token}/ HTTP/1.1", 200)
        logging.getLogger("waitress").error(f"Exception while serving /p/demo/t/{token}/a/x/1")
        try:
            raise ValueError(f"http://verksted.test/p/demo/t/{token}/")
        except ValueError:
            logging.getLogger("engine.mail").exception("sending failed")
    assert token not in caplog.text
    assert caplog.text.count("/p/demo/t/[token]/") == 3
