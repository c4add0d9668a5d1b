"""One vocabulary (themes/vocab.py): levels, reasons, Z_CRIT, licences and defaults, once."""

from __future__ import annotations

import re
from pathlib import Path

from themes.vocab import AREA_LEVELS, DEFAULT_GEMEENTE, REASONS, Z_CRIT, Level

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = [
    p
    for folder in ("data_pipeline", "dashboard", "themes", "zicht")
    for p in (ROOT / folder).rglob("*.py")
] + [ROOT / "app.py"]
VOCAB = ROOT / "themes" / "vocab.py"


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
        "reason": re.compile(r'[=(\[,]\s*"geen gegevens"'),
        "z": re.compile(r"=\s*1\.96\b"),
        "default": re.compile(r'DEFAULT_GEMEENTE\s*=\s*"'),
        "licence": re.compile(r'=\s*"CC BY 4\.0'),
    }
    for name, pattern in patterns.items():
        hits = [p.relative_to(ROOT) for p in PRODUCT if pattern.search(p.read_text("utf-8"))]
        assert hits == [VOCAB.relative_to(ROOT)], (name, hits)
    assert Z_CRIT == 1.96 and DEFAULT_GEMEENTE == "GM0363" and "geen gegevens" in REASONS
