"""Attachments under the privacy holders: a purge deletes them, forgetting one person does not."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

from engine.store import files

PDF = b"%PDF-1.4\n% Kompetanseplan for Moss kommune, Kari Nordmann\n%%EOF\n"
REF = {"sha256": hashlib.sha256(PDF).hexdigest(), "name": "kompetanseplan.pdf", "type": "pdf", "size": len(PDF)}


def test_a_purge_deletes_every_attachment_and_forgetting_one_person_keeps_them(store):
    store.programme_dir("demo-2026").mkdir(parents=True)  # as creating the programme does
    path = files.keep_file(store, "demo-2026", "moss", REF, PDF)
    assert files.erase_personal_data(store, "demo-2026", SimpleNamespace(purge=False)) == 0
    assert path.read_bytes() == PDF
    assert files.erase_personal_data(store, "demo-2026", SimpleNamespace(purge=True)) == 1
    assert not path.exists() and files.stored_file(store, "demo-2026", "moss", REF) is None
    assert files.personal_data(store, "demo-2026", object()) == {}
