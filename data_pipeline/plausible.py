"""What each measure's values can plausibly be: one declared range per measure, as data.

Keyed by the measure names of ``data_pipeline/catalog.py`` (and of ``sql/derived/``), so the
range stands next to the catalog without a guess from the name's unit. Each range is what the
real data holds plus a wide margin; the comment beside it gives the offline snapshot's span
(every region and year, before the build drops former gemeenten). ``sanity.require_plausible``
checks every value as a table is loaded and stops ``zicht build`` with one line naming table,
column and region; ``zicht check`` applies the same ranges to ``core_observation``. Widen a
range only when CBS really publishes such a value. A test requires a range for every measure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from themes.vocab import Level


def _nl(x: float) -> str:
    """A bound in Dutch notation: 30.000.000, 0,5."""
    text = f"{x:,.0f}" if x == int(x) else f"{x:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@dataclass(frozen=True)
class Plausible:
    """Finite, ``low``–``high`` (inclusive), whole where ``integer``, and more than 0 for areas
    of the ``positive_at`` levels (a gemeente always has inhabitants)."""

    what: str  # kind of figure, in Dutch: aantal, percentage, gemiddelde, ...
    low: float
    high: float
    integer: bool = False
    positive_at: tuple[Level, ...] = ()

    def describe(self) -> str:
        """The rule in Dutch: 'eindig geheel getal 0–30.000.000, meer dan 0 voor gemeente'."""
        text = "eindig geheel getal" if self.integer else "eindig getal"
        low, high = math.isfinite(self.low), math.isfinite(self.high)
        if low and high:
            text += f" {_nl(self.low)}–{_nl(self.high)}"
        elif low or high:
            text += f" ≥ {_nl(self.low)}" if low else f" ≤ {_nl(self.high)}"
        if self.positive_at:
            text += ", meer dan 0 voor " + ", ".join(lv.label for lv in self.positive_at)
        return text


#: a measure without a declared range: finiteness only (tests/unit/test_plausible.py)
FINITE_ONLY = Plausible("getal", -math.inf, math.inf)

# counts: Nederland has 17,9 mln inhabitants, 8,2 mln dwellings, 2,6 mln vestigingen
PERSONS = Plausible("aantal", 0, 30_000_000, integer=True)
POPULATION = replace(
    PERSONS, positive_at=(Level.NEDERLAND, Level.PROVINCIE, Level.RIEC, Level.GEMEENTE)
)
DWELLINGS = Plausible("aantal", 0, 20_000_000, integer=True)
ESTABLISHMENTS = Plausible("aantal", 0, 10_000_000, integer=True)
CRIMES = Plausible("aantal", 0, 30_000_000, integer=True)
PERCENT = Plausible("percentage", 0, 100)
PER_10K = Plausible("verhoudingsgetal", 0, 10_000)  # people per 10.000 inhabitants

RANGES: dict[str, Plausible] = {
    # 85984NED Kerncijfers wijken en buurten 2024 (Nederland, gemeenten, wijken, buurten)
    "kwb.inwoners_n": POPULATION,  # 0–17.942.942; gemeenten 972–931.298
    "kwb.woningvoorraad_n": DWELLINGS,  # 0–8.204.049
    "kwb.woz_keur": Plausible("gemiddelde", 10, 10_000),  # × 1.000 euro: 31–2.206
    "kwb.koopwoningen_pct": PERCENT,  # 0–100
    "kwb.overige_verhuurders_pct": PERCENT,  # 0–100
    "kwb.onbewoond_pct": PERCENT,  # 0–100
    "kwb.inkomen_per_inwoner_keur": Plausible("gemiddelde", 1, 1_000),  # × 1.000: 17,4–92,9
    "kwb.vestigingen_n": ESTABLISHMENTS,  # 0–2.507.795
    "kwb.vestigingen_gi_n": ESTABLISHMENTS,  # 0–419.330
    "kwb.vestigingen_kl_n": ESTABLISHMENTS,  # 0–125.130
    "kwb.leeftijd_0_15_n": PERSONS,  # 0–2.714.040
    "kwb.leeftijd_15_25_n": PERSONS,  # 0–2.202.159
    "kwb.leeftijd_65plus_n": PERSONS,  # 0–3.677.228
    "kwb.huishoudensgrootte_gem": Plausible("gemiddelde", 1, 10),  # 1,0–7,0
    "kwb.adresdichtheid_per_km2": Plausible("dichtheid", 0, 100_000),  # 1–12.589
    # 85755NED / 85385NED Gebieden in Nederland 2024 / 2023 (gemeenten)
    "gebieden.inwoners_n": POPULATION,  # 972–931.298
    # 85655NED Verdachten
    "verdachten.totaal_n": PERSONS,  # 0–272.120
    "verdachten.drugs_n": PERSONS,  # 0–21.560
    "verdachten.totaal_per_10k": PER_10K,  # 20–317
    "verdachten.drugs_per_10k": PER_10K,  # 1–32
    # 83648NED Geregistreerde criminaliteit
    "misdrijven.totaal_n": CRIMES,  # 20–1.206.565
    "misdrijven.per_1000": Plausible("verhoudingsgetal", 0, 5_000),  # 12–201,3
    # 85146NED Veiligheidsmonitor (value and margins share the range)
    "vm.drugshandel_pct": PERCENT,  # 0,0–15,9
    "vm.drugsgebruik_pct": PERCENT,  # 0,3–13,2
    # 83625NED Bestaande koopwoningen
    "koop.verkoopprijs_eur": Plausible("bedrag", 10_000, 10_000_000),  # 127.804–1.047.685
    # 86054NED Voorraad woningen; toevoegingen en onttrekkingen
    "voorraad.beginstand_n": DWELLINGS,  # 580–8.125.230
    "voorraad.woningsplitsing_n": DWELLINGS,  # 0–3.610
    "voorraad.logies_naar_woon_n": DWELLINGS,  # 0–520
    "voorraad.woon_naar_logies_n": DWELLINGS,  # 0–1.385
    # 85995NED Wmo-cliënten (totaal and PGB share the range)
    "wmo.clienten_n": PERSONS,  # 10–64.355
    "wmo.clienten_per_1000": Plausible("verhoudingsgetal", 0, 1_000),  # 0–441
    # 81575NED Vestigingen van bedrijven
    "vestigingen.totaal_n_81575": ESTABLISHMENTS,  # 140–2.551.540
    # 82900NED / 71446NED Woningvoorraad naar eigendom
    "eigendom.voorraad_n": DWELLINGS,  # 527–8.204.049
    "eigendom.overige_verhuurders_n": DWELLINGS,  # 26–1.186.831
    "eigendom.onbekend_n": DWELLINGS,  # 0–83.987
    "eigendom2006.voorraad_n": DWELLINGS,  # 522–7.266.295
    "eigendom2006.overige_verhuurders_n": DWELLINGS,  # 36–943.325
    "eigendom2006.onbekend_n": DWELLINGS,  # 0–268.820
    # derived measures (sql/derived/<measure>.sql), from the figures above
    "bevolking.inwoners_n": POPULATION,
    "kwb.inkomen_per_inwoner_eur": Plausible("gemiddelde", 1_000, 1_000_000),
    "misdrijven.bevolking_n": Plausible("aantal", 0, 30_000_000),  # count ÷ rate: not whole
    "verdachten.bevolking_n": Plausible("aantal", 0, 30_000_000),  # count ÷ rate: not whole
    "vastgoed.eigendom_onbekend_n": DWELLINGS,
    "vastgoed.overige_verhuurders_n": Plausible("aantal", 0, 20_000_000),  # % × dwellings
    "vastgoed.voorraad_n": DWELLINGS,
    "vestigingen.totaal_n": ESTABLISHMENTS,
}


def plausible(measure: str) -> Plausible | None:
    """The declared range of a ``core_observation`` measure; a split measure
    (``vm.drugshandel_pct.ondergrens``, ``wmo.clienten_n.pgb``) has its topic's."""
    return RANGES.get(measure) or RANGES.get(".".join(measure.split(".")[:2]))
