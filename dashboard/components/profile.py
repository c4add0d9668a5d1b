"""Sections of the Profiel page and its printable factsheet: peers, trends, legend, sources."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import dcc, html

from dashboard import url_state
from dashboard.components import actions, charts
from dashboard.format import number as nl_number
from data_pipeline import store
from themes.spec import KLASSE_LABELS
from themes.vocab import EXPORT_LICENCE

DISCLAIMER = (
    "Een signaal is geen bewijs. Een hoge waarde is een reden om verder te kijken en het "
    "gesprek met partners aan te gaan, geen bewijs van ondermijning in deze gemeente, en zegt "
    "niets over de mensen die er wonen."
)

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(day: date) -> str:
    """``1 december 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def factsheet_header(name: str, code: str, built_at: str | None) -> html.Div:
    """Title with gemeente and date, and the disclaimer (also what a printout starts with)."""
    built = built_at[:10] if built_at else None
    try:
        built_text = dutch_date(date.fromisoformat(built)) if built else "onbekend"
    except ValueError:
        built_text = built or "onbekend"
    return html.Div(
        [
            html.H2(f"{name} ({code})", id="profiel-titel"),
            html.P(
                f"Factsheet van {dutch_date(date.today())} · cijfers: CBS, database gebouwd "
                f"op {built_text}",
                className="factsheet-date",
            ),
            html.P([html.Strong("Let op: "), DISCLAIMER], className="disclaimer", role="note"),
        ],
        className="factsheet-head",
    )


def class_legend(bands: list[tuple[str, float | None, float | None]]) -> html.Div:
    """The five classes with their index bands (read from the ``klasse`` table)."""
    items = []
    for n, (label, lo, hi) in enumerate(bands, start=1):
        if not lo:
            band = f"index {nl_number(hi, 0)} of lager"
        elif hi is None:
            band = f"index {nl_number(lo, 0)} of hoger"
        else:
            band = f"index {nl_number(lo, 0)} tot {nl_number(hi, 0)}"
        items.append(
            html.Li(
                [html.Span(KLASSE_LABELS.get(n, label), className=f"klasse klasse-{n}"), f" {band}"]
            )
        )
    return html.Div(
        [
            html.Strong("Klassen (Nederland = index 100): "),
            html.Ul(items, className="class-legend"),
            html.Small(
                "Een afwijking die niet significant is, telt als gemiddeld. 'geen gegevens', "
                "'onderdrukt' en 'te kleine aantallen' zijn lege waarden, nooit 0."
            ),
        ],
        className="legend-box",
        id="profiel-legenda",
    )


def similar_section(gemeente: str, name: str, similar: pd.DataFrame) -> html.Section:
    """'Vergelijkbare gemeenten': the nearest gemeenten by name with their distance."""
    if similar.empty:
        body: list = [html.P("Voor deze gemeente zijn geen vergelijkbare gemeenten berekend.")]
    else:
        items = [
            html.Li(
                [
                    dcc.Link(
                        r["name"], href=url_state.build_url("/profiel", gemeente=str(r["code"]))
                    ),
                    html.Span(
                        f" — afstand {nl_number(r['distance'], 2)}, "
                        f"{nl_number(r['inwoners'], 0)} inwoners",
                        className="text-body-secondary",
                    ),
                ]
            )
            for _, r in similar.iterrows()
        ]
        codes = (gemeente, *similar["code"])
        body = [
            html.P(
                f"De {len(similar)} gemeenten die op inwonertal, adressendichtheid, "
                "leeftijdsopbouw, huishoudensgrootte, WOZ-waarde en aandeel koopwoningen het "
                f"meest op {name} lijken (kleinere afstand = meer gelijk). ",
            ),
            html.Ol(items, className="similar-list"),
            html.P(
                [
                    html.Span(
                        [
                            dcc.Link(
                                f"Vergelijk {name} met deze gemeenten",
                                href=url_state.build_url("/vergelijk", gemeenten=codes),
                            ),
                            " · ",
                        ],
                        className="no-print",
                    ),
                    dcc.Link("Hoe berekend?", href=url_state.how_similar()),
                ]
            ),
        ]
    return html.Section([html.H2("Vergelijkbare gemeenten"), *body], id="vergelijkbare-gemeenten")


def peer_members_section(groups: list[tuple[str, str, list[tuple[str, str]]]]) -> html.Section:
    """The members of each CBS peer group (stedelijkheid, grootteklasse), named."""
    blocks = []
    for code, set_name, members in groups:
        kind = "Zelfde stedelijkheid" if code.startswith("ST") else "Zelfde grootteklasse"
        blocks.append(
            html.Details(
                [
                    html.Summary(f"{kind}: {set_name.lower()} ({len(members)} gemeenten)"),
                    html.P(", ".join(n for _, n in members), className="small"),
                ],
                className="peer-members",
            )
        )
    return html.Section(
        [
            html.H2("Vergelijkingsgroepen van CBS"),
            html.P(
                "De kolommen 'Zelfde stedelijkheid' en 'Zelfde grootteklasse' in de tabel zijn "
                "het gemiddelde van deze gemeenten samen."
            ),
            *blocks,
        ],
        id="vergelijkingsgroepen",
        className="no-print",
    )


