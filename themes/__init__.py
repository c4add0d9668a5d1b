"""Theme registry: all_themes(), get_indicator(id); the definitions are validated on import."""

from __future__ import annotations

from themes import branches, drugs, handelingsperspectief, pgb, vakantieparken, vastgoed
from themes.spec import KIND_POLICY, Indicator, Theme
from themes.vocab import AREA_LEVELS

_MODULES = (drugs, vastgoed, vakantieparken, pgb, branches)
KINDS = set(KIND_POLICY)


def _validate(themes: tuple[Theme, ...]) -> dict[str, Indicator]:
    """Fail at import on duplicate ids, wrong theme prefixes or incomplete definitions."""
    seen: dict[str, Indicator] = {}
    theme_ids = [t.id for t in themes]
    if len(set(theme_ids)) != len(theme_ids):
        raise ValueError(f"dubbele thema-id's: {theme_ids}")
    for theme in themes:
        for ind in theme.indicators:
            problems = []
            if ind.id in seen:
                problems.append("dubbele id")
            if ind.theme != theme.id or not ind.id.startswith(theme.id + "."):
                problems.append(f"hoort niet bij thema {theme.id}")
            if ind.kind not in KINDS:
                problems.append(f"onbekende soort {ind.kind}")
            if not set(ind.levels) <= set(AREA_LEVELS):
                problems.append(f"onbekend niveau in {ind.levels}")
            if not (ind.numerator or ind.published):
                problems.append("geen teller en geen gepubliceerd cijfer")
            noise = KIND_POLICY[ind.kind].noise if ind.kind in KINDS else None
            if noise and not (ind.numerator and ind.denominator):
                problems.append("telling zonder teller en noemer")
            if not (ind.title and ind.description and ind.caveat and ind.unit and ind.sources):
                problems.append("titel, uitleg, kanttekening, eenheid of bron ontbreekt")
            if problems:
                raise ValueError(f"indicator {ind.id}: " + "; ".join(problems))
            seen[ind.id] = ind
    return seen


THEMES: tuple[Theme, ...] = tuple(sorted((m.THEME for m in _MODULES), key=lambda t: t.order))
_INDICATORS = _validate(THEMES)
_unknown = set(handelingsperspectief.BY_INDICATOR) - set(_INDICATORS)
if _unknown:  # handelingsperspectief for an indicator that does not exist: a typo
    raise ValueError(f"handelingsperspectief voor onbekende indicator(en): {sorted(_unknown)}")


def all_themes() -> tuple[Theme, ...]:
    return THEMES


def all_indicators() -> tuple[Indicator, ...]:
    return tuple(_INDICATORS.values())


def get_theme(theme_id: str) -> Theme:
    for t in THEMES:
        if t.id == theme_id:
            return t
    raise KeyError(theme_id)


def get_indicator(indicator_id: str) -> Indicator:
    """The indicator with this id; KeyError for unknown ids (callers turn it into a message)."""
    return _INDICATORS[indicator_id]
