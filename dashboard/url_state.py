"""View state ⇄ query string: the one place URLs are parsed, validated and built.

Parameters: ``thema``, ``indicator``, ``niveau``, ``jaar``, ``gemeente``, ``gemeenten``
(comma-separated), ``regio`` and ``jaren=alle``. Two steps, so unit tests need no database:

- ``parse(query)`` checks syntax only (types, code formats, lengths) → ``(State, errors)``;
- ``validate(state)`` checks every identifier against the database → ``(State, errors)``;
  unknown values are dropped from the returned state so pages can still render a default view.

``build_url(path, state, **changes)`` is the only URL builder; every link and ``dcc.Location``
update goes through it, with the sub-path the app is served under (``base()``, the setting
``base_path``) in front. Error messages are Dutch and safe to show to users as-is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

from dashboard import config as app_settings
from data_pipeline import store
from themes.vocab import AREA_LEVELS, Level

PARAMS: tuple[str, ...] = (
    "thema",
    "indicator",
    "niveau",
    "jaar",
    "gemeente",
    "gemeenten",
    "regio",
    "jaren",
)
#: the pages' paths, in menu order: every link names them from here
KAART, VERGELIJK, PROFIEL, SIGNALEN, TABEL, TOELICHTING = PAGES = (
    "/kaart",
    "/vergelijk",
    "/profiel",
    "/signalen",
    "/tabel",
    "/toelichting",
)
#: the boundaries per level (``/geo/<level>.json``), served by ``dashboard.serve.server``
GEO_PREFIX = "/geo/"
#: ``jaren=alle``: every year of every indicator instead of one year each (Tabel)
ALL_YEARS = "alle"
MAX_GEMEENTEN = 80  # the largest RIEC region (Oost-Nederland) has 76 gemeenten
MAX_VALUE_LEN = 120

_GM_LOOSE = re.compile(r"^(?:GM)?(\d{1,4})$")
_REGIO = re.compile(r"^(PV\d{2}|RE\d{2})$")
_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


@dataclass(frozen=True)
class State:
    """Everything a view needs from the URL; ``None`` = use the page's default."""

    theme: str | None = None
    indicator: str | None = None
    level: str | None = None
    year: int | None = None
    gemeente: str | None = None
    gemeenten: tuple[str, ...] = ()
    region: str | None = None  # a RIEC region (RE..) or provincie (PV..)
    all_years: bool = False  # ``jaren=alle``

    def with_(self, **changes: Any) -> State:
        """A copy with some fields changed (``gemeenten`` may be any iterable)."""
        if "gemeenten" in changes and changes["gemeenten"] is not None:
            changes["gemeenten"] = tuple(changes["gemeenten"])
        return replace(self, **changes)


