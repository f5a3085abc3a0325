"""Ids made from Norwegian names are stable lower-case ASCII slugs."""

from __future__ import annotations

import pytest

from engine.cycle.ids import is_key, is_slug, slugify, unique_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Våler", "valer"),
        ("Østfold", "ostfold"),
        ("Ærø", "aero"),
        ("Fredrikstad", "fredrikstad"),
        ("Indre Østfold kommune", "indre-ostfold-kommune"),
        ("Anne Sæther", "anne-saether"),
        ("Bjørn-Åge Lien", "bjorn-age-lien"),
        ("  René  Müller ", "rene-muller"),
        ("Moss/Rygge", "moss-rygge"),
        ("Łódź", "lodz"),
        ("!!!", ""),
    ],
)
def test_slugify_transliterates_norwegian_letters(name, slug):
    assert slugify(name) == slug


def test_unique_slug_numbers_repeats_and_falls_back_for_names_without_letters():
    assert unique_slug("Kari Holm", {"kari-holm"}) == "kari-holm-2"
    assert unique_slug("Kari Holm", {"kari-holm", "kari-holm-2"}) == "kari-holm-3"
    assert unique_slug("???", set(), fallback="team") == "team"


def test_slugs_and_keys():
    assert is_slug("jobbvinner-ostfold-2018") and not is_slug("Jobbvinner") and not is_slug("a--b")
    assert is_key("overdue-week") and is_key("status_2") and not is_key("-x") and not is_slug(None)
