"""Vergelijkbare gemeenten: the nearest gemeenten on standardised structural traits (KWB 2024).

Per gemeente the traits below are computed from CBS figures (``core_observation``), each trait is
standardised over all gemeenten (z-score; inhabitants and address density first on a log scale,
since they span several orders of magnitude), and the Euclidean distance between every pair of
gemeenten is taken over the standardised traits, each trait weighing the same. The ``N_SIMILAR``
nearest are stored in ``similar_gemeente``; the traits and their national mean and spread in
``similarity_trait`` (Toelichting reads the method from there).

Only traits that CBS publishes for every gemeente are used (85984NED columns complete in the
snapshot); a gemeente lacking a trait gets no peers rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

N_SIMILAR = 10
YEAR = 2024


@dataclass(frozen=True)
class Trait:
    """One structural trait: ``numerator`` (/ ``denominator`` × ``scale``), maybe logged."""

    id: str
    label: str
    unit: str
    numerator: str
    denominator: str | None = None
    scale: float = 1.0
    log: bool = False


TRAITS: tuple[Trait, ...] = (
    Trait("inwoners", "Aantal inwoners", "personen (log-schaal)", "kwb.inwoners_n", log=True),
    Trait(
        "adresdichtheid",
        "Omgevingsadressendichtheid (stedelijkheid)",
        "adressen per km² (log-schaal)",
        "kwb.adresdichtheid_per_km2",
        log=True,
    ),
    Trait(
        "jongeren_0_15",
        "Inwoners 0 tot 15 jaar",
        "% van de inwoners",
        "kwb.leeftijd_0_15_n",
        "kwb.inwoners_n",
        100,
    ),
    Trait(
        "jongeren_15_25",
        "Inwoners 15 tot 25 jaar",
        "% van de inwoners",
        "kwb.leeftijd_15_25_n",
        "kwb.inwoners_n",
        100,
    ),
    Trait(
        "ouderen_65",
        "Inwoners 65 jaar of ouder",
        "% van de inwoners",
        "kwb.leeftijd_65plus_n",
        "kwb.inwoners_n",
        100,
    ),
    Trait(
        "huishoudensgrootte",
        "Gemiddelde huishoudensgrootte",
        "personen",
        "kwb.huishoudensgrootte_gem",
    ),
    Trait("woz", "Gemiddelde WOZ-waarde van woningen", "× 1.000 euro", "kwb.woz_keur"),
    Trait("koopwoningen", "Koopwoningen", "% van de woningen", "kwb.koopwoningen_pct"),
)


def measures() -> set[str]:
    """Every ``core_observation`` measure the traits read."""
    return {m for t in TRAITS for m in (t.numerator, t.denominator) if m}


def trait_matrix(obs: pd.DataFrame, gemeenten: list[str]) -> pd.DataFrame:
    """Raw trait values (before standardising), one row per gemeente, one column per trait."""
    rows = obs[(obs["year"] == YEAR) & obs["region_code"].isin(gemeenten)]
    wide = rows.pivot_table(index="region_code", columns="measure", values="value", aggfunc="first")
    wide = wide.reindex(index=sorted(gemeenten))
    out = pd.DataFrame(index=wide.index)
    for t in TRAITS:
        value = wide.get(t.numerator, pd.Series(np.nan, index=wide.index)).astype(float)
        if t.denominator:
            den = wide.get(t.denominator, pd.Series(np.nan, index=wide.index)).astype(float)
            value = t.scale * value / den.where(den > 0)
        if t.log:
            value = np.log(value.where(value > 0))
        out[t.id] = value
    return out


def standardise(traits: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """z-scores per trait over the gemeenten that have all traits: (z, mean, sd)."""
    full = traits.dropna()
    mean, sd = full.mean(), full.std(ddof=0).replace(0, 1.0)
    return (full - mean) / sd, mean, sd


def nearest(z: pd.DataFrame, n: int = N_SIMILAR) -> pd.DataFrame:
    """For every gemeente its ``n`` nearest others: gemeente_code, rank, similar_code, distance."""
    codes = list(z.index)
    x = z.to_numpy(dtype=float)
    dist = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(dist, np.inf)
    rows = []
    for i, code in enumerate(codes):
        order = np.lexsort((np.array(codes), dist[i]))[: min(n, len(codes) - 1)]
        for rank, j in enumerate(order, start=1):
            rows.append(
                {
                    "gemeente_code": code,
                    "rank": rank,
                    "similar_code": codes[j],
                    "distance": round(float(dist[i, j]), 4),
                }
            )
    return pd.DataFrame(rows, columns=["gemeente_code", "rank", "similar_code", "distance"])


def build(obs: pd.DataFrame, region: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(similar_gemeente, similarity_trait) for the build."""
    gemeenten = list(region.loc[region["level"] == "gemeente", "code"])
    traits = trait_matrix(obs, gemeenten)
    z, mean, sd = standardise(traits)
    trait_rows = pd.DataFrame(
        [
            {
                "ord": n,
                "id": t.id,
                "label": t.label,
                "unit": t.unit,
                "is_log": t.log,
                "mean": float(mean[t.id]),
                "sd": float(sd[t.id]),
                "gemeenten": int(traits[t.id].notna().sum()),
                "measures": ", ".join(m for m in (t.numerator, t.denominator) if m),
            }
            for n, t in enumerate(TRAITS)
        ]
    )
    return nearest(z), trait_rows
