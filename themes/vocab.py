"""The project's shared vocabulary: levels, reasons, the significance threshold, licences and
defaults. Every layer (pipeline, store, dashboard, CLI) may import this module; it imports
nothing of the project."""

from __future__ import annotations

from enum import StrEnum

#: the licence of the CBS tables (stored per table in ``source.licence``)
LICENCE = "CC BY 4.0 (Bron: CBS)"
#: the licence of the boundaries (stored in ``geometry_level.note``)
GEO_LICENCE = "CC BY 4.0 (CBS / Kadaster, PDOK; generalisatie cartomap)"
#: the licence line that travels with every exported row and file
EXPORT_LICENCE = "CC BY 4.0, Bron: CBS"

#: the significance threshold of a z-score (two-sided 95%), also stored as ``build_info.z_crit``
Z_CRIT = 1.96

#: the gemeente a page shows when the link names none (Amsterdam)
DEFAULT_GEMEENTE = "GM0363"


class Level(StrEnum):
    """An area level: the value in the database and the URL, with its Dutch words."""

    NEDERLAND = "nederland"
    PROVINCIE = "provincie"
    RIEC = "riec"
    GEMEENTE = "gemeente"
    WIJK = "wijk"
    BUURT = "buurt"
    #: the CBS peer groups a gemeente is compared with (sets of gemeenten, no boundaries)
    STEDELIJKHEID = "stedelijkheid"
    GROOTTEKLASSE = "grootteklasse"

    @property
    def label(self) -> str:
        """One area of this level, in Dutch: 'RIEC-regio', 'gemeente'."""
        return _LABELS[self][0]

    @property
    def plural(self) -> str:
        """Areas of this level, in Dutch: "RIEC-regio's", 'gemeenten'."""
        return _LABELS[self][1]


_LABELS: dict[Level, tuple[str, str]] = {
    Level.NEDERLAND: ("Nederland", "Nederland"),
    Level.PROVINCIE: ("provincie", "provincies"),
    Level.RIEC: ("RIEC-regio", "RIEC-regio's"),
    Level.GEMEENTE: ("gemeente", "gemeenten"),
    Level.WIJK: ("wijk", "wijken"),
    Level.BUURT: ("buurt", "buurten"),
    Level.STEDELIJKHEID: ("stedelijkheidsklasse", "stedelijkheidsklassen"),
    Level.GROOTTEKLASSE: ("grootteklasse", "grootteklassen"),
}

#: every level stored in ``region.level``
ALL_LEVELS: tuple[Level, ...] = tuple(Level)
#: the levels with boundaries, drawn on a map and published per area by CBS
AREA_LEVELS: tuple[Level, ...] = (Level.GEMEENTE, Level.WIJK, Level.BUURT)
#: sets of gemeenten: a value is CBS's own total or the sum over the member gemeenten
SET_LEVELS: tuple[Level, ...] = (
    Level.NEDERLAND,
    Level.PROVINCIE,
    Level.RIEC,
    Level.STEDELIJKHEID,
    Level.GROOTTEKLASSE,
)
#: the levels the Tabel page and its exports list (every area of that level)
TABLE_LEVELS: tuple[Level, ...] = (*AREA_LEVELS, Level.PROVINCIE, Level.RIEC, Level.NEDERLAND)
#: a region code's level from its prefix (Nederland is exactly ``NL``)
CODE_PREFIXES: dict[str, Level] = {
    "NL": Level.NEDERLAND,
    "PV": Level.PROVINCIE,
    "RE": Level.RIEC,
    "GM": Level.GEMEENTE,
    "WK": Level.WIJK,
    "BU": Level.BUURT,
}


class Reason(StrEnum):
    """Why a value is empty: one vocabulary for the engine, the pages and every export.

    The value is the Dutch text stored in ``indicator_value.reason`` (a str, so SQL and stored
    data compare equal to it)."""

    MISSING = "geen gegevens"
    SECRET = "onderdrukt"
    SMALL = "te kleine aantallen"
    NOT_IN_SOURCE = "niet in deze bron"
    OFFLINE = "niet in de offline gegevens"

    @property
    def meaning(self) -> str:
        """What the reason means, in one Dutch sentence (shown on Toelichting)."""
        return REASONS[self]


REASONS: dict[str, str] = {
    Reason.MISSING: "CBS heeft dit cijfer leeg gelaten.",
    Reason.SECRET: "CBS houdt dit cijfer geheim (onthullingsrisico).",
    Reason.SMALL: "Te weinig om iets over te zeggen: te kleine aantallen of een door CBS "
    "afgerond aantal dat alles kan betekenen.",
    Reason.NOT_IN_SOURCE: "De brontabel heeft geen cijfer voor dit gebied of jaar.",
    Reason.OFFLINE: "CBS publiceert dit cijfer wel, maar de offline gegevens (snapshot) missen "
    "het; de live bron (CBS OData) heeft het.",
}
