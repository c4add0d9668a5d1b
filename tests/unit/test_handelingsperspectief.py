"""Handelingsperspectief: every indicator has plain steps, each naming its public source."""

from __future__ import annotations

import re

import themes
from themes.handelingsperspectief import BY_INDICATOR, BY_THEME, actions_for


def test_every_indicator_has_steps_with_a_source() -> None:
    for ind in themes.all_indicators():
        actions = actions_for(ind.id)
        assert actions, ind.id
        for a in actions:
            assert len(a.text) > 30 and a.text.endswith("."), (ind.id, a.text)
            assert a.source and not a.source.endswith("."), (ind.id, a.source)


def test_keys_are_real_themes_and_indicators() -> None:
    ids = {i.id for i in themes.all_indicators()}
    assert set(BY_INDICATOR) <= ids
    assert set(BY_THEME) <= {t.id for t in themes.all_themes()}


def test_no_step_claims_proof() -> None:
    """A signal is never proof: no text may say that it proves or shows guilt."""
    forbidden = re.compile(r"\b(bewijst|bewezen|aangetoond|toont aan|is schuldig)\b", re.I)
    for actions in [*BY_THEME.values(), *BY_INDICATOR.values()]:
        for a in actions:
            assert not forbidden.search(a.text), a.text


def test_kaart_card_links_to_trend_and_steps() -> None:
    from dashboard.components.actions import kaart_extras

    text = str(kaart_extras("drugs.verdachten_drugs_per_10k", "GM0917"))
    assert "/profiel?gemeente=GM0917#trend-drugs.verdachten_drugs_per_10k" in text
    assert "Opiumwet, artikel 13b" in text and "geen bewijs" in text
    assert kaart_extras("drugs.verdachten_drugs_per_10k", None) == []
