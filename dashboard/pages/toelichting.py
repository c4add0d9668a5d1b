"""Page Toelichting: definitions, sources, method, privacy and what the offline data lacks."""

from __future__ import annotations

import math
from typing import Any

import dash
import pandas as pd
from dash import dcc, html

from dashboard import url_state
from dashboard.components import actions
from dashboard.format import KIND_WORDS, number
from data_pipeline import store
from themes.spec import KLASSE_LABELS
from themes.vocab import REASONS

METHOD = """
**Landelijk gemiddelde.** Elke indicator is een verhouding van sommen: waarde = schaal × Σ teller /
Σ noemer. Het landelijke gemiddelde is dezelfde formule over heel Nederland; zo worden ook
RIEC-regio's, provincies en groepen vergelijkbare gemeenten (zelfde stedelijkheid of grootteklasse)
correct opgeteld.
Waar CBS een cijfer zelf publiceert, gebruiken we dat cijfer.

**Index.** index = 100 × waarde / landelijke waarde. 100 is precies het landelijke gemiddelde,
150 is anderhalf keer zo hoog.

**z-score en significantie.** Voor aantallen (zoals verdachten) toetsen we met een Poisson-model,
voor aandelen (zoals een percentage woningen) met een binomiaal model, of de waarde meer van het
landelijke gemiddelde afwijkt dan toeval verklaart. Een kleine gemeente schommelt van nature meer;
het trechterdiagram op de pagina Vergelijk laat dat zien met grenzen van 95% en 99,8%.
Voor enquêtecijfers (Veiligheidsmonitor) gebruiken we de marges die CBS publiceert.

**Afronding door CBS.** CBS rondt af wat het publiceert: verdachten op tientallen, veel aantallen
(bedrijfsvestigingen, Wmo-cliënten, woningmutaties) op vijftallen, cijfers per 10.000 of per 1.000
en percentages op hele getallen of één decimaal. Een gepubliceerd aantal 0 betekent dus 'minder
dan 5', niet 'geen'. Per indicator staat vast hoe CBS afrondt. Daaruit volgt het *bereik* van
het onderliggende aantal dat met alle gepubliceerde cijfers klopt: het afgeronde aantal ± een halve
stap, én het afgeronde cijfer per 10.000 × inwoners. Het midden van dat bereik (zo dicht mogelijk
bij het gepubliceerde aantal) is de beste schatting; het bereik is de onzekerheid door afronding.
Daarna gelden drie regels:
1. Is de gepubliceerde waarde gelijk aan de landelijke (in de precisie van CBS), dan is het
   gebied *gemiddeld* en z = 0.
2. Overlappen het bereik van het gebied en dat van het landelijke cijfer, dan kan afronding alleen
   het verschil verklaren: niet significant, klasse *gemiddeld*, z = 0.
3. Anders vergelijken we de dichtstbijzijnde uiteinden van beide bereiken. z heeft zo altijd het
   teken van waarde − landelijke waarde, en de klasse is de minst extreme die de afronding toelaat.
Een aandeel of cijfer dat we zelf uit twee afgeronde aantallen berekenen en waarvan het aantal op 0
is afgerond terwijl het bereik het landelijke cijfer omvat, zegt niets: *te kleine aantallen*.

{voorbeeld}

{klassen}

**Decimalen.** Elk cijfer staat in de precisie van de bron: 7 (niet 7,0) waar CBS hele getallen
publiceert. Exports ronden waarde en landelijke waarde af op die precisie, de index op één
decimaal; de database bewaart de volle precisie.

**Reeksbreuk.** Woningen naar eigenaar komen vanaf 2012 uit 82900NED en voor 2009–2011 uit de
oudere reeks 71446NED. Die reeksen tellen in hun overlapjaar 2012 niet dezelfde woningvoorraad:
waarden vóór 2012 dragen daarom een opmerking over de breuk; vergelijk niet over 2011–2012 heen.

**Signalen.** Elk gebied wordt geteld over dezelfde vaste set risico-indicatoren als de gebieden
waarmee het vergeleken wordt (alle gemeenten, of de wijken of buurten van één gemeente): de
indicatoren met een uitkomst voor minstens 90% van die gebieden. *Te kleine aantallen* telt als
getoetst zonder signaal. De tabel op Signalen toont ook 'x van y getoetst' en dat als percentage.

**Lege waarden.** Een waarde blijft leeg (nooit 0) met een reden, in elke weergave en export:
{redenen}
"""

