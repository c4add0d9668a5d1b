"""Theme kwetsbare branches: density of establishments and the share in vulnerable sectors."""

from themes.spec import Indicator, Rounding, Theme

THEME = Theme(
    id="branches",
    title="Kwetsbare branches",
    order=5,
    description=(
        "Sommige branches zijn vaker betrokken bij witwassen en ondermijning: horeca, "
        "detailhandel (zoals belwinkels, kapperszaken, autohandel) en vastgoed- en "
        "financiële dienstverlening. De indicatoren tonen de dichtheid van bedrijven en het "
        "aandeel in deze sectoren."
    ),
    missing=(
        "Geen open data per branche op SBI-detailniveau per gemeente (zoals barbershops, "
        "nagelstudio's, autohandel), en geen gegevens over eigenaren of omzet."
    ),
    indicators=(
        Indicator(
            id="branches.vestigingen_per_1000",
            theme="branches",
            title="Bedrijfsvestigingen per 1.000 inwoners",
            short="Vestigingen per 1.000",
            description=(
                "Aantal bedrijfsvestigingen per 1.000 inwoners. Veel vestigingen ten opzichte "
                "van het aantal inwoners kan wijzen op brievenbusfirma's of een concentratie van "
                "bedrijvigheid die toezicht vraagt."
            ),
            caveat=(
                "Bedrijventerreinen en binnensteden hebben vanzelf veel vestigingen per inwoner. "
                "Gemeente: 81575NED met inwonertal uit Gebieden in Nederland; wijk en buurt: "
                "85984NED."
            ),
            unit="per 1.000 inwoners",
            numerator="vestigingen.totaal_n",
            denominator="bevolking.inwoners_n",
            scale=1000,
            kind="count",
            levels=("gemeente", "wijk", "buurt"),
            sources=("81575NED", "85755NED", "85385NED", "85984NED"),
            min_denominator=100,
            rounding=Rounding(numerator=5, denominator=5),
        ),
        Indicator(
            id="branches.aandeel_handel_horeca",
            theme="branches",
            title="Aandeel vestigingen in handel en horeca (G+I)",
            short="Aandeel handel en horeca",
            description=(
                "Deel van de bedrijfsvestigingen in handel, vervoer en horeca (SBI G en I). "
                "Horeca en detailhandel met veel contant geld zijn kwetsbaar voor witwassen."
            ),
            caveat="Toeristische gemeenten hebben vanzelf veel horeca.",
            unit="%",
            numerator="kwb.vestigingen_gi_n",
            denominator="kwb.vestigingen_n",
            scale=100,
            kind="share",
            levels=("gemeente", "wijk", "buurt"),
            sources=("85984NED",),
            min_denominator=20,
            rounding=Rounding(numerator=5, denominator=5),
        ),
        Indicator(
            id="branches.aandeel_financieel_vastgoed",
            theme="branches",
            title="Aandeel vestigingen in financiële diensten en onroerend goed (K+L)",
            short="Aandeel financieel en vastgoed",
            description=(
                "Deel van de bedrijfsvestigingen in financiële dienstverlening en verhuur en "
                "handel van onroerend goed (SBI K en L). Deze sectoren kunnen dienen om geld "
                "wit te wassen via vastgoed en leningen."
            ),
            caveat="Ook holdings en beleggingsvehikels van gewone ondernemers vallen hieronder.",
            unit="%",
            numerator="kwb.vestigingen_kl_n",
            denominator="kwb.vestigingen_n",
            scale=100,
            kind="share",
            levels=("gemeente", "wijk", "buurt"),
            sources=("85984NED",),
            min_denominator=20,
            rounding=Rounding(numerator=5, denominator=5),
        ),
    ),
)