def _first(value: Any) -> str | None:
    """Dash passes repeated parameters as lists; the first one counts."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    return str(value).strip()


def _gm(raw: str) -> str | None:
    """'GM0363', 'gm363' and '363' all mean GM0363."""
    match = _GM_LOOSE.match(raw.strip().upper())
    return f"GM{match.group(1).zfill(4)}" if match else None


def _as_mapping(query: str | Mapping[str, Any] | None) -> Mapping[str, Any]:
    if query is None:
        return {}
    if isinstance(query, str):
        qs = query[1:] if query.startswith("?") else query
        return {k: v for k, v in parse_qs(qs, keep_blank_values=True).items()}
    return query


def parse(
    query: str | Mapping[str, Any] | None, levels: Sequence[str] = AREA_LEVELS
) -> tuple[State, list[str]]:
    """Syntax check of a query string or Dash ``query_params`` mapping (no database).

    ``levels``: the levels the page can show (maps: gemeente/wijk/buurt; Tabel also sets).
    """
    raw = _as_mapping(query)
    errors: list[str] = []
    values: dict[str, Any] = {}
    for name in PARAMS:
        text = _first(raw.get(name))
        if not text:
            continue
        if len(text) > MAX_VALUE_LEN * (MAX_GEMEENTEN if name == "gemeenten" else 1):
            errors.append(f"De waarde van '{name}' is te lang.")
            continue
        parsed, error = _p_niveau(text, levels) if name == "niveau" else _PARSERS[name](text)
        if error:
            errors.append(error)
        if parsed is not None:  # a value with a note (too many gemeenten: the first ones)
            values[name] = parsed
    fields_ = {_FIELDS.get(k, k): v for k, v in values.items()}
    return State(**fields_), errors


def _p_id(kind: str) -> Any:
    def parse_id(text: str) -> tuple[str | None, str | None]:
        if _ID.match(text):
            return text, None
        return None, f"'{_short(text)}' is geen geldige {kind}."

    return parse_id


def _p_niveau(text: str, levels: Sequence[str]) -> tuple[str | None, str | None]:
    level = text.lower()
    if level in levels:
        return level, None
    words = [Level(lv).label for lv in levels]
    choice = ", ".join(words[:-1]) + " of " + words[-1]
    return None, f"Niveau '{_short(text)}' bestaat niet; kies {choice}."


def _p_jaren(text: str) -> tuple[bool | None, str | None]:
    if text.lower() == ALL_YEARS:
        return True, None
    return None, f"'{_short(text)}' bij jaren: alleen 'alle' kan."


def _p_jaar(text: str) -> tuple[int | None, str | None]:
    if re.fullmatch(r"[0-9]{4}", text):
        return int(text), None
    return None, f"Jaar '{_short(text)}' is geen jaartal."


def pick_year(raw: Any, years: list[int], missing: str) -> tuple[int, str | None]:
    """A requested year if it has data, else the latest, with a note (``missing`` names it)."""
    text = str(raw) if isinstance(raw, int | str) else ""
    year = int(text) if re.fullmatch(r"[0-9]{1,4}", text) else None
    if year in years or not years:
        return year or 0, None
    note = f"{missing.format(jaar=year)}; getoond: {years[-1]}." if year is not None else None
    return years[-1], note


def _p_gemeente(text: str) -> tuple[str | None, str | None]:
    code = _gm(text)
    if code:
        return code, None
    return None, f"'{_short(text)}' is geen gemeentecode (zoals GM0363)."


def _p_regio(text: str) -> tuple[str | None, str | None]:
    code = text.strip().upper()
    if _REGIO.match(code):
        return code, None
    return None, f"'{_short(text)}' is geen RIEC-regio of provincie (zoals RE05 of PV27)."


def _p_gemeenten(text: str) -> tuple[tuple[str, ...] | None, str | None]:
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    codes = [_gm(p) for p in parts]
    bad = [p for p, c in zip(parts, codes, strict=True) if c is None]
    if bad:
        return None, f"'{_short(bad[0])}' is geen gemeentecode (zoals GM0363)."
    unique = tuple(dict.fromkeys(codes))
    if len(unique) > MAX_GEMEENTEN:  # the same limit as the Vergelijk page: keep the first
        return unique[:MAX_GEMEENTEN], too_many(len(unique))  # type: ignore[return-value]
    return unique, None  # type: ignore[return-value]


def too_many(n: int) -> str:
    """The note when more than MAX_GEMEENTEN gemeenten are chosen (URL and page alike)."""
    return (
        f"Er zijn {n} gemeenten gekozen; Vergelijk toont er hoogstens {MAX_GEMEENTEN}: "
        f"de eerste {MAX_GEMEENTEN}."
    )


_PARSERS = {
    "thema": _p_id("thema"),
    "indicator": _p_id("indicator"),
    "jaar": _p_jaar,
    "gemeente": _p_gemeente,
    "gemeenten": _p_gemeenten,
    "regio": _p_regio,
    "jaren": _p_jaren,
}
#: URL parameter (Dutch, what users see) → State field (English, what code reads)
_FIELDS = {
    "thema": "theme",
    "niveau": "level",
    "jaar": "year",
    "regio": "region",
    "jaren": "all_years",
}
_PARAM_OF = {field: param for param, field in _FIELDS.items()}


def _short(text: str) -> str:
    """Echo user input back safely: printable, at most 40 characters."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= 40 else clean[:39] + "…"


