"""Indicator engine pieces: classes, z-scores and the registry's validation."""

from __future__ import annotations

import dataclasses

import pytest

import themes
from data_pipeline.engine import klasse, z_score
from themes.spec import Theme


def test_klasse_bands_and_noise() -> None:
    assert klasse(50.0, True) == 1
    assert klasse(80.0, True) == 2
    assert klasse(100.0, None) == 3
    assert klasse(130.0, True) == 4
    assert klasse(200.0, True) == 5
    assert klasse(200.0, False) == 3  # within noise: 'gemiddeld', never painted as extreme
    assert klasse(None, None) is None


def test_small_gemeente_has_smaller_z_than_large_at_same_rate() -> None:
    ind = themes.get_indicator("drugs.verdachten_drugs_per_10k")
    nl = 7.0  # per 10.000
    small = z_score(ind, num=3, den=2_000, nl_value=nl)  # 15 per 10.000
    large = z_score(ind, num=1_500, den=1_000_000, nl_value=nl)  # 15 per 10.000
    assert small is not None and large is not None
    assert 0 < small < 1.96 < large


def test_share_uses_binomial_z() -> None:
    ind = themes.get_indicator("pgb.aandeel_pgb")
    z = z_score(ind, num=30, den=100, nl_value=20.0)
    assert z == pytest.approx((30 - 20) / (100 * 0.2 * 0.8) ** 0.5)
    assert z_score(themes.get_indicator("vastgoed.woz"), 1, 1, 1) is None


def test_registry_contract_ids() -> None:
    ids = {i.id for i in themes.all_indicators()}
    required = {
        "drugs.verdachten_drugs_per_10k",
        "drugs.aandeel_drugsverdachten",
        "drugs.misdrijven_per_1000",
        "drugs.drugshandel_buurt",
        "vastgoed.woz",
        "vastgoed.koopwoningen",
        "vastgoed.particuliere_verhuur",
        "vastgoed.onbewoond",
        "vastgoed.prijs_inkomen",
        "vastgoed.woningsplitsing",
        "vakantieparken.logies_naar_woon",
        "vakantieparken.woon_naar_logies",
        "pgb.wmo_pgb_per_1000",
        "pgb.aandeel_pgb",
        "branches.vestigingen_per_1000",
        "branches.aandeel_handel_horeca",
        "branches.aandeel_financieel_vastgoed",
    }
    assert required <= ids
    with pytest.raises(KeyError):
        themes.get_indicator("drugs.onbekend")


def test_registry_rejects_bad_definitions() -> None:
    good = themes.get_indicator("vastgoed.woz")
    bad = dataclasses.replace(good, id="drugs.woz")
    with pytest.raises(ValueError, match="hoort niet bij thema"):
        themes._validate((Theme("vastgoed", "x", "x", (bad,)),))
    dup = Theme("vastgoed", "x", "x", (good, good))
    with pytest.raises(ValueError, match="dubbele id"):
        themes._validate((dup,))


def test_every_catalog_measure_is_used() -> None:
    """PUDL's habit: a topic loaded but used by no indicator or derived measure is dead weight."""
    from importlib import resources

    from data_pipeline.catalog import TABLES

    derived = resources.files("data_pipeline").joinpath("sql", "core_derived.sql").read_text()
    used = {
        m for i in themes.all_indicators() for m in (i.numerator, i.denominator, i.published) if m
    }
    from data_pipeline import similarity

    used |= similarity.measures()  # structural traits of vergelijkbare gemeenten
    for table in TABLES:
        for topic in table.topics:
            names = [topic.measure + suffix for suffix in ["", *table.split.values()]]
            assert any(n in used or f"'{n}'" in derived for n in names), topic.measure
