"""Every URL rule of the app, with random and hostile ids, methods, query strings and bodies: never a 5xx.

The rules come from ``app.url_map`` when the test runs, so the pages of every branch merged later
are attacked the same way without an edit here.
"""

from __future__ import annotations

import re
import urllib.parse

from hypothesis import given, settings
from hypothesis import strategies as st

from .values import Post, any_value, encodings, text_values

QUERY_NAMES = ["lang", "next", "page", "kind", "team", "assignment", "deliverable", "occurrence", "sent", "fmt"]
random_ids = st.one_of(
    text_values.filter(lambda v: len(v) < 300),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["..", ".", "%2e%2e", "con", "x" * 300, "jobbvinner-ostfold-2018", "moss", "g1", "1"]),
)


def rules_of(app) -> list:
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule)


@st.composite
def requests(draw, site):
    rule = draw(st.sampled_from(rules_of(site.app)))
    path = rule.rule
    for name in rule.arguments:
        valid = site.values.get(name)
        value = draw(st.sampled_from(valid)) if valid and draw(st.booleans()) else draw(random_ids)
        path = re.sub(rf"<(?:[^:>]+:)?{name}>", urllib.parse.quote(str(value), safe=""), path)
    method = draw(st.sampled_from([*sorted((rule.methods or set()) - {"OPTIONS"}), "POST", "PUT", "DELETE"]))
    short = text_values.filter(lambda v: len(v) < 500)
    query = draw(st.dictionaries(st.sampled_from(QUERY_NAMES), short, max_size=3))
    body = {}
    if method in ("POST", "PUT"):
        names = st.one_of(st.sampled_from(["csrf_token", "action", "nonce", "revision", "title", "name"]), st.text())
        pairs = draw(st.lists(st.tuples(names, any_value), max_size=6))
        body = Post(pairs, draw(encodings)).request()
    return method, path, query, body


@settings(settings.get_profile("hostile"))
@given(data=st.data())
def test_every_url_answers_below_500(site, data):
    method, path, query, body = data.draw(requests(site))
    response = site.send(method, path, query_string=query, **body)
    assert response.status_code < 500, f"{method} {path} {query}"