PRIVACY = """
Dit dashboard toont uitsluitend **geaggregeerde cijfers** over gebieden (gemeenten, wijken, buurten
en groepen daarvan), zoals CBS ze openbaar publiceert. Het bevat **nooit gegevens over personen,
adressen of bedrijven**. Cijfers over kleine aantallen worden onderdrukt. Een hoge waarde is een
signaal om verder te kijken, geen bewijs van ondermijning in een gebied, en zegt niets over de
mensen die er wonen.
"""


def classes_text() -> str:
    """The five classes, read from the ``klasse`` table the engine wrote (no copied numbers)."""
    rows, z = store.class_bands()
    parts = []
    for label, lo, hi in rows:
        if not lo:
            parts.append(f"*{label}* (index {number(hi, 0)} of lager)")
        elif hi is None:
            parts.append(f"*{label}* ({number(lo, 0)} of meer)")
        else:
            parts.append(f"*{label}* ({number(lo, 0)}–{number(hi, 0)})")
    z_text = number(z, 2) if z is not None else "1,96"
    return (
        "**Vijf klassen.** Op basis van de index: " + ", ".join(parts) + ". Een afwijking die "
        f"niet significant is (|z| < {z_text}, of bij enquêtecijfers een betrouwbaarheidsmarge "
        "die het landelijke cijfer omvat) telt als *gemiddeld*, hoe groot de index ook is; "
        "de klasse is de minst extreme die de afronding door CBS toelaat."
    )


def reasons_text() -> str:
    """The one vocabulary of empty values (``themes.vocab.REASONS``) as a list."""
    return "\n".join(f"- *{reason}*: {meaning}" for reason, meaning in REASONS.items())


def example_text() -> str:
    """Worked example from the database: CBS's rounded figures and the verdict they allow."""
    rows = store.rounding_example()
    if not rows:
        return ""
    step = store.indicator(store.EXAMPLE_INDICATOR).rounding.numerator
    lines = [
        f"**Voorbeeld: verdachten van drugsmisdrijven per 10.000 inwoners, {rows[0]['year']}.**"
    ]
    for r in rows:
        expected = r["nl_value"] * r["denominator"] / 10_000
        verdict = "significant" if r["is_significant"] else "niet significant"
        naive = (r["count"] - expected) / expected**0.5 if expected > 0 else float("nan")
        lines.append(
            f"- *{r['name']}*: CBS publiceert {number(r['count'], 0)} verdachten (op "
            f"{number(step, 0)} afgerond) en {number(r['value'], 0)} per 10.000; uit "
            f"{number(r['total'], 0)} "
            f"verdachten en {number(r['total_rate'], 0)} per 10.000 volgen ongeveer "
            f"{number(r['denominator'], 0)} inwoners. Het cijfer per 10.000 zegt dan "
            f"{number(r['numerator_low'], 1)} tot {number(r['numerator_high'], 1)} verdachten "
            f"(het afgeronde aantal laat {number(max(r['count'] - step / 2, 0), 0)} tot "
            f"{number(r['count'] + step / 2, 0)} toe). Landelijk is het "
            f"{number(r['nl_value'], 0)} per 10.000, dus verwacht ongeveer "
            f"{number(expected, 1)}. z = {number(r['z'], 2)}: "
            f"{verdict}, klasse *{KLASSE_LABELS.get(r['klasse'], '–')}*. Wie het afgeronde "
            f"aantal als echte telling neemt, vindt z = {number(naive, 2)}."
        )
    return "\n".join(lines)