def validate(state: State) -> tuple[State, list[str]]:
    """Check identifiers against the database; unknown ones are dropped with a message."""
    errors: list[str] = []
    changes: dict[str, Any] = {}
    if state.theme is not None and not store.known_theme(state.theme):
        errors.append(f"Thema '{state.theme}' bestaat niet.")
        changes["theme"] = None
    if state.indicator is not None and not store.known_indicator(state.indicator):
        errors.append(f"Indicator '{state.indicator}' bestaat niet.")
        changes["indicator"] = None
    indicator = changes.get("indicator", state.indicator)
    if state.year is not None and not store.known_year(state.year, indicator):
        errors.append(f"Voor jaar {state.year} zijn geen cijfers.")
        changes["year"] = None
    if state.gemeente is not None and not store.known_region(state.gemeente, "gemeente"):
        errors.append(f"Gemeente '{state.gemeente}' bestaat niet.")
        changes["gemeente"] = None
    if state.region is not None and not (
        store.known_region(state.region, "riec") or store.known_region(state.region, "provincie")
    ):
        errors.append(f"Regio '{state.region}' bestaat niet.")
        changes["region"] = None
    unknown = [c for c in state.gemeenten if not store.known_region(c, "gemeente")]
    if unknown:
        errors.append(f"Onbekende gemeente(n): {', '.join(unknown[:5])}.")
        changes["gemeenten"] = tuple(c for c in state.gemeenten if c not in unknown)
    return (replace(state, **changes) if changes else state), errors


def read(
    query: str | Mapping[str, Any] | None, levels: Sequence[str] = AREA_LEVELS
) -> tuple[State, list[str]]:
    """``parse`` then ``validate``: what a page layout calls with its ``query_params``."""
    state, errors = parse(query, levels)
    state, more = validate(state)
    return state, errors + more


def to_query(state: State) -> str:
    """The query string of a state (without '?'); empty fields are left out, order fixed."""
    pairs: list[tuple[str, str]] = []
    for f in fields(State):
        value = getattr(state, f.name)
        if value is None or value == () or value is False:
            continue
        if value is True:
            value = ALL_YEARS
        text = ",".join(value) if f.name == "gemeenten" else str(value)
        pairs.append((_PARAM_OF.get(f.name, f.name), text))
    return urlencode(pairs, safe=",")


def base() -> str:
    """The sub-path the app is served under: ``/`` or e.g. ``/zicht/`` (``zicht serve
    --base-path``); every URL this module builds starts with it."""
    return app_settings.current().base_path


def at_base(path: str) -> str:
    """A server path (``/kaart``, ``/geo/…``, ``/export/…``) under the sub-path."""
    return base().rstrip("/") + path


def build_url(
    path: str, state: State | None = None, anchor: str | None = None, **changes: Any
) -> str:
    """Path plus query string for ``state`` with ``changes`` applied (and ``#anchor``); the only
    URL builder: every link, ``dcc.Location`` update and share URL goes through it."""
    state = (state or State()).with_(**changes) if changes else (state or State())
    query = to_query(state)
    url = at_base(f"{path}?{query}" if query else path)
    return f"{url}#{anchor}" if anchor else url


def search(url: str) -> str:
    """The ``?query`` part of a URL from ``build_url`` ('' without one): what a page's
    ``dcc.Location`` gets as ``search``."""
    query = url.split("#", 1)[0].partition("?")[2]
    return f"?{query}" if query else ""


def geo_version() -> str:
    """Short hash of the database identity: part of every GeoJSON URL (cache busting)."""
    return store.version_hash()[:12]


def geo_url(level: str, gemeente: str | None = None) -> str:
    """URL of the boundaries of ``level`` (inside ``gemeente``), immutable per DB version."""
    query = urlencode({"v": geo_version(), **({"gemeente": gemeente} if gemeente else {})})
    return at_base(f"{GEO_PREFIX}{level}.json?{query}")


def how_similar() -> str:
    """Where the Toelichting explains how similar gemeenten are found (Vergelijk, Profiel)."""
    return build_url(TOELICHTING, anchor="vergelijkbaar")
