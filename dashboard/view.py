"""One resolved view per request: what a page shows, built once from the URL state.

``url_state.State`` is what the URL (or the controls) asked for; a :class:`View` is what the
page can show: the indicator's definition itself (not its id), a level the data has, a year
with figures, a known gemeente and the boundaries that are drawn, with a note wherever the
request had to be corrected. Every page and component takes a View; nothing looks the
indicator up again. One resolver per page (``kaart``, ``signalen``, ``vergelijk``, ``profiel``,
``tabel``), used by the page's layout and by its callbacks alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dash import dcc, no_update

from dashboard import config as app_settings
from dashboard import url_state
from data_pipeline import store
from themes.vocab import AREA_LEVELS, DEFAULT_GEMEENTE, TABLE_LEVELS, Level

#: the store every page holds with the URL it shows; the router reads it (``page_layout``)
SHOWN = "view-shown"


@dataclass(frozen=True)
class View:
    """A resolved, valid view of one page."""

    path: str
    level: str | None = None  # None: the page has no level (Vergelijk, Profiel)
    year: int | None = None
    indicator: store.IndicatorInfo | None = None
    theme: str | None = None
    gemeente: str | None = None
    place: str | None = None  # the gemeente's name
    gemeenten: tuple[str, ...] = ()
    region: str | None = None  # a RIEC region (RE..) or provincie (PV..)
    all_years: bool = False
    online: bool = False  # the online base map (``ZICHT_TILES``)
    drawn: str = Level.GEMEENTE  # the level whose boundaries are drawn
    scope: str | None = None  # the gemeente whose wijken/buurten are drawn; None = Nederland
    notes: tuple[str, ...] = ()  # where the request was corrected, in Dutch

    def state(self) -> url_state.State:
        """The URL state of this view (the indicator by its id)."""
        return url_state.State(
            theme=self.theme,
            indicator=self.indicator.id if self.indicator else None,
            level=self.level,
            year=self.year,
            gemeente=self.gemeente,
            gemeenten=self.gemeenten,
            region=self.region,
            all_years=self.all_years,
        )

    def url(self) -> str:
        """The address of this view (the one URL builder)."""
        return url_state.build_url(self.path, self.state())

    def with_(self, **changes: Any) -> View:
        return replace(self, **changes)


def _gemeente(code: Any) -> tuple[str | None, str | None]:
    """(code, name) of a known gemeente, else (None, None)."""
    if not (isinstance(code, str) and store.known_region(code, Level.GEMEENTE)):
        return None, None
    return code, store.region(code)["name"]


def _map(path: str, level: str, year: int, gemeente: Any, **fields: Any) -> View:
    """A map view: the gemeente checked and the boundaries that can be drawn."""
    code, name = _gemeente(gemeente)
    drawn, scope = store.drawn_level(level, code)
    return View(path, level, year, gemeente=code, place=name, drawn=drawn, scope=scope, **fields)


def kaart(state: url_state.State, online: Any = False) -> View:
    """Kaart: defaults filled in, with a note where the data cannot show the request."""
    notes: list[str] = []
    theme, wanted = state.theme, state.indicator
    ind = store.indicator(wanted) if isinstance(wanted, str) and wanted else None
    if ind is None or (theme and store.known_theme(theme) and ind.theme != theme):
        known = isinstance(theme, str) and store.known_theme(theme)
        ind = store.indicators(theme if known else store.themes()[0].id)[0]
    level = state.level if state.level in AREA_LEVELS else Level.GEMEENTE
    if level not in ind.levels:
        notes.append(f"'{ind.label}' is er niet per {level}; getoond per gemeente.")
        level = Level.GEMEENTE
    years = store.years(ind.id, level) or store.years(ind.id)
    year, note = url_state.pick_year(state.year, years, "Geen cijfers voor {jaar}")
    notes += [note] if note else []
    tiles = bool(online) and app_settings.current().tiles
    return _map(
        url_state.KAART,
        str(level),
        year,
        state.gemeente,
        indicator=ind,
        theme=ind.theme,
        online=tiles,
        notes=tuple(notes),
    )


def signal_levels() -> list[str]:
    """Levels with signals in the database."""
    return [lv for lv in AREA_LEVELS if store.signal_years(lv)]


def signalen(state: url_state.State) -> View:
    """Signalen: gemeenten and the latest year with signals at that level by default."""
    level = state.level
    level = level if level in AREA_LEVELS and store.signal_years(level) else Level.GEMEENTE
    years = store.signal_years(level)
    year, note = url_state.pick_year(state.year, years, "Geen signalen voor {jaar} op dit niveau")
    notes = (note,) if note else ()
    return _map(url_state.SIGNALEN, str(level), year, state.gemeente, notes=notes)


def vergelijk(state: url_state.State, defaults: bool = True) -> View:
    """Vergelijk: the theme (of the indicator when only that is named), an indicator of it,
    the chosen gemeenten (at most ``MAX_GEMEENTEN``). With ``defaults`` (a page opened from
    a link) an empty choice becomes the first theme, its first indicator and Amsterdam;
    without (the controls) it stays empty."""
    ind = store.indicator(state.indicator) if store.known_indicator(state.indicator) else None
    theme = state.theme if store.known_theme(state.theme) else None
    gemeenten = [c for c in state.gemeenten if store.known_region(c, Level.GEMEENTE)]
    if defaults:
        themes = store.themes()
        theme = theme or (ind.theme if ind else None) or (themes[0].id if themes else None)
        own = store.indicators(theme) if theme else ()
        ind = ind if ind is not None and ind in own else (own[0] if own else None)
        gemeenten = gemeenten or ([state.gemeente] if state.gemeente else [])
        if not gemeenten and store.known_region(DEFAULT_GEMEENTE, Level.GEMEENTE):
            gemeenten = [DEFAULT_GEMEENTE]
    year = state.year if isinstance(state.year, int) and not isinstance(state.year, bool) else None
    return View(
        url_state.VERGELIJK,
        year=year,
        indicator=ind,
        theme=theme,
        gemeenten=tuple(dict.fromkeys(gemeenten))[: url_state.MAX_GEMEENTEN],
    )


def profiel(state: url_state.State, fallback: bool = True) -> View:
    """Profiel: one gemeente (the first of ``gemeenten``, Amsterdam when none and ``fallback``)."""
    wanted = state.gemeente or (state.gemeenten[0] if state.gemeenten else None)
    if wanted is None and fallback:
        wanted = DEFAULT_GEMEENTE
    code, name = _gemeente(wanted)
    return View(url_state.PROFIEL, gemeente=code, place=name)


def tabel(state: url_state.State) -> View:
    """Tabel & export: any level of ``TABLE_LEVELS``; an area (gemeente, RIEC, provincie)."""
    ind = store.indicator(state.indicator) if store.known_indicator(state.indicator) else None
    area = state.gemeente or state.region
    area = area if isinstance(area, str) and area != "NL" and store.known_region(area) else None
    gemeente = area if area and area.startswith("GM") else None
    year = state.year if isinstance(state.year, int) and not isinstance(state.year, bool) else None
    return View(
        url_state.TABEL,
        level=state.level if state.level in TABLE_LEVELS else Level.GEMEENTE,
        year=year,
        indicator=ind,
        theme=state.theme if store.known_theme(state.theme) else None,
        gemeente=gemeente,
        region=area if area and not gemeente else None,
        all_years=state.all_years is True,
    )


def location(page: str, current: View) -> list[Any]:
    """What a stateful page holds of the address: its ``dcc.Location`` (the callbacks write its
    ``search``; ``refresh="callback-nav"`` keeps Dash's router in step) and the URL on screen."""
    return [
        dcc.Location(id=f"{page}-url", refresh="callback-nav", search=search(current)),
        dcc.Store(id=SHOWN, data=current.url()),
    ]


def search(current: View) -> str:
    """The query part of the view's URL, for a page's ``dcc.Location``."""
    return url_state.search(current.url())


def page_layout(path: str, render: Callable[..., Any]) -> Callable[..., Any]:
    """A page's ``layout(**query)`` for Dash's router, which also runs when a page's own
    callback wrote a new address: then the page already shows it and stays as it is
    (``no_update``), so a control keeps its focus and the map only patches its colours.
    On back/forward the address differs from the one shown and the page is drawn anew.
    """

    def layout(shown: Any = None, **query: Any) -> Any:
        if isinstance(shown, str) and shown == requested(path, query):
            return no_update
        return render(**query)

    layout.__doc__ = render.__doc__
    return layout


def requested(path: str, query: dict[str, Any], levels: Sequence[str] = TABLE_LEVELS) -> str:
    """The URL the router asks for, as ``build_url`` writes it (unchecked values dropped)."""
    return url_state.build_url(path, url_state.parse(query, levels)[0])