def _text(value: Any) -> str:
    """Readable text for a cell: lists (DuckDB arrays) joined, missing as a dash."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "–"
    if value is None or pd.isna(value):
        return "–"
    return str(value)


def indicator_section(theme_id: str, title: str, missing: str | None) -> html.Section:
    """A theme with each indicator's definition, unit, source, years, levels and caveat."""
    items = []
    for r in store.indicators(theme_id):
        facts = [
            ("Eenheid", _text(r.unit)),
            ("Bron (CBS-tabel)", _text(r.sources)),
            ("Jaren", _text(store.years(r.id))),
            ("Niveaus", _text(r.levels)),
            ("Soort", KIND_WORDS.get(r.kind, r.kind)),
            ("Minimale noemer", number(r.min_denominator, 0)),
        ]
        items.append(
            html.Article(
                [
                    html.H4(r.title, id=f"indicator-{r.id}"),
                    html.P(_text(r.description)),
                    html.P([html.Strong("Let op: "), _text(r.caveat)]),
                    handelingsperspectief(r.id),
                    html.Dl(
                        [el for k, v in facts for el in (html.Dt(k), html.Dd(v))], className="facts"
                    ),
                ],
                className="indicator-def",
            )
        )
    gap = html.P([html.Strong("Waar geen open data voor is: "), missing]) if missing else None
    return html.Section([html.H3(title), gap, *items], id=f"thema-{theme_id}")


def sources_section() -> html.Section:
    """Every CBS table used, its period, licence and what the snapshot lacks."""
    src = store.source_tables()
    head = html.Tr(
        [
            html.Th(h, scope="col")
            for h in ("Tabel", "Titel", "Periode", "Licentie", "Herkomst", "Wat ontbreekt")
        ]
    )
    body = [
        html.Tr(
            [
                html.Td(_text(r[c]))
                for c in ("table_id", "title", "period", "licence", "origin", "coverage_note")
            ]
        )
        for _, r in src.iterrows()
    ]
    geo = store.geometry_levels()
    geo_items = [
        html.Li(
            f"{r['level']}: "
            + (f"{number(r['features'], 0)} grenzen" if r["is_available"] else "geen grenzen")
            + (f" — {r['note']}" if r["note"] else "")
        )
        for _, r in geo.iterrows()
    ]
    return html.Section(
        [
            html.H2("Bronnen en wat ontbreekt"),
            html.Div(  # scrolls in its own box on a phone
                html.Table([html.Thead(head), html.Tbody(body)], className="table table-sm"),
                className="table-responsive",
            ),
            html.H3("Grenzen per niveau"),
            html.Ul(geo_items),
        ],
        id="bronnen",
    )


def handelingsperspectief(indicator_id: str) -> html.Div | None:
    """What a gemeente can do when this indicator is high, with the sources named."""
    return actions.action_block(indicator_id, "Handelingsperspectief bij een hoge waarde")


def similar_method_section() -> html.Section:
    """How vergelijkbare gemeenten are found: traits (from the database), scaling, distance."""
    traits = store.similarity_traits()
    rows = [
        html.Tr(
            [
                html.Td(r["label"]),
                html.Td(r["unit"]),
                html.Td(  # log traits: the geometric mean, as a whole number
                    number(math.exp(r["mean"]), 0) if r["is_log"] else number(r["mean"], 1)
                ),
                html.Td(number(r["gemeenten"], 0)),
            ]
        )
        for _, r in traits.iterrows()
    ]
    head = html.Tr(
        [
            html.Th(h, scope="col")
            for h in ("Kenmerk", "Eenheid", "Gemiddelde gemeente", "Gemeenten met cijfer")
        ]
    )
    return html.Section(
        [
            html.H2("Vergelijkbare gemeenten"),
            dcc.Markdown(SIMILAR_METHOD),
            html.Div(  # scrolls in its own box on a phone
                html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm w-auto"),
                className="table-responsive",
            ),
            html.P(SIMILAR_LEFT_OUT),
            html.P(
                "De groepen 'zelfde stedelijkheid' en 'zelfde grootteklasse' blijven daarnaast "
                "bestaan: dat zijn de indelingen van CBS (Gebieden in Nederland 2024); op het "
                "Profiel staan hun leden bij naam."
            ),
        ],
        id="vergelijkbaar",
    )


