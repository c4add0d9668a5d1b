"""Dutch number notation (1.234,5) and units, the same in hover, tables and captions."""

from __future__ import annotations

import math
from typing import Any

from themes.spec import KLASSE_LABELS
from themes.vocab import Reason

NO_DATA = Reason.MISSING


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


#: what kind of figure an indicator is, in words (``themes.spec.Kind``)
KIND_WORDS: dict[str, str] = {
    "count": "telling: een aantal per inwoners, woningen of vestigingen",
    "share": "aandeel: een deel van een totaal",
    "average": "gemiddelde of percentage zoals CBS het publiceert",
    "survey": "enquêtecijfer, met de betrouwbaarheidsmarge van CBS",
    "ratio": "verhouding tussen twee gemiddelden",
}


def peer_name(code: str, name: str) -> str:
    """A CBS peer group as a reader sees it: 'Stedelijkheid: sterk stedelijk',
    'Gemeenten met 100.000 tot 150.000 inwoners' (ST* and GK* region codes)."""
    if code.startswith("ST"):
        return f"Stedelijkheid: {name.lower()}"
    if code.startswith("GK"):
        return f"Gemeenten met {name.lower()}"
    return name


def number(value: Any, decimals: int = 1) -> str:
    """``1234.5`` → ``"1.234,5"``; missing → ``"–"``. Never shows ``-0``."""
    if _is_missing(value):
        return "–"
    decimals = max(0, int(decimals))
    text = f"{float(value):,.{decimals}f}"
    if text.lstrip("-").strip("0,.") == "":
        text = text.lstrip("-")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value: Any, unit: str | None, decimals: int = 1) -> str:
    """A number with its unit in Dutch order: ``€ 412.000``, ``12,3%``, ``4,5 per 1.000``."""
    if _is_missing(value):
        return NO_DATA
    text = number(value, decimals)
    unit = (unit or "").strip()
    if not unit:
        return text
    if unit in ("€", "EUR", "euro"):
        return f"€ {text}"
    if unit.startswith("€"):
        rest = unit[1:].strip()
        return f"€ {text} {rest}".rstrip()
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def index(value: Any) -> str:
    """Index against the national average (NL = 100), no decimals."""
    return number(value, 0)


def klasse(value: Any) -> str:
    """Deviation class label, or "geen gegevens"."""
    if _is_missing(value):
        return NO_DATA
    return KLASSE_LABELS.get(int(value), NO_DATA)


def count(value: Any) -> str:
    """Whole number with thousands separator."""
    return number(value, 0)
