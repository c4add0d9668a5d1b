"""Handelingsperspectief: what a gemeente can do when an indicator is high, as data.

Per theme a few general steps and per indicator the specific ones, each naming the public law or
guidance it rests on. Plain language; none of it assumes that a signal proves anything: every
step starts with looking further, together with partners.
"""

from themes.spec import Action

#: shown with every indicator of a theme
BY_THEME: dict[str, tuple[Action, ...]] = {
    "drugs": (
        Action(
            "Bespreek het beeld met politie en Openbaar Ministerie in het driehoeksoverleg en "
            "breng een casus in bij het RIEC voor een integrale aanpak.",
            "Convenant RIEC-LIEC (bestuurlijke en geïntegreerde aanpak van ondermijning)",
        ),
    ),
    "vastgoed": (
        Action(
            "Toets aanvragen en vastgoedtransacties waarbij de gemeente partij is op "
            "integriteit; vraag zo nodig advies aan het Landelijk Bureau Bibob.",
            "Wet Bibob (Wet bevordering integriteitsbeoordelingen door het openbaar bestuur)",
        ),
    ),
    "vakantieparken": (
        Action(
            "Pak vakantieparken integraal aan met handhaving, Bibob en het RIEC: controleer "
            "samen met politie en brandweer en deel signalen via het RIEC.",
            "Convenant RIEC-LIEC; Wet Bibob",
        ),
    ),
    "pgb": (
        Action(
            "Laat bij signalen de besteding van het pgb en de kwaliteit van de zorg controleren "
            "door de toezichthouder Wmo van de gemeente.",
            "Wet maatschappelijke ondersteuning 2015 (Wmo 2015)",
        ),
    ),
    "branches": (
        Action(
            "Toets exploitatie- en drank- en horecavergunningen op integriteit en neem "
            "Bibob-voorwaarden op in de APV.",
            "Wet Bibob; Alcoholwet; Model-APV van de VNG",
        ),
    ),
}

