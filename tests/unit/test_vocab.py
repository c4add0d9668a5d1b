"""One vocabulary (themes/vocab.py): levels, reasons, Z_CRIT, licences and defaults, once."""

from __future__ import annotations

import re
from pathlib import Path

from themes.vocab import AREA_LEVELS, DEFAULT_GEMEENTE, REASONS, Z_CRIT, Level, Reason

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = [
    p
    for folder in ("data_pipeline", "dashboard", "themes", "zicht")
    for p in (ROOT / folder).rglob("*.py")
] + [ROOT / "app.py"]
SQL = sorted((ROOT / "data_pipeline" / "sql").rglob("*.sql"))  # derived/ too
#: the Dutch words code must not use as names, kept beside the vocabulary
DUTCH = {
    w.strip()
    for w in (ROOT / "themes" / "dutch_words.txt").read_text("utf-8").splitlines()
    if w.strip() and not w.startswith("#")
}
VOCAB = ROOT / "themes" / "vocab.py"
TEXTS = "|".join(re.escape(r) for r in Reason)  # the reason texts, as a regex alternation


def test_levels_have_dutch_words() -> None:
    assert [lv.value for lv in Level] == [
        "nederland",
        "provincie",
        "riec",
        "gemeente",
        "wijk",
        "buurt",
        "stedelijkheid",
        "grootteklasse",
    ]
    assert Level("riec").label == "RIEC-regio" and Level.GEMEENTE.plural == "gemeenten"
    assert AREA_LEVELS == ("gemeente", "wijk", "buurt")
    assert Level.WIJK == "wijk"  # a str: usable wherever the stored value is


def test_each_word_is_defined_once() -> None:
    patterns = {
        # a reason as a value in code (assigned, compared, an argument), in either quote
        "reason": re.compile(rf"""[=(\[,]\s*["']({TEXTS})["']"""),
        "z": re.compile(r"=\s*1\.96\b"),
        "default": re.compile(r'DEFAULT_GEMEENTE\s*=\s*"'),
        "licence": re.compile(r'=\s*"CC BY 4\.0'),
    }
    for name, pattern in patterns.items():
        hits = [p.relative_to(ROOT) for p in PRODUCT if pattern.search(p.read_text("utf-8"))]
        assert hits == [VOCAB.relative_to(ROOT)], (name, hits)
    assert Z_CRIT == 1.96 and DEFAULT_GEMEENTE == "GM0363" and "geen gegevens" in REASONS


def test_reasons_are_one_enum() -> None:
    assert [r.value for r in Reason] == [
        "geen gegevens",
        "onderdrukt",
        "te kleine aantallen",
        "niet in deze bron",
        "niet in de offline gegevens",
    ]
    assert Reason.SMALL == "te kleine aantallen"  # a str: equal to the stored text
    assert set(REASONS) == set(Reason) and Reason.SECRET.meaning.startswith("CBS houdt")
    constant = re.compile(r"\bREASON_[A-Z]")
    literal = re.compile(rf"[=(\[,]\s*'({TEXTS})'")
    assert not [p for p in PRODUCT if constant.search(p.read_text("utf-8"))]
    assert not [p for p in SQL if literal.search(p.read_text("utf-8"))]  # SQL reads is_signal


def test_levels_are_listed_only_in_vocab() -> None:
    """A set of levels is named once (themes.vocab); SQL gets levels as parameters."""
    words = "|".join(lv.value for lv in Level)
    listed = re.compile(rf'[(\[]\s*"({words})"\s*,\s*"({words})"')
    in_sql = re.compile(r"level\s*(=|IN)\s*\(?\s*'", re.IGNORECASE)
    hits = []
    for path in PRODUCT + SQL:
        if path == VOCAB:
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            indicator_levels = line.strip().startswith("levels=(")  # a definition in themes/
            if (listed.search(line) and not indicator_levels) or in_sql.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert hits == []


def test_code_names_things_in_english() -> None:
    """Dutch only at the URL and in text: no Dutch variable, parameter or field names in code.

    A Dutch keyword in a call is allowed: it names a URL parameter or a text placeholder.
    """
    import io
    import tokenize

    dutch = DUTCH
    assert {"thema", "niveau", "jaar", "jaren", "regio", "gebied"} <= dutch
    hits = []
    for path in PRODUCT:
        toks = list(tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline))
        for i, tok in enumerate(toks):
            if tok.type == tokenize.NAME and tok.string in dutch:
                keyword = i + 1 < len(toks) and toks[i + 1].string == "="
                if not keyword:
                    hits.append(f"{path.relative_to(ROOT)}:{tok.start[0]}: {tok.string}")
    assert hits == []
