"""The observation model: what a company's figure is, given the simulated company.

Each observable column of the CSV is a :class:`Series`: the model metric it is read from, how
the weeks of a period are aggregated, its range, and how the company's measurement adds noise:

* ``nps`` — a survey of ``n`` answers (column ``nps_responses``). Promoter, passive and
  detractor shares are ``p = (s + m)/2``, ``1 − s``, ``d = (s − m)/2`` with ``m = NPS/100``
  and ``s = max(1 − passive_share, |m|)``; the observed NPS is that of ``n`` answers drawn
  from a multinomial (:func:`observe`), whose variance is ``10⁴ (s − m²)/n`` points²
  (:func:`variance`, the normal approximation used by the ABC kernel).
* ``churn`` — binomial: the share of ``churn_base`` active customers who left, variance
  ``c (1 − c)/B``.
* ``incident_rate`` (per 100 journeys) — Poisson incidents over ``journeys``: variance
  ``100 · rate / J``.
* ``satisfaction_<stage>``, ``engagement`` — a figure with a stated standard error.

The model side: NPS is the model's rolling 13-week NPS at the period's last week, churn the
compound of weekly churn over the period's weeks, the others the mean over its weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..metrics import BY_NAME
from ..structure import STAGES


@dataclass(frozen=True)
class Series:
    column: str
    metric: str  # the model metric it is read from
    aggregate: str  # "last" (rolling metrics), "compound" (weekly rates), "mean"
    noise: str  # "survey", "binomial", "poisson", "normal"
    count: str = ""  # the column (or observation setting) holding n, the base or the journeys
    se: str = ""  # the observation setting holding the standard error ("normal" noise)

    @property
    def lo(self) -> float:
        return -100.0 if self.noise == "survey" else 0.0

    @property
    def hi(self) -> float:
        return float(BY_NAME[self.metric].hi) if self.noise == "poisson" else (100.0 if self.noise == "survey" else 1.0)

    @property
    def unit(self) -> str:
        return {"survey": "NPS points", "binomial": "share of the base per period",
                "poisson": "incidents per 100 journeys"}.get(self.noise, "0–1 scale")


SERIES: dict[str, Series] = {s.column: s for s in (
    Series("nps", "nps", "last", "survey", count="nps_responses"),
    Series("churn", "churn_rate", "compound", "binomial", count="churn_base"),
    Series("incident_rate", "customer_friction", "mean", "poisson", count="journeys"),
    Series("engagement", "engagement", "mean", "normal", se="engagement_se"),
    *(Series(f"satisfaction_{stage}", f"stage_satisfaction_{stage}", "mean", "normal", se="satisfaction_se") for stage in STAGES),
)}
COUNTS = ("nps_responses", "churn_base", "journeys")  # columns holding the n behind a figure


def period_values(weekly: dict[str, np.ndarray], starts: np.ndarray, ends: np.ndarray, columns) -> dict[str, np.ndarray]:
    """Model figures per period from weekly metric arrays (index = week, 0 = the start state).

    Period i covers the weeks ``starts[i] + 1 … ends[i]``.
    """
    out = {}
    for col in columns:
        spec = SERIES[col]
        x = np.asarray(weekly[spec.metric], dtype=float)
        if spec.aggregate == "last":
            out[col] = x[ends]
        elif spec.aggregate == "compound":
            keep = np.log1p(-np.clip(x, 0.0, 1.0 - 1e-12))
            cum = np.concatenate(([0.0], np.cumsum(keep[1:])))
            out[col] = 1.0 - np.exp(cum[ends] - cum[starts])
        else:
            cum = np.concatenate(([0.0], np.cumsum(x[1:])))
            out[col] = (cum[ends] - cum[starts]) / (ends - starts)
    return out


def _survey_shares(nps: np.ndarray, passive_share: float) -> tuple[np.ndarray, np.ndarray]:
    m = np.clip(np.asarray(nps, dtype=float) / 100.0, -1.0, 1.0)
    s = np.maximum(1.0 - passive_share, np.abs(m))
    return (s + m) / 2.0, (s - m) / 2.0


def variance(col: str, value: np.ndarray, count: np.ndarray | None, obs_settings) -> np.ndarray:
    """Sampling variance of each period's figure (normal approximation), in the column's units."""
    spec = SERIES[col]
    value = np.asarray(value, dtype=float)
    if spec.noise == "survey":
        p, d = _survey_shares(value, obs_settings.passive_share)
        # at least one answer's worth of spread: an all-promoter month is not exact
        return 1e4 * np.maximum(p + d - (p - d) ** 2, 1.0 / count) / count
    if spec.noise == "binomial":
        c = (value * count + 0.5) / (count + 1.0)  # no zero variance at 0 or 1 churn
        return c * (1.0 - c) / count
    if spec.noise == "poisson":
        return 100.0 * np.maximum(value, 100.0 / count) / count
    return np.full(value.shape, getattr(obs_settings, spec.se) ** 2)


def observe(latent: dict[str, np.ndarray], counts: dict[str, np.ndarray], obs_settings, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The figures a company would publish if its true state were ``latent``: simulate the
    survey answers, the customers who leave, the incidents, or a measurement error."""
    out = {}
    for col, value in latent.items():
        spec = SERIES[col]
        value = np.asarray(value, dtype=float)
        n = counts.get(spec.count) if spec.count else None
        if spec.noise == "survey":
            p, d = _survey_shares(value, obs_settings.passive_share)
            shares = np.stack([p, 1.0 - p - d, d], axis=1)
            answers = np.array([rng.multinomial(int(k), np.clip(row, 0, 1) / np.clip(row, 0, 1).sum()) for k, row in zip(n, shares)])
            out[col] = 100.0 * (answers[:, 0] - answers[:, 2]) / n
        elif spec.noise == "binomial":
            out[col] = rng.binomial(n.astype(np.int64), np.clip(value, 0.0, 1.0)) / n
        elif spec.noise == "poisson":
            out[col] = 100.0 * rng.poisson(np.clip(value, 0, None) / 100.0 * n) / n
        else:
            out[col] = np.clip(value + rng.normal(0.0, getattr(obs_settings, spec.se), value.shape), 0.0, 1.0)
    return out


def blocks(n_periods: int, n_blocks: int) -> list[np.ndarray]:
    """Consecutive groups of periods compared as one mean each (at most one per period)."""
    return [b for b in np.array_split(np.arange(n_periods), min(n_blocks, n_periods)) if b.size]


def block_means(series: dict[str, np.ndarray], groups: list[np.ndarray]) -> dict[str, np.ndarray]:
    return {col: np.array([np.mean(np.asarray(x)[g]) for g in groups]) for col, x in series.items()}


def block_variance(var: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Variance of a block mean of independent period figures: Σ var / k²."""
    return np.array([np.sum(var[g]) / g.size**2 for g in groups])


__all__ = ["Series", "SERIES", "COUNTS", "period_values", "variance", "observe", "blocks", "block_means", "block_variance"]