#: specific steps per indicator (shown after the theme's)
BY_INDICATOR: dict[str, tuple[Action, ...]] = {
    "drugs.verdachten_drugs_per_10k": (
        Action(
            "Sluit een woning of lokaal waar drugs worden verkocht of opgeslagen "
            "(Damoclesbeleid) en leg dat vast in beleid.",
            "Opiumwet, artikel 13b",
        ),
        Action(
            "Investeer in preventie voor jongeren die gevoelig zijn voor werving door "
            "drugsnetwerken, samen met scholen en jongerenwerk.",
            "Gemeentelijk integraal veiligheidsplan (Gemeentewet, artikel 38b)",
        ),
    ),
    "drugs.aandeel_drugsverdachten": (
        Action(
            "Vraag politie om een lokaal beeld van de drugsmarkt voordat u conclusies trekt: "
            "een klein aantal verdachten maakt het aandeel onzeker.",
            "Convenant RIEC-LIEC",
        ),
    ),
    "drugs.misdrijven_per_1000": (
        Action(
            "Sluit een pand bij ernstige verstoring van de openbare orde door gedragingen in of "
            "rond dat pand.",
            "Gemeentewet, artikel 174a",
        ),
    ),
    "drugs.drugshandel_buurt": (
        Action(
            "Neem de zorgen van bewoners serieus: maak het melden van drugshandel makkelijk, "
            "ook anoniem, en koppel terug wat ermee gebeurt.",
            "Meld Misdaad Anoniem (M.); Opiumwet, artikel 13b",
        ),
    ),
    "drugs.drugsgebruik_buurt": (
        Action(
            "Combineer handhaving met zorg: betrek GGD en verslavingszorg bij overlast door "
            "gebruik op straat.",
            "Wet publieke gezondheid; Gemeentewet, artikel 174a",
        ),
    ),
    "vastgoed.woz": (
        Action(
            "Kijk bij opvallende aankopen naar de eigenaar en de financiering via het "
            "Kadaster, en deel signalen over witwassen via het RIEC.",
            "Basisregistratie Kadaster; Convenant RIEC-LIEC",
        ),
    ),
    "vastgoed.koopwoningen": (
        Action(
            "Een laag aandeel koopwoningen is geen risico op zich; kijk samen met de "
            "indicator particuliere verhuur of verhuurders in beeld zijn.",
            "Wet goed verhuurderschap",
        ),
    ),
    "vastgoed.particuliere_verhuur": (
        Action(
            "Stel algemene regels of een verhuurvergunning in voor verhuurders in gebieden waar "
            "dat nodig is, en controleer op goed verhuurderschap (ook huisvesting van "
            "arbeidsmigranten).",
            "Wet goed verhuurderschap",
        ),
        Action(
            "Doe adresonderzoek bij adressen met opvallend veel of wisselende inschrijvingen.",
            "Wet basisregistratie personen (Wet BRP); Landelijke Aanpak Adreskwaliteit",
        ),
    ),
    "vastgoed.onbewoond": (
        Action(
            "Onderzoek langdurig lege panden: leegstand kan op opslag, hennepteelt of "
            "schijnadressen wijzen, maar ook op verbouwing of verkoop.",
            "Leegstandwet; Wet basisregistratie personen (Wet BRP)",
        ),
    ),
    "vastgoed.prijs_inkomen": (
        Action(
            "Gebruik het signaal om vastgoedtransacties met de gemeente als partij extra te "
            "toetsen op de herkomst van het geld.",
            "Wet Bibob (vastgoedtransacties)",
        ),
    ),
    "vastgoed.woningsplitsing": (
        Action(
            "Maak splitsen en omzetten van woningen vergunningplichtig in de "
            "huisvestingsverordening en toets de aanvrager.",
            "Huisvestingswet 2014; Wet Bibob",
        ),
    ),
    "vakantieparken.logies_naar_woon": (
        Action(
            "Controleer of bewoners zijn ingeschreven en of permanente bewoning is toegestaan; "
            "let op kwetsbare bewoners en uitbuiting.",
            "Wet basisregistratie personen (Wet BRP); Omgevingswet (omgevingsplan)",
        ),
    ),
    "vakantieparken.woon_naar_logies": (
        Action(
            "Ga na wie een woning omzet naar logies en waarom; toets de exploitant bij een "
            "vergunningaanvraag.",
            "Huisvestingswet 2014; Wet Bibob",
        ),
    ),
    "pgb.wmo_pgb_per_1000": (
        Action(
            "Voer huisbezoeken en budgetcontroles uit bij nieuwe en grote pgb's en vorder "
            "onterecht betaalde budgetten terug.",
            "Wet maatschappelijke ondersteuning 2015 (Wmo 2015)",
        ),
    ),
    "pgb.aandeel_pgb": (
        Action(
            "Deel signalen over zorgaanbieders met zorgverzekeraars, zorgkantoren en de "
            "Sociale Verzekeringsbank via het Informatieknooppunt Zorgfraude.",
            "Informatieknooppunt Zorgfraude (IKZ)",
        ),
    ),
    "branches.vestigingen_per_1000": (
        Action(
            "Houd integrale controles bij bedrijven in kwetsbare branches (gemeente, politie, "
            "Belastingdienst, Arbeidsinspectie) en deel signalen via het RIEC.",
            "Convenant RIEC-LIEC",
        ),
    ),
    "branches.aandeel_handel_horeca": (
        Action(
            "Stel een vergunningplicht in voor risicobranches (zoals shishalounges, "
            "belwinkels, kapperszaken) en toets aanvragers met Bibob.",
            "Model-APV van de VNG; Wet Bibob",
        ),
    ),
    "branches.aandeel_financieel_vastgoed": (
        Action(
            "Meld signalen over de herkomst van geld bij vastgoed- en financiële bedrijven aan "
            "de Belastingdienst via het RIEC.",
            "Convenant RIEC-LIEC",
        ),
    ),
}

DISCLAIMER = (
    "Een signaal is geen bewijs. Deze mogelijkheden zijn een begin: kijk eerst samen met "
    "partners wat er achter een hoge waarde zit."
)


def actions_for(indicator_id: str) -> tuple[Action, ...]:
    """The theme's general steps plus the indicator's own (empty for an unknown id)."""
    theme = indicator_id.split(".", 1)[0]
    return BY_THEME.get(theme, ()) + BY_INDICATOR.get(indicator_id, ())
