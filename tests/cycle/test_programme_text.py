"""Programme text rules (issue #12, items 2 and 3): one-line fields hold one line, and no field
holds an invisible control character — in a file and in a programme built in the browser alike."""

from __future__ import annotations

import pytest

from .conftest import MINI_PROGRAMME
from .test_programme_load import problems_of


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: Demo", 'title: "Demo\\n2026"', "demo.yaml:3: title: contains a line break; write it on one line"),
        (
            "recipient: prosjektgruppa v/ prosjektleder",
            'recipient: "prosjektgruppa\\u2028v/ prosjektleder"',
            "demo.yaml:5: recipient: contains a line break; write it on one line",
        ),
        (
            "place: Moss, host: Moss, theme: Start",
            'place: "Moss\\r\\nrådhus", host: Moss, theme: Start',
            "demo.yaml:7: gatherings[0].place: contains a line break; write it on one line",
        ),
        (
            "{id: kari, name: Kari Nordmann,",
            '{id: kari, name: "Kari\\aNordmann",',
            "demo.yaml:14: teams[0].members[0].name: contains the invisible control character U+0007, which cannot "
            "be shown, printed or exported; remove it",
        ),
        (
            "  - name: Våler\n",
            '  - name: "Våler\\0"\n',
            "demo.yaml:16: teams[1].name: contains the invisible control character U+0000, which cannot be shown, "
            "printed or exported; remove it",
        ),
    ],
)
def test_a_line_break_or_a_control_character_is_one_exact_line(mini_workflow, old, new, expected):
    text = MINI_PROGRAMME.replace(old, new, 1)
    assert text != MINI_PROGRAMME
    assert problems_of(text, {"mini": mini_workflow}) == [expected]


def test_multi_line_texts_keep_their_line_breaks_and_tabs(mini_workflow):
    text = MINI_PROGRAMME.replace(
        "theme: Start}", 'theme: Start, agenda: "09.00\\tVelkommen\\n10.00\\tGruppearbeid"}', 1
    ).replace("reason: Fritatt", 'reason: "Fritatt\\netter avtale"', 1)
    assert problems_of(text, {"mini": mini_workflow}) == []


def test_a_control_character_in_a_multi_line_text_is_refused(mini_workflow):
    text = MINI_PROGRAMME.replace("theme: Start}", 'theme: Start, agenda: "Velkommen\\x1b[31m"}', 1)
    [problem] = problems_of(text, {"mini": mini_workflow})
    assert problem.startswith("demo.yaml:7: gatherings[0].agenda: contains the invisible control character U+001B")


def test_an_address_with_letters_outside_ascii_before_the_at_is_one_exact_line(mini_workflow):
    """Issue #12, item 8: mail to it would fail in every mail writer; the domain may have them (IDNA)."""
    text = MINI_PROGRAMME.replace("email: ola@example.org", "email: åse@example.org", 1)
    text = text.replace("email: per@example.org", "email: per@bølgen.no", 1)
    assert problems_of(text, {"mini": mini_workflow}) == [
        "demo.yaml:15: teams[0].members[1].email: 'åse@example.org' has letters outside A–Z before the @; "
        "Verksted cannot send mail to it, so use another address for this person"
    ]