SIMILAR_LEFT_OUT = (
    "Het gemiddelde inkomen per inwoner telt niet mee: CBS publiceert het in deze tabel niet "
    "voor elke gemeente, en een gemeente zonder cijfer zou dan niet of scheef vergeleken worden. "
    "De WOZ-waarde en het aandeel koopwoningen geven een beeld van de welvaart. Herkomst telt "
    "bewust niet mee."
)

SIMILAR_METHOD = """
Voor elke gemeente zoeken we de **10 gemeenten die er structureel het meest op lijken**, op
kenmerken uit de CBS-tabel Kerncijfers wijken en buurten 2024 (85984NED) die voor *alle*
gemeenten gepubliceerd zijn (zie de tabel hieronder). Zo vergelijkt een beleidsmaker zijn
gemeente met gemeenten die qua omvang, verstedelijking, bevolking en woningmarkt op haar lijken,
in plaats van met een grove grootteklasse.

1. Per gemeente de kenmerken: inwonertal en omgevingsadressendichtheid op een **logaritmische
   schaal** (ze lopen van duizend tot bijna een miljoen), de andere als aandeel of gemiddelde.
2. Elk kenmerk wordt **gestandaardiseerd** over alle gemeenten (z-score: aftrekken van het
   gemiddelde, delen door de standaardafwijking), zodat elk kenmerk even zwaar weegt.
3. De **afstand** tussen twee gemeenten is de euclidische afstand over de gestandaardiseerde
   kenmerken: de wortel uit de som van de gekwadrateerde verschillen. 0 is gelijk; hoe kleiner,
   hoe meer gelijk. Een afstand van 1 betekent ruwweg één standaardafwijking verschil op één
   kenmerk.

De kenmerken zeggen niets over criminaliteit: vergelijkbare gemeenten zijn een referentiegroep,
geen oordeel.
"""


def layout(**_query: Any) -> html.Div:
    """Static explanation plus everything the database says about itself."""
    try:
        defs = [indicator_section(t.id, t.title, t.missing) for t in store.themes()]
        sources = sources_section()
    except store.StoreUnavailable as exc:
        return html.Div([html.H1("Toelichting"), html.P(str(exc), role="alert")])
    n = len(store.indicators())
    return html.Div(
        [
            html.H1("Toelichting"),
            html.Nav(
                html.Ul(
                    [
                        html.Li(html.A(t, href=f"#{a}"))
                        for t, a in (
                            ("Privacy", "privacy"),
                            ("Methode", "methode"),
                            ("Vergelijkbare gemeenten", "vergelijkbaar"),
                            ("Indicatoren", "indicatoren"),
                            ("Bronnen en wat ontbreekt", "bronnen"),
                        )
                    ]
                ),
                **{"aria-label": "Inhoud van deze pagina"},
            ),
            html.Section([html.H2("Privacy"), dcc.Markdown(PRIVACY)], id="privacy"),
            html.Section(
                [
                    html.H2("Methode"),
                    dcc.Markdown(
                        METHOD.format(
                            klassen=classes_text(), voorbeeld=example_text(), redenen=reasons_text()
                        )
                    ),
                ],
                id="methode",
            ),
            similar_method_section(),
            html.Section([html.H2(f"Indicatoren ({n})"), *defs], id="indicatoren"),
            sources,
        ],
        className="page page-toelichting",
    )


dash.register_page(
    __name__,
    path=url_state.TOELICHTING,
    name="Toelichting",
    title="Toelichting — Zicht op Ondermijning",
    description="Definities, bronnen, methode en privacy",
    layout=layout,
    order=6,
)
