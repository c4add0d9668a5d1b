"""Theme misbruik van vastgoed: WOZ, ownership, private letting, vacancy, price vs income."""

from themes.spec import Indicator, Rounding, Theme

_DWELLINGS = "kwb.woningvoorraad_n"
_BREAK_2012 = (
    2012,
    "oudere reeks 71446NED (t/m 2011); vanaf 2012 82900NED — reeksbreuk, niet direct vergelijkbaar",
)

THEME = Theme(
    id="vastgoed",
    title="Misbruik van vastgoed",
    order=2,
    description=(
        "Criminelen gebruiken vastgoed om geld wit te wassen, om illegale activiteiten te "
        "huisvesten of om mensen uit te buiten via huisjesmelkerij. De indicatoren beschrijven "
        "de woningmarkt waarin dat kan gedijen: waarde, eigendom, verhuur, leegstand en prijzen "
        "die niet bij lokale inkomens passen."
    ),
    missing=(
        "Geen open data voor: vastgoedtransacties met contant geld of via rechtspersonen, "
        "eigenaren met veel panden, BIBOB-besluiten, inschrijvingen op één adres."
    ),
    indicators=(
        Indicator(
            id="vastgoed.woz",
            theme="vastgoed",
            title="Gemiddelde WOZ-waarde van woningen",
            short="WOZ-waarde",
            description=(
                "De gemiddelde WOZ-waarde van woningen (× 1.000 euro). Dure woningmarkten trekken "
                "investeerders aan; sterke afwijkingen binnen een gemeente kunnen op "
                "verdringing of witwasrisico's in bepaalde buurten wijzen."
            ),
            caveat="Een hoge WOZ-waarde is op zich geen signaal van ondermijning.",
            unit="× 1.000 euro",
            denominator=_DWELLINGS,
            published="kwb.woz_keur",
            scale=1,
            kind="average",
            levels=("gemeente", "wijk", "buurt"),
            sources=("85984NED",),
            decimals=0,
            rounding=Rounding(published=1),
        ),
        Indicator(
            id="vastgoed.koopwoningen",
            theme="vastgoed",
            title="Percentage koopwoningen",
            short="Koopwoningen",
            description=(
                "Aandeel koopwoningen in de woningvoorraad. Weinig koopwoningen betekent veel "
                "huur, waar ook particuliere verhuur en huisjesmelkerij onder vallen."
            ),
            caveat="Een laag aandeel koop is normaal in steden; vergelijk met gelijke gemeenten.",
            unit="%",
            denominator=_DWELLINGS,
            published="kwb.koopwoningen_pct",
            scale=100,
            kind="average",
            higher_is_riskier=False,
            levels=("gemeente", "wijk", "buurt"),
            sources=("85984NED",),
            decimals=0,
            rounding=Rounding(published=1),
        ),
        Indicator(
            id="vastgoed.particuliere_verhuur",
            theme="vastgoed",
            title="Percentage woningen van overige verhuurders",
            short="Particuliere verhuur",
            description=(
                "Aandeel woningen in eigendom van andere verhuurders dan woningcorporaties "
                "(particulieren, beleggers) in de totale woningvoorraad op 1 januari. Een grote "
                "particuliere huursector biedt ruimte aan malafide verhuur, overbewoning en "
                "witwassen via huurinkomsten."
            ),
            caveat=(
                "De meeste particuliere verhuur is bonafide. Gemeenten en groter: 82900NED "
                "(vanaf 2012); 2009–2011 uit de oudere reeks 71446NED, die in 2012 van 82900NED "
                "afwijkt (reeksbreuk: vergelijk niet over 2011–2012 heen). Wijken en buurten: "
                "Kerncijfers wijken en buurten 2024 (hele procenten)."
            ),
            unit="%",
            numerator="vastgoed.overige_verhuurders_n",
            denominator="vastgoed.voorraad_n",
            scale=100,
            kind="average",
            levels=("gemeente", "wijk", "buurt"),
            sources=("82900NED", "71446NED", "85984NED"),
            decimals=1,
            breaks=(_BREAK_2012,),
        ),
        Indicator(
            id="vastgoed.eigenaar_onbekend",
            theme="vastgoed",
            title="Percentage woningen met een onbekende eigenaar",
            short="Eigenaar onbekend",
            description=(
                "Aandeel woningen waarvan CBS het type eigenaar niet kan vaststellen (eigendom "
                "onbekend) in de totale woningvoorraad op 1 januari. Onduidelijk eigendom "
                "maakt toezicht op verhuur en gebruik lastiger; het echte dashboard toont "
                "'onbekende eigenaren' als vastgoedindicator."
            ),
            caveat=(
                "Vaak administratief: nieuwbouw die nog niet in de registraties staat of "
                "lopende eigendomsoverdrachten; het aandeel daalde landelijk sterk na 2018. "
                "Vanaf 2012 82900NED; 2006–2011 uit de oudere reeks 71446NED (reeksbreuk)."
            ),
            unit="%",
            numerator="vastgoed.eigendom_onbekend_n",
            denominator="vastgoed.voorraad_n",
            scale=100,
            kind="share",
            levels=("gemeente",),
            sources=("82900NED", "71446NED"),
            decimals=2,
            breaks=(_BREAK_2012,),
        ),
        Indicator(
            id="vastgoed.onbewoond",
            theme="vastgoed",
            title="Percentage onbewoonde woningen",
            short="Onbewoonde woningen",
            description=(
                "Aandeel woningen waar niemand staat ingeschreven. Leegstaande of 'lege' "
                "woningen kunnen gebruikt worden voor illegale activiteiten of "
                "niet-geregistreerde bewoning."
            ),
            caveat="Ook verbouwing, verkoop en tweede woningen leiden tot leegstand.",
            unit="%",
            denominator=_DWELLINGS,
            published="kwb.onbewoond_pct",
            scale=100,
            kind="average",
            levels=("gemeente", "wijk", "buurt"),
            sources=("85984NED",),
            decimals=0,
            rounding=Rounding(published=1),
        ),
        Indicator(
            id="vastgoed.prijs_inkomen",
            theme="vastgoed",
            title="Gemiddelde verkoopprijs ten opzichte van inkomen per inwoner",
            short="Verkoopprijs / inkomen",
            description=(
                "De gemiddelde verkoopprijs van bestaande koopwoningen gedeeld door het "
                "gemiddelde inkomen per inwoner (in jaren inkomen). Een proxy voor aankopen die "
                "lokale inkomens niet verklaren, wat kan wijzen op geld van buiten of witwassen."
            ),
            caveat=(
                "Een proxy, geen bewijs: kopers komen ook van elders en met vermogen. Prijs en "
                "inkomen komen uit verschillende tabellen (83625NED 2024, 85984NED)."
            ),
            unit="× inkomen per inwoner",
            numerator="koop.verkoopprijs_eur",
            denominator="kwb.inkomen_per_inwoner_eur",
            scale=1,
            kind="ratio",
            levels=("gemeente",),
            sources=("83625NED", "85984NED"),
        ),
        Indicator(
            id="vastgoed.woningsplitsing",
            theme="vastgoed",
            title="Woningen toegevoegd door splitsing per 1.000 woningen",
            short="Woningsplitsing per 1.000",
            description=(
                "Woningen die in het jaar zijn ontstaan door een bestaande woning te splitsen, "
                "per 1.000 woningen in de beginvoorraad. Splitsing kan gebruikt worden voor "
                "kamerverhuur en overbewoning door malafide verhuurders."
            ),
            caveat="Splitsing is vaak legaal en gewenst (woningtekort).",
            unit="per 1.000 woningen",
            numerator="voorraad.woningsplitsing_n",
            denominator="voorraad.beginstand_n",
            scale=1000,
            kind="count",
            levels=("gemeente",),
            sources=("86054NED",),
            decimals=2,
            rounding=Rounding(numerator=5, denominator=5),
        ),
    ),
)
