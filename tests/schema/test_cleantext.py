"""``engine.schema.cleantext``: the fast search for invisible characters finds exactly what the
whole character class finds, in any text — emoji and the noncharacters above U+FFFF included."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from engine.schema.cleantext import INVISIBLE, clean_text, find_invisible, is_clean, text_problem

# Letters, the characters the class names, and their neighbours in every plane.
EDGES = [chr(c) for c in (0x08, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7E, 0x7F, 0x9F, 0xA0, 0xD7FF, 0xE000)]
EDGES += [chr(c) for c in (0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000)]
EDGES += [chr(p * 0x10000 + o) for p in range(1, 17) for o in (0xFFFD, 0xFFFE, 0xFFFF)]
EDGES += ["\ud800", "\udfff", "😀", "æ", "ø", "å", "«", "–"]
texts = st.lists(st.one_of(st.sampled_from(EDGES), st.characters(), st.text(max_size=20)), max_size=40).map("".join)


@given(texts)
@example("😀\x00")
@example("\U0001fffe")
@example("a😀b\U0010ffffc")
@example("Rapport – æøå «sitat»\n\ttab")
def test_the_fast_search_finds_what_the_whole_class_finds(text):
    slow = INVISIBLE.search(text)
    fast = find_invisible(text)
    assert (fast.start(), fast.group()) == (slow.start(), slow.group()) if slow else fast is None
    assert is_clean(text) is (slow is None)
    assert clean_text(text) == INVISIBLE.sub("", text)
    assert (text_problem(text, False) is None) is (slow is None)


def test_a_long_clean_page_is_returned_as_it_is():
    page = "<p>Dette er en tekst med æøå og «sitat» – og 😀.</p>\n" * 1000
    assert clean_text(page) is page and is_clean(page)
    assert re.fullmatch(r"\[.*\]", INVISIBLE.pattern, re.S)  # one class: the fast path mirrors it
