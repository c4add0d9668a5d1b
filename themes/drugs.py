"""Theme drugs: suspects of drug crimes, registered crime, and residents' view of drug dealing."""

from themes.spec import Indicator, Rounding, Theme

THEME = Theme(
    id="drugs",
    title="Drugs",
    order=1,
    description=(
        "Drugscriminaliteit is een van de belangrijkste vormen van ondermijning: productie, "
        "handel en witwassen raken aan de legale economie. De indicatoren tonen waar verdachten "
        "van drugsmisdrijven wonen, hoeveel misdrijven er worden geregistreerd en hoe bewoners "
        "drugshandel in hun buurt ervaren."
    ),
    missing=(
        "Geen open data voor: drugslabs en dumpingen, in beslag genomen drugs, "
        "hennepkwekerijen per gemeente, ondermijningsmeldingen."
    ),
    indicators=(
        Indicator(
            id="drugs.verdachten_drugs_per_10k",
            theme="drugs",
            title="Verdachten van drugsmisdrijven per 10.000 inwoners",
            short="Drugsverdachten per 10.000",
            description=(
                "Aantal verdachten van een drugsmisdrijf (handel, productie, bezit) per 10.000 "
                "inwoners, naar de gemeente waar de verdachte woont. Veel verdachten kan wijzen "
                "op een lokaal netwerk of een aantrekkelijke uitvalsbasis voor drugscriminaliteit."
            ),
            caveat=(
                "Telt verdachten, geen veroordeelden; hangt af van opsporingsinzet. De "
                "woongemeente is niet de plaats van het delict. De noemer (inwoners) is "
                "afgeleid uit het CBS-totaal aan verdachten en het CBS-cijfer per 10.000."
            ),
            unit="per 10.000 inwoners",
            numerator="verdachten.drugs_n",
            denominator="verdachten.bevolking_n",
            published="verdachten.drugs_per_10k",
            scale=10_000,
            kind="count",
            levels=("gemeente",),
            sources=("85655NED",),
            min_denominator=1000,
            rounding=Rounding(numerator=10, published=1),
            decimals=0,
        ),
        Indicator(
            id="drugs.aandeel_drugsverdachten",
            theme="drugs",
            title="Drugsverdachten als percentage van alle verdachten",
            short="Aandeel drugsverdachten",
            description=(
                "Verdachten van drugsmisdrijven als deel van alle verdachten uit de gemeente. "
                "Een hoog aandeel wijst op een criminaliteitsbeeld waarin drugs zwaar wegen."
            ),
            caveat="Een klein totaal maakt het aandeel onzeker; zie de z-score.",
            unit="%",
            numerator="verdachten.drugs_n",
            denominator="verdachten.totaal_n",
            scale=100,
            kind="share",
            levels=("gemeente",),
            sources=("85655NED",),
            min_denominator=20,
            rounding=Rounding(numerator=10, denominator=10),
        ),
        Indicator(
            id="drugs.misdrijven_per_1000",
            theme="drugs",
            title="Geregistreerde misdrijven per 1.000 inwoners",
            short="Misdrijven per 1.000",
            description=(
                "Alle door de politie geregistreerde misdrijven per 1.000 inwoners, naar plaats "
                "van het delict. Een algemene maat voor criminaliteitsdruk."
            ),
            caveat=(
                "Gaat over alle misdrijven, niet alleen drugs. Uitgaansgebieden en winkelcentra "
                "trekken bezoekers: een hoog cijfer zegt dan weinig over de inwoners. De noemer "
                "is afgeleid uit het CBS-aantal en het CBS-cijfer per 1.000."
            ),
            unit="per 1.000 inwoners",
            numerator="misdrijven.totaal_n",
            denominator="misdrijven.bevolking_n",
            published="misdrijven.per_1000",
            scale=1000,
            kind="count",
            levels=("gemeente",),
            sources=("83648NED",),
            min_denominator=1000,
            rounding=Rounding(numerator=5, published=0.1),
        ),
        Indicator(
            id="drugs.drugshandel_buurt",
            theme="drugs",
            title="Bewoners die zeggen dat drugshandel vaak voorkomt in hun buurt",
            short="Drugshandel in buurt (ervaren)",
            description=(
                "Percentage inwoners van 15 jaar en ouder dat zegt dat drugshandel vaak voorkomt "
                "in de eigen buurt (Veiligheidsmonitor). Ervaren overlast kan zichtbare handel "
                "signaleren die niet in politiecijfers terechtkomt."
            ),
            caveat=(
                "Een enquête: de marges (95%-betrouwbaarheidsinterval van CBS) bepalen of een "
                "verschil significant is. Alleen gemeenten met een eigen steekproef (ca. 50) "
                "hebben een waarde; voor de rest publiceert CBS alleen districten."
            ),
            unit="%",
            numerator=None,
            denominator=None,
            published="vm.drugshandel_pct",
            scale=100,
            kind="survey",
            levels=("gemeente",),
            sources=("85146NED",),
            rounding=Rounding(published=0.1),
        ),
        Indicator(
            id="drugs.drugsgebruik_buurt",
            theme="drugs",
            title="Bewoners die zeggen dat drugsgebruik vaak voorkomt in hun buurt",
            short="Drugsgebruik in buurt (ervaren)",
            description=(
                "Percentage inwoners van 15 jaar en ouder dat zegt dat drugsgebruik vaak voorkomt "
                "in de eigen buurt (Veiligheidsmonitor). Zichtbaar gebruik op straat gaat vaak "
                "samen met lokale handel."
            ),
            caveat=(
                "Een enquête: de marges (95%-betrouwbaarheidsinterval van CBS) bepalen of een "
                "verschil significant is. Alleen gemeenten met een eigen steekproef (ca. 50) "
                "hebben een waarde."
            ),
            unit="%",
            numerator=None,
            denominator=None,
            published="vm.drugsgebruik_pct",
            scale=100,
            kind="survey",
            levels=("gemeente",),
            sources=("85146NED",),
            rounding=Rounding(published=0.1),
        ),
    ),
)
