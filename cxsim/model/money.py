"""Money: revenue, customer value and the programme's cost, and its return against a twin.

Seeds 003 and 004: improving the experience needs investment, and its impact on revenue must be
felt by all. A run turns its customers and its spending into euros (``money.*``), week by week:

* revenue = active customers × ARPU (``money.arpu`` per month × 12 / 52 a week), in M€ a week;
  contribution = gross margin × revenue − acquisition cost × acquisitions;
* customer lifetime value (Gupta & Lehmann 2003): the weekly margin m = gross margin × weekly
  ARPU kept with the weekly retention r = 1 − churn (over the feedback window), discounted at
  i = (1 + ``discount_rate``)^(1/52) − 1: CLV = m r / (1 + i − r) − acquisition cost;
* the programme's cost by category: the leader's spending (voice of the customer, training,
  champions, EX, process redesign), the role's fixed cost (``money.leader_cost`` a year from the
  programme start) and the reorganisation (:mod:`cxsim.model.regroup`);
* against the SAME company WITHOUT the programme on the same seeds (the baseline twin: common
  random numbers, docs/ODD.md §1.3, make the difference the programme's and nothing else): the
  revenue gain, the NPS gain, the cumulative net benefit (Σ contribution gain − Σ cost), the
  return on investment (net benefit / cost to date; 0 before any cost) and whether the
  programme has paid back (net benefit ≥ 0 with a cost). The value of the extra customers beyond
  the horizon is not in the ROI: it is reported apart (customer equity gain = extra active
  customers × CLV).

Every simulated customer stands for ``money.customer_base`` / ``customers.n`` real ones. The
twin is the model with ``leader.enabled=false`` started from the same generator state; its weekly
counts are cached per process by its run-in key (:class:`~cxsim.model.runin.RunIn`: company,
customers, levers and the stream root), so every scenario of a sweep with the same company and
seed shares one twin, and a run without a leader is its own twin (gains exactly 0).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import replace

import numpy as np

from ..kernels.journey import ACTIVE
from .runin import RunIn

WEEKS_PER_YEAR = 52.0
MONTHS_PER_YEAR = 12.0
TWIN_CACHE_SIZE = 256  # cached twins per process (a few kB each: three numbers a week)
_TWINS: OrderedDict = OrderedDict()
CATEGORIES = ("voc", "training", "champions", "ex", "redesign")


class BaselineTwin:
    """The company without the programme on the same seeds, one week at a time."""

    def __init__(self, model, rng_state: dict):
        self.model = model
        cfg = model.config
        self.config = replace(cfg, leader=replace(cfg.leader, enabled=False), money=replace(cfg.money, baseline=False))
        self.rng_state = rng_state
        self.key = RunIn(model).key()
        self.twin = None
        self.rows: list[tuple[float, float, float]] = []

    def row(self, week: int) -> tuple[float, float, float]:
        """(active customers, acquisitions, NPS) of the twin at ``week``."""
        cached = _TWINS.get(self.key)
        if cached is not None and len(cached) > week:
            _TWINS.move_to_end(self.key)
            return cached[week]
        if self.twin is None:
            rng = np.random.Generator(np.random.PCG64())
            rng.bit_generator.state = self.rng_state
            from .model import CXModel  # here: model.py imports this module

            # the plain model, not ``type(self.model)``: a subclass (the browser's WorkshopModel)
            # takes other constructor arguments, and the twin needs none of its extras
            self.twin = CXModel(self.config, rng=rng)
            self.rows = [self._observe()]
        while len(self.rows) <= week:
            self.twin.step()
            self.rows.append(self._observe())
        if cached is None or len(self.rows) > len(cached):
            _TWINS[self.key] = self.rows
            while len(_TWINS) > TWIN_CACHE_SIZE:
                _TWINS.popitem(last=False)
        return self.rows[week]

    def _observe(self) -> tuple[float, float, float]:
        m = self.twin.metrics
        return m["active_customers"], m["acquisitions"], m["nps"]


class Ledger:
    """The euros of a run, updated once a week (:meth:`close_week`), read by the metrics."""

    def __init__(self, model, rng_state: dict | None):
        self.model = model
        p = model.config.money
        self.scale = p.customer_base / model.config.customers.n  # real customers per simulated one
        self.arpu_week = p.arpu * MONTHS_PER_YEAR / WEEKS_PER_YEAR
        self.discount_week = (1.0 + p.discount_rate) ** (1.0 / WEEKS_PER_YEAR) - 1.0
        self.churn = deque(maxlen=model.config.customers.feedback_window)  # (churned, active at start)
        self.cost_total = 0.0
        self.gain_total = 0.0
        # a run without a leader is its own baseline; without ``money.baseline`` gains are not measured
        self.measured = p.baseline or model.leader is None
        self.twin = BaselineTwin(model, rng_state) if p.baseline and model.leader is not None else None
        self.values: dict = {}

    def close_week(self, counts) -> None:
        """Account for the week that ended (and, at construction, for week 0)."""
        m, p = self.model, self.model.config.money
        self.churn.append((counts.churned, counts.active_start))
        active, acquisitions, nps = float(np.count_nonzero(m.customers.state == ACTIVE)), float(counts.acquisitions), float(m.feedback.nps)
        revenue = active * self.arpu_week * self.scale / 1e6
        contribution = p.gross_margin * revenue - p.acquisition_cost * acquisitions * self.scale / 1e6
        v = {"revenue": revenue, "contribution": contribution}
        spend = m.leader.spend if m.leader is not None else {}
        for cat in CATEGORIES:
            v[f"spend_{cat}"] = float(spend.get(cat, 0.0))
        started = m.leader is not None and m.week >= m.leader.start_week and m.week > 0
        v["spend_leader"] = p.leader_cost / WEEKS_PER_YEAR if started else 0.0
        v["spend_reorganisation"] = float(m.regrouping.cost)
        v["programme_cost"] = sum(v[f"spend_{c}"] for c in (*CATEGORIES, "leader", "reorganisation"))
        self.cost_total += v["programme_cost"]
        v["programme_cost_total"] = self.cost_total
        churned, exposed = (sum(x) for x in zip(*self.churn))
        retention = 1.0 - (churned / exposed if exposed else 0.0)
        margin = p.gross_margin * self.arpu_week
        v["clv"] = margin * retention / (1.0 + self.discount_week - retention) - p.acquisition_cost
        if self.measured:
            t_active, t_acq, t_nps = self.twin.row(m.week) if self.twin is not None else (active, acquisitions, nps)
            t_revenue = t_active * self.arpu_week * self.scale / 1e6
            t_contribution = p.gross_margin * t_revenue - p.acquisition_cost * t_acq * self.scale / 1e6
            self.gain_total += contribution - t_contribution
            net = self.gain_total - self.cost_total
            v["revenue_gain"] = revenue - t_revenue
            v["nps_gain"] = nps - t_nps
            v["net_benefit"] = net
            v["roi"] = 100.0 * (net / self.cost_total) if self.cost_total > 0 else 0.0
            v["paid_back"] = 1.0 if self.cost_total > 0 and net >= 0 else 0.0
            v["customer_equity_gain"] = (active - t_active) * self.scale * v["clv"] / 1e6
        else:
            for name in GAIN_METRICS:
                v[name] = float("nan")
        self.values = v


GAIN_METRICS = ("revenue_gain", "nps_gain", "net_benefit", "roi", "paid_back", "customer_equity_gain")


def clear_twins() -> None:
    _TWINS.clear()


__all__ = ["Ledger", "BaselineTwin", "GAIN_METRICS", "clear_twins", "TWIN_CACHE_SIZE"]
