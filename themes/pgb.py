"""Theme PGB-zorgfraude: Wmo clients financed only through a persoonsgebonden budget."""

from themes.spec import Indicator, Rounding, Theme

THEME = Theme(
    id="pgb",
    title="PGB-zorgfraude",
    order=4,
    description=(
        "Met een persoonsgebonden budget (PGB) koopt een cliënt zelf zorg in. Dat geeft vrijheid, "
        "maar ook ruimte voor malafide zorgaanbieders die budgetten misbruiken. De indicatoren "
        "tonen hoeveel Wmo-cliënten uitsluitend een PGB hebben."
    ),
    missing=(
        "Geen open data voor: PGB's uit de Wet langdurige zorg en de Jeugdwet per wijk, "
        "zorgaanbieders, fraudesignalen en terugvorderingen. Voor 9 gemeenten publiceert CBS "
        "geen Wmo-cijfers per financieringsvorm."
    ),
    indicators=(
        Indicator(
            id="pgb.wmo_pgb_per_1000",
            theme="pgb",
            title="Wmo-cliënten met uitsluitend een PGB per 1.000 inwoners",
            short="Wmo-PGB per 1.000",
            description=(
                "Inwoners met Wmo-ondersteuning die uitsluitend via een persoonsgebonden budget "
                "wordt betaald, per 1.000 inwoners (1e halfjaar 2024)."
            ),
            caveat=(
                "Veel PGB's zijn een bewuste, legitieme keuze. Kleine aantallen zijn door CBS "
                "afgerond of geheimgehouden. De noemer is het aantal inwoners op 1 januari 2024 "
                "(85984NED)."
            ),
            unit="per 1.000 inwoners",
            numerator="wmo.clienten_n.pgb",
            denominator="kwb.inwoners_n",
            published="wmo.clienten_per_1000.pgb",
            scale=1000,
            kind="count",
            levels=("gemeente", "wijk"),
            sources=("85995NED", "85984NED"),
            min_denominator=100,
            rounding=Rounding(numerator=5, denominator=5, published=1),
            decimals=0,
        ),
        Indicator(
            id="pgb.aandeel_pgb",
            theme="pgb",
            title="Wmo-cliënten met uitsluitend een PGB als percentage van alle Wmo-cliënten",
            short="Aandeel PGB in Wmo",
            description=(
                "Welk deel van de Wmo-cliënten uitsluitend een PGB heeft. Een hoog aandeel kan "
                "wijzen op actieve werving door (malafide) PGB-aanbieders."
            ),
            caveat="Gemeentelijk beleid bepaalt sterk hoe vaak een PGB wordt toegekend.",
            unit="%",
            numerator="wmo.clienten_n.pgb",
            denominator="wmo.clienten_n",
            scale=100,
            kind="share",
            levels=("gemeente", "wijk"),
            sources=("85995NED",),
            min_denominator=20,
            rounding=Rounding(numerator=5, denominator=5),
        ),
    ),
)
