"""Theme vakantieparken: conversions between lodging (logies) and housing use."""

from themes.spec import Indicator, Rounding, Theme

THEME = Theme(
    id="vakantieparken",
    title="Vakantieparken",
    order=3,
    description=(
        "Verloederde vakantieparken kunnen een vrijplaats worden voor criminaliteit, "
        "uitbuiting en niet-geregistreerde bewoning. Open data per park bestaan niet; wel "
        "houdt CBS bij hoeveel woningen per gemeente ontstaan uit of verdwijnen naar een "
        "logiesfunctie (recreatiewoningen, hotels, pensions)."
    ),
    missing=(
        "De analyses van het echte dashboard naar ingeschreven bewoners op parken, incidenten, "
        "schulden en eigenaren van recreatiewoningen hebben geen open data: die gegevens zijn "
        "niet openbaar (BRP, politie, BKR, Kadaster-eigenaren). Ze ontbreken hier daarom."
    ),
    indicators=(
        Indicator(
            id="vakantieparken.logies_naar_woon",
            theme="vakantieparken",
            title="Woningen ontstaan uit een logiesfunctie per 10.000 woningen",
            short="Logies → woning per 10.000",
            description=(
                "Woningen die in het jaar zijn toegevoegd doordat een logiesgebouw (zoals een "
                "recreatiewoning of hotel) een woonfunctie kreeg, per 10.000 woningen. Kan wijzen "
                "op gelegaliseerde permanente bewoning van vakantieparken."
            ),
            caveat="Omzetting is meestal legaal beleid (transformatie van parken).",
            unit="per 10.000 woningen",
            numerator="voorraad.logies_naar_woon_n",
            denominator="voorraad.beginstand_n",
            scale=10_000,
            kind="count",
            levels=("gemeente",),
            sources=("86054NED",),
            decimals=2,
            rounding=Rounding(numerator=5, denominator=5),
        ),
        Indicator(
            id="vakantieparken.woon_naar_logies",
            theme="vakantieparken",
            title="Woningen omgezet naar een logiesfunctie per 10.000 woningen",
            short="Woning → logies per 10.000",
            description=(
                "Woningen die in het jaar uit de voorraad verdwenen doordat ze een "
                "logiesfunctie kregen (bijvoorbeeld short-stay of recreatieverhuur), per 10.000 "
                "woningen. Kan wijzen op verhuur buiten het woonbeleid om."
            ),
            caveat="Ook legale omzettingen naar hotel of B&B tellen mee.",
            unit="per 10.000 woningen",
            numerator="voorraad.woon_naar_logies_n",
            denominator="voorraad.beginstand_n",
            scale=10_000,
            kind="count",
            levels=("gemeente",),
            sources=("86054NED",),
            decimals=2,
            rounding=Rounding(numerator=5, denominator=5),
        ),
    ),
)
