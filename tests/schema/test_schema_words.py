"""engine.schema.words, and the JavaScript counter in verksted.js that must count the same."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.schema.words import WHITESPACE, count_chars, count_words, normalise

SCRIPT = Path(__file__).resolve().parents[2] / "engine" / "web" / "static" / "verksted.js"

WORDS = [
    ("", 0),
    ("Effektmål", 1),
    ("Økt bemanning på sykehjem i Våler", 6),
    ("e-post", 1),
    ("3-årig utdanning", 2),
    ("helse- og omsorgstjenesten", 3),
    ("100 %", 1),
    ("100 % stilling", 2),
    ("kl. 09.00", 2),
    ("09.00", 1),
    ("1 500 ord", 3),
    ("– Sykepleiere – og helsefagarbeidere —", 3),
    ("• Trainee\n• Fadderprogram", 2),
    ("resultater/ konsekvenser/ ringvirkninger", 3),
    ("«Plans are nothing, planning is everything»", 6),
    ("(praksis, nytilsatte)", 2),
    ("...", 0),
    ("  \n\t ", 0),
    ("ord\u00a0for\u00a0ord", 3),
    ("ord\u2009ord", 2),
    ("ord\u200bord", 2),
    ("24/7", 1),
    ("§ 5", 1),
    ("👍 bra", 1),
    ("Ærlig, ørlite, åpent", 3),
]

CORPUS = [text for text, _ in WORDS] + [
    "Linje 1\r\nLinje 2\rLinje 3",
    "  innrykket tekst med mellomrom  ",
    "\ufeffstarter med BOM",
    "emoji 👩‍⚕️ sykepleier",
    "e\u0301 kombinert",
    "tall: ½ ¾ ² ٣",
    "汉字 漢字",
    "tabs\tog\u000bvertikale\u000cskift",
    "\u0085neste linje\u2028linjeskift\u2029avsnitt",
    "\u001c\u001d\u001e\u001f",
]


@pytest.mark.parametrize("text, expected", WORDS)
def test_words_are_counted_as_a_person_would(text, expected):
    assert count_words(text) == expected


@pytest.mark.parametrize(
    "text, expected", [("", 0), ("abc", 3), ("  abc  ", 3), ("a\r\nb", 3), ("æøå", 3), ("👍", 1), ("a\n\nb", 4)]
)
def test_characters_are_code_points_with_one_per_line_break(text, expected):
    assert count_chars(text) == expected


def test_normalise_keeps_inner_line_breaks():
    assert normalise("\r\n  en\r\nto  \n") == "en\nto"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_counts_exactly_as_python():
    program = (
        "const v = require(process.argv[1]);"
        "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(texts.map(t => [v.countWords(t), v.countChars(t)])));"
    )
    result = subprocess.run(
        ["node", "-e", program, str(SCRIPT)],
        input=json.dumps(CORPUS),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    javascript = json.loads(result.stdout)
    python = [[count_words(t), count_chars(t)] for t in CORPUS]
    differences = [(t, p, j) for t, p, j in zip(CORPUS, python, javascript, strict=True) if p != j]
    assert differences == []


_SPACE = f"[{WHITESPACE}]"
_EDGES = ["\u2000", "\u200b", "\u200c", "\ufeff", "\u3000", "\u1680", "\x1c", "\r\n", "\r", " ", "-"]
_SPACE_TEXT = st.lists(st.one_of(st.sampled_from(_EDGES), st.characters()), max_size=30).map("".join)


@given(_SPACE_TEXT)
def test_normalise_strips_exactly_the_class_the_counter_uses(text):
    expected = re.sub(f"^{_SPACE}+|{_SPACE}+$", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert normalise(text) == expected
