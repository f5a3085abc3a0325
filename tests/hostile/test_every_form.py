"""Every form any page offers, posted with random and hostile values: never a 5xx.

The forms are found by reading every page the url map has (``site.discover_forms``) as the
visitor it is for — the leader's pages, the team's pages by a member's link, the preview, the
evaluation — so template forms and admin forms added later are attacked without an edit here.
A post keeps the page's own hidden values (the security token, the revision) or drops them,
replaces, repeats or leaves out any input, adds table rows numbered with Unicode digits or
beyond any table, sends files where text was expected, and comes urlencoded, as multipart,
as JSON or as plain text.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .site import discover_forms
from .test_every_url import rules_of
from .values import File, Post, any_value, encodings, huge_values, row_numbers, text_values

ROW = re.compile(r"^([a-z][a-z0-9_]*)-(\d+)-([a-z][a-z0-9_]*)$")


def pages(site) -> list[str]:
    """Every GET page of the url map with each combination of real argument values (a few per rule)."""
    found = []
    for rule in rules_of(site.app):
        if "GET" not in (rule.methods or ()):
            continue
        choices = [site.values.get(name, ["x"]) for name in rule.arguments]
        for combination in itertools.islice(itertools.product(*choices), 4):
            path = rule.rule
            for name, value in zip(rule.arguments, combination, strict=True):
                path = re.sub(rf"<(?:[^:>]+:)?{name}>", str(value), path)
            found.append(path)
    return found


@pytest.fixture(scope="module")
def forms(site):
    found = discover_forms(site, pages(site))
    assert len(found) >= 20, "the pages offer the leader's, the team's, the preview's and the evaluation's forms"
    return found


@st.composite
def hostile_posts(draw, form):
    pairs: list[tuple[str, object]] = []
    for name, kind in form.fields.items():
        choice = draw(st.sampled_from(["keep", "keep", "hostile", "hostile", "drop", "twice", "file"]))
        kept = form.values.get(name, "")
        if choice == "keep" or (kind == "hidden" and draw(st.booleans())):
            pairs.append((name, kept))
        elif choice == "hostile":
            pairs.append((name, draw(any_value)))
        elif choice == "twice":
            pairs += [(name, draw(text_values)), (name, kept)]
        elif choice == "file":
            pairs.append((name, File(draw(st.binary(max_size=32)), "hostname")))
    for name in form.fields:
        row = ROW.match(name)
        if row and draw(st.integers(0, 3)) == 0:
            pairs.append((f"{row[1]}-{draw(row_numbers)}-{row[3]}", draw(text_values)))
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        pairs.append((name, value if draw(st.booleans()) else draw(text_values)))
    if draw(st.integers(0, 40)) == 0:
        pairs.append(("huge", draw(huge_values)))
    return Post(draw(st.permutations(pairs)), draw(encodings))


@settings(settings.get_profile("hostile"))
@given(data=st.data())
def test_every_form_answers_below_500(site, forms, data):
    form = data.draw(st.sampled_from(forms))
    post = data.draw(hostile_posts(form))
    response = site.send("POST", form.action, **post.request())
    assert response.status_code < 500, f"POST {form.action}"