def trend_section(prof: pd.DataFrame, trends: pd.DataFrame, gemeente: str) -> html.Section:
    """A chart per indicator with several years, with the values in a table below it."""
    blocks = []
    for iid in prof["id"]:
        meta = store.indicator(iid)
        part = trends[trends["indicator_id"] == iid]
        own = part[(part["region_code"] == gemeente) & part["value"].notna()]
        if own["year"].nunique() < 2:
            continue
        blocks.append(
            html.Div(
                [
                    dcc.Graph(
                        id=f"trend-{iid}",
                        figure=charts.trend_figure(part, meta, gemeente),
                        config={"displaylogo": False},
                        className="trend-graph",
                    ),
                    trend_table(part, meta, gemeente),
                ],
                className="trend-block",
            )
        )
    if not blocks:
        return html.Section(
            [html.H2("Trends"), html.P("Geen indicatoren met meerdere jaren.")], id="trends"
        )
    return html.Section(
        [
            html.H2("Trends"),
            html.P(
                "Per indicator met cijfers over meerdere jaren: de gemeente, Nederland en de "
                "CBS-vergelijkingsgroepen. De cijfers staan ook in de tabel onder elke grafiek."
            ),
            html.Div(blocks, className="trend-grid"),
        ],
        id="trends",
        className="no-print",
    )


def trend_table(part: pd.DataFrame, meta: store.IndicatorInfo, gemeente: str) -> html.Details:
    """Values per year (rows) and area (columns): readable without hovering."""
    order = [gemeente, "NL", *sorted(set(part["region_code"]) - {gemeente, "NL"})]
    names = part.drop_duplicates("region_code").set_index("region_code")["name"].to_dict()
    wide = part.pivot_table(index="year", columns="region_code", values="value", aggfunc="first")
    cols = [c for c in order if c in wide.columns]
    d = meta.decimals
    head = html.Tr(
        [html.Th("Jaar", scope="col")] + [html.Th(names.get(c, c), scope="col") for c in cols]
    )
    rows = [
        html.Tr(
            [html.Th(str(int(y)), scope="row")]
            + [html.Td(nl_number(wide.at[y, c], d), className="num") for c in cols]
        )
        for y in wide.index
    ]
    return html.Details(
        [
            html.Summary(f"Cijfers per jaar: {meta.label} ({meta.unit})"),
            html.Div(
                html.Table(
                    [html.Thead(head), html.Tbody(rows)], className="table table-sm trend-table"
                ),
                className="table-responsive",
            ),
        ],
        className="trend-values",
    )


def sources_list(prof: pd.DataFrame, titles: dict[str, str]) -> html.Section:
    """Every CBS table behind the profile with the years used and its StatLine link."""
    years: dict[str, set[int]] = {}
    for _, r in prof.iterrows():
        for table in str(r["sources"] or "").split(","):
            table = table.strip()
            if table and pd.notna(r.get("year")):
                years.setdefault(table, set()).add(int(r["year"]))
    items = [
        html.Li(
            [
                f"CBS {t} {titles.get(t, '')} ({', '.join(str(y) for y in sorted(ys))}) — ",
                html.A(statline_url(t), href=statline_url(t)),
            ]
        )
        for t, ys in sorted(years.items())
    ]
    return html.Section(
        [
            html.H2("Bronnen"),
            html.Ul(items, className="small"),
            html.P(f"Licentie: {EXPORT_LICENCE}.", className="small"),
        ],
        id="profiel-bronnen",
    )


def statline_url(table_id: str) -> str:
    """The StatLine page of a CBS table."""
    return f"https://opendata.cbs.nl/#/CBS/nl/dataset/{table_id}"


def page_link(url: str) -> html.P:
    """The page's address as text, so a printout says where it came from."""
    return html.P(["Deze pagina: ", html.Span(url, className="page-url")], className="print-link")


def actions_section(prof: pd.DataFrame) -> html.Section:
    """Handelingsperspectief for the indicators where this gemeente is 'hoger' or 'veel hoger':
    per theme its general steps once, then each high indicator's own steps."""
    high = prof[prof["is_signal"].fillna(False).astype(bool)]  # the engine's rule (stats)
    blocks: list = []
    for (theme, theme_title), part in high.groupby(["theme", "theme_title"], sort=False):
        items: list = [html.H3(theme_title, className="h5")]
        general = actions.steps(actions.BY_THEME.get(str(theme), ()))
        if general is not None:
            items.append(general)
        for _, r in part.iterrows():
            own = actions.steps(actions.BY_INDICATOR.get(str(r["id"]), ()))
            label = KLASSE_LABELS.get(int(r["klasse"]), "")
            items.append(html.H4(f"{r['short']} ({label})", className="h6 mb-1"))
            items.append(
                own
                if own is not None
                else html.P(
                    "Geen eigen stappen voor deze indicator; de stappen van het thema hierboven "
                    "gelden.",
                    className="small text-body-secondary",
                )
            )
        blocks.append(html.Div(items, className="handeling-item"))
    intro = (
        "Voor de thema's waarin deze gemeente op een of meer risico-indicatoren hoger of veel "
        "hoger scoort dan Nederland: wat de gemeente kan doen, met de wet of handreiking waarop "
        "het rust. " + actions.DISCLAIMER
    )
    if not blocks:
        intro = "Deze gemeente scoort op geen enkele risico-indicator (veel) hoger dan Nederland."
    return html.Section(
        [html.H2("Handelingsperspectief"), html.P(intro), *blocks], id="handelingsperspectief"
    )
