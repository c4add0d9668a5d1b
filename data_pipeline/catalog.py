"""Per CBS table: id, title, licence, how its rows map to regions/years, and the topics used.

Topics are matched by their OData key *without* the numeric suffix (CBS renumbers suffixes when
it revises a table); where a table repeats a stem (count and relative columns share a name),
``occurrence`` picks the n-th column with that stem, in table order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from themes.vocab import GEO_LICENCE, LICENCE  # noqa: F401  (re-exported)

#: Path of a table in CBS's OData v3 bulk feed, under the ``cbs_url`` setting.
FEED_PATH = "/ODataFeed/odata/{table}/"
#: Boundary files under the ``geo_url`` setting (cartomap), and PDOK's generalised layers.
GEO_FILE = "{level}_{year}.{ext}"
PDOK_COLLECTION = "{level}_gegeneraliseerd"


@dataclass(frozen=True)
class Topic:
    """One CBS topic column → one measure in ``core_observation``."""

    stem: str  # OData key without numeric suffix
    measure: str  # our name: <table alias>.<name>_<unit>
    description: str
    unit: str = ""
    occurrence: int = 0
    required: bool = True


@dataclass(frozen=True)
class Pick:
    """A category of a dimension that rows must have: its title, and the key where confirmed.

    The live source resolves ``title`` to the real (padded) key through the dimension's
    metadata; where ``key`` is pinned and the metadata disagrees, the build stops.
    """

    title: str
    key: str | None = None


@dataclass(frozen=True)
class Table:
    """How one CBS table is read: which column holds the region, the period, filters."""

    id: str
    alias: str
    title: str
    topics: tuple[Topic, ...]
    region_dim: str | None = None  # dimension column holding region titles (mapped via <dim>.json)
    region_code_col: str | None = None  # stem of a column that holds the code itself
    period_dim: str | None = "Perioden"
    filters: dict[str, Pick] = field(default_factory=dict)  # dimension -> category rows must have
    periods: str = r"\d{4}JJ00"  # period keys to keep (regex); the year is the key's first 4
    split_col: str | None = None  # column whose titles split a topic into several measures
    split: dict[str, str] = field(default_factory=dict)  # title → suffix added to the measure
    licence: str = LICENCE
    required: bool = True
    #: Known stem renames between table revisions: current stem -> earlier/later stems (PUDL).
    renames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Ask CBS only for the columns the topics need (``$select``); False = every column.
    select: bool = True
    #: Title pattern in CBS's catalog for "the newest edition" (live); the id above is the
    #: default, and the ``pin`` setting fixes an id.
    discover: str | None = None
    pin: str | None = None
    #: Gebieden in Nederland: which Code_N/Naam_N pair holds a division, found by its codes'
    #: prefix ("code", "PV"), or which Code_N/Omschrijving_N pair a CBS class ("class", word).
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)


TABLES: tuple[Table, ...] = (
    Table(
        id="85984NED",
        alias="kwb",
        title="Kerncijfers wijken en buurten 2024",
        region_code_col="Codering",
        period_dim=None,
        discover=r"Kerncijfers wijken en buurten (\d{4})",
        pin="kwb_table",
        renames={"OnbewoondeWoningen": ("PercentageOnbewoond",)},
        topics=(
            Topic("AantalInwoners", "kwb.inwoners_n", "Aantal inwoners", "personen"),
            Topic("Woningvoorraad", "kwb.woningvoorraad_n", "Woningvoorraad", "woningen"),
            Topic(
                "GemiddeldeWOZWaardeVanWoningen",
                "kwb.woz_keur",
                "Gemiddelde WOZ-waarde van woningen",
                "× 1.000 euro",
            ),
            Topic("Koopwoningen", "kwb.koopwoningen_pct", "Koopwoningen", "%"),
            Topic(
                "InBezitOverigeVerhuurders",
                "kwb.overige_verhuurders_pct",
                "Huurwoningen in bezit van overige verhuurders",
                "%",
            ),
            Topic("OnbewoondeWoningen", "kwb.onbewoond_pct", "Onbewoonde woningen", "%"),
            Topic(
                "GemiddeldInkomenPerInwoner",
                "kwb.inkomen_per_inwoner_keur",
                "Gemiddeld inkomen per inwoner",
                "× 1.000 euro",
            ),
            Topic(
                "BedrijfsvestigingenTotaal",
                "kwb.vestigingen_n",
                "Bedrijfsvestigingen totaal",
                "vestigingen",
            ),
            Topic(
                "GIHandelEnHoreca",
                "kwb.vestigingen_gi_n",
                "Bedrijfsvestigingen G+I Handel en horeca",
                "vestigingen",
            ),
            Topic(
                "KLFinancieleDienstenOnroerendGoed",
                "kwb.vestigingen_kl_n",
                "Bedrijfsvestigingen K+L Financiële diensten, onroerend goed",
                "vestigingen",
            ),
            # structural traits for vergelijkbare gemeenten (data_pipeline/similarity.py)
            Topic("k_0Tot15Jaar", "kwb.leeftijd_0_15_n", "Inwoners 0 tot 15 jaar", "personen"),
            Topic("k_15Tot25Jaar", "kwb.leeftijd_15_25_n", "Inwoners 15 tot 25 jaar", "personen"),
            Topic(
                "k_65JaarOfOuder", "kwb.leeftijd_65plus_n", "Inwoners 65 jaar of ouder", "personen"
            ),
            Topic(
                "GemiddeldeHuishoudensgrootte",
                "kwb.huishoudensgrootte_gem",
                "Gemiddelde huishoudensgrootte",
                "personen",
            ),
            Topic(
                "Omgevingsadressendichtheid",
                "kwb.adresdichtheid_per_km2",
                "Omgevingsadressendichtheid",
                "adressen per km²",
            ),
        ),
    ),
    Table(
        id="85755NED",
        alias="gebieden",
        title="Gebieden in Nederland 2024",
        region_dim="RegioS",
        region_code_col="Code",  # Code_1 holds the gemeente's code
        roles={
            "provincie": ("code", "PV"),
            "riec": ("code", "RE"),  # politie-eenheid = RIEC region
            "grootteklasse": ("class", "inwoners"),
            "stedelijkheid": ("class", "stedelijk"),
        },
        period_dim=None,
        select=False,  # every Code_N/Naam_N pair: regions.py finds its columns by their codes
        discover=r"Gebieden in Nederland (\d{4})",
        pin="gebieden_table",
        topics=(Topic("Inwonertal", "gebieden.inwoners_n", "Inwonertal", "personen"),),
    ),
    Table(
        id="85385NED",
        alias="gebieden2023",
        title="Gebieden in Nederland 2023",
        region_dim="RegioS",
        region_code_col="Code",
        period_dim=None,
        select=False,
        topics=(Topic("Inwonertal", "gebieden.inwoners_n", "Inwonertal", "personen"),),
    ),
    Table(
        id="85655NED",
        alias="verdachten",
        title="Verdachten; delict, leeftijd, geslacht en woongemeente",
        region_dim="Woongemeente",
        filters={
            "Geslacht": Pick("Totaal mannen en vrouwen", "T001038"),
            "Leeftijd": Pick("Totaal", "10000"),
        },
        topics=(
            Topic("TotaalVerdachtenVanMisdrijven", "verdachten.totaal_n", "Verdachten totaal"),
            Topic(
                "VerdachtenVanDrugsmisdrijven",
                "verdachten.drugs_n",
                "Verdachten van drugsmisdrijven",
            ),
            Topic(
                "TotaalVerdachtenVanMisdrijven",
                "verdachten.totaal_per_10k",
                "Verdachten totaal per 10.000 inwoners",
                occurrence=1,
            ),
            Topic(
                "VerdachtenVanDrugsmisdrijven",
                "verdachten.drugs_per_10k",
                "Verdachten van drugsmisdrijven per 10.000 inwoners",
                occurrence=1,
            ),
        ),
    ),
    Table(
        id="83648NED",
        alias="misdrijven",
        title="Geregistreerde criminaliteit; soort misdrijf, regio",
        region_dim="RegioS",
        filters={"SoortMisdrijf": Pick("Misdrijven, totaal", "T001161")},
        topics=(
            Topic(
                "TotaalGeregistreerdeMisdrijven",
                "misdrijven.totaal_n",
                "Geregistreerde misdrijven",
            ),
            Topic(
                "GeregistreerdeMisdrijvenPer1000Inw",
                "misdrijven.per_1000",
                "Geregistreerde misdrijven per 1.000 inwoners",
            ),
        ),
    ),
    Table(
        id="85146NED",
        alias="veiligheidsmonitor",
        title="Veiligheidsmonitor; kerncijfers, regio",
        region_dim="RegioS",
        split_col="Marges",
        split={
            "Waarde": "",
            "Betrouwbaarheidsmarge ondergrens": ".ondergrens",
            "Betrouwbaarheidsmarge bovengrens": ".bovengrens",
        },
        topics=(
            Topic("Drugshandel", "vm.drugshandel_pct", "Drugshandel komt vaak voor in buurt", "%"),
            Topic("Drugsgebruik", "vm.drugsgebruik_pct", "Drugsgebruik komt vaak voor", "%"),
        ),
    ),
    Table(
        id="83625NED",
        alias="koopprijzen",
        title="Bestaande koopwoningen; gemiddelde verkoopprijzen, regio",
        region_dim="RegioS",
        topics=(
            Topic(
                "GemiddeldeVerkoopprijs",
                "koop.verkoopprijs_eur",
                "Gemiddelde verkoopprijs",
                "euro",
            ),
        ),
    ),
    Table(
        id="86054NED",
        alias="voorraad",
        title="Voorraad woningen; overige toevoegingen en onttrekkingen (detail), regio",
        region_dim="RegioS",
        topics=(
            Topic("BeginstandVoorraad", "voorraad.beginstand_n", "Beginstand woningvoorraad"),
            Topic("Woningsplitsing", "voorraad.woningsplitsing_n", "Toevoeging door splitsing"),
            Topic(
                "VanLogiesfunctieNaarWoonfunctie",
                "voorraad.logies_naar_woon_n",
                "Toevoeging: van logiesfunctie naar woonfunctie",
            ),
            Topic(
                "VanWoonNaarLogiesfunctie",
                "voorraad.woon_naar_logies_n",
                "Onttrekking: van woonfunctie naar logiesfunctie",
            ),
        ),
    ),
    Table(
        id="85995NED",
        alias="wmo",
        title="Wmo-cliënten; financieringsvorm, wijken",
        region_code_col="Codering",
        periods=r"\d{4}HJ01",  # first half year: the period published per wijk
        split_col="Financieringsvorm",
        split={"Totaal": "", "Uitsluitend PersoonsGebondenBudget (PGB)": ".pgb"},
        topics=(
            Topic("WmoClienten", "wmo.clienten_n", "Wmo-cliënten"),
            Topic("WmoClientenPer1000Inwoners", "wmo.clienten_per_1000", "Wmo-cliënten per 1.000"),
        ),
    ),
    Table(
        id="81575NED",
        alias="vestigingen",
        title="Vestigingen van bedrijven; bedrijfstak, gemeente",
        region_dim="RegioS",
        filters={
            "BedrijfstakkenBranchesSBI2008": Pick("A-U Alle economische activiteiten", "T001081")
        },
        topics=(Topic("Vestigingen", "vestigingen.totaal_n_81575", "Vestigingen van bedrijven"),),
    ),
    Table(
        id="82900NED",
        alias="eigendom",
        title="Voorraad woningen; eigendom, type verhuurder, bewoning, regio",
        region_dim="RegioS",
        filters={"StatusVanBewoning": Pick("Totaal")},
        topics=(
            Topic("TotaleWoningvoorraad", "eigendom.voorraad_n", "Totale woningvoorraad"),
            Topic(
                "EigendomOverigeVerhuurders",
                "eigendom.overige_verhuurders_n",
                "Woningen in eigendom van overige verhuurders",
            ),
            Topic("EigendomOnbekend", "eigendom.onbekend_n", "Woningen met eigendom onbekend"),
        ),
    ),
    Table(
        id="71446NED",
        alias="eigendom2006",
        title="Woningvoorraad naar eigendom; regio",
        region_dim="RegioS",
        topics=(
            Topic("TotaleWoningvoorraad", "eigendom2006.voorraad_n", "Totale woningvoorraad"),
            Topic(
                "InBezitOverigeVerhuurders",
                "eigendom2006.overige_verhuurders_n",
                "Woningen in bezit van overige verhuurders",
            ),
            Topic("EigendomOnbekend", "eigendom2006.onbekend_n", "Woningen met eigendom onbekend"),
        ),
    ),
)


def table(table_id: str) -> Table:
    for t in TABLES:
        if t.id == table_id:
            return t
    raise KeyError(table_id)


def topic_stems(tbl: Table, topic_stem: str) -> tuple[str, ...]:
    """A topic's stem and its known renames, in the order they are tried."""
    return (topic_stem, *tbl.renames.get(topic_stem, ()))
