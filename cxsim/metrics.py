"""Weekly metrics: their definitions, units and ranges, and how they are computed.

``METRICS`` is the single list of what a run reports (one column of the time series each):
the model's data collector, the property-based test of ranges and the ODD's output table all
read it. Rolling metrics use the last ``WINDOW`` weeks, like a management dashboard.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from .journey import N_STAGES, WeekCounts
from .organization import HANDOFFS, STAGES

WINDOW = 13  # weeks (a quarter)


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    lo: float
    hi: float
    doc: str


def _stage_metrics():
    out = []
    for s in STAGES:
        out.append(Metric(f"quality_{s}", "share", 0, 1, f"quality the {s} stage delivers (practice matching what customers value × engagement × load)"))
        out.append(Metric(f"in_stage_{s}", "customers", 0, np.inf, f"customers in the {s} stage at the start of the week"))
        out.append(Metric(f"waiting_{s}", "customers", 0, np.inf, f"customers left waiting at the {s} stage this week (capacity reached)"))
        out.append(Metric(f"stage_satisfaction_{s}", "satisfaction", 0, 1, f"mean experience of customers served at the {s} stage over the last {WINDOW} weeks"))
    for a, b in HANDOFFS:
        out.append(Metric(f"incident_rate_{a}_{b}", "share", 0, 1, f"handoff incidents per customer handed from {a} to {b} (last {WINDOW} weeks)"))
        out.append(Metric(f"disagreement_{a}_{b}", "share", 0, 1, f"chance that the two departments of the {a}→{b} handoff act differently on a promise dimension"))
    return out


METRICS: tuple[Metric, ...] = (
    Metric("nps", "points", -100, 100, f"Net Promoter Score over the last {WINDOW} weeks of survey answers (% promoters − % detractors)"),
    Metric("satisfaction", "satisfaction", 0, 1, "mean satisfaction of active customers and customers in the journey"),
    Metric("churn_rate", "share/week", 0, 1, "active customers lost this week over active customers at the start of the week"),
    Metric("acquisitions", "customers/week", 0, np.inf, "prospects who started a purchase this week"),
    Metric("active_customers", "customers", 0, np.inf, "active customers at the end of the week"),
    Metric("journeys_completed", "customers/week", 0, np.inf, "customers who finished installation this week"),
    Metric("customer_friction", "incidents/100 journeys", 0, 100 * len(HANDOFFS), f"customer-facing friction: expected handoff incidents per 100 journeys through the four handoffs (sum of the handoff incident rates, last {WINDOW} weeks)"),
    Metric("internal_friction", "share", 0, 1, f"internal friction: ½ mean resistance + ½ min(1, conflicts in the last {WINDOW} weeks / {WINDOW})"),
    Metric("conflicts", "conflicts/week", 0, np.inf, "conflicts between the CX leader and departments this week"),
    Metric("conflicts_total", "conflicts", 0, np.inf, "conflicts since the start of the run"),
    Metric("resistance", "level", 0, 1, "mean resistance to change of employees"),
    Metric("engagement", "level", 0, 1, "mean engagement of employees (employee experience)"),
    Metric("employee_knowledge", "share", 0, 1, "mean share of the dimensions relevant to their department on which employees are right (March's knowledge)"),
    Metric("playbook_knowledge", "alignment", -1, 1, "CX playbook alignment with reality, Σ code·reality / m (0 without a leader)"),
    Metric("practice_disagreement", "share", 0, 1, "mean disagreement on the promise dimensions across the four handoffs"),
    Metric("turnover", "share/week", 0, 1, "employees who left this week over all employees"),
    Metric("political_capital", "level", 0, 1, "political capital of the CX leader (0 without a leader)"),
    Metric("sponsorship", "level", 0, 1, "executive sponsorship of the programme"),
    Metric("effective_authority", "level", 0, 1, "mean over departments of authority × proximity × sponsorship"),
    Metric("support_service_level", "share", 0, 1, "share of support contacts answered within the target (Erlang C)"),
    Metric("support_asa", "seconds", 0, np.inf, "average speed of answer of support contacts (Erlang C, capped)"),
    Metric("support_contacts", "contacts/week", 0, np.inf, "contacts to customer service this week (incidents and routine)"),
    Metric("spend_voc", "M€/week", 0, np.inf, "voice-of-the-customer spending this week"),
    Metric("spend_training", "M€/week", 0, np.inf, "training and mandates spending this week (top-down)"),
    Metric("spend_champions", "M€/week", 0, np.inf, "champions and communities of practice spending this week (organic)"),
    Metric("spend_ex", "M€/week", 0, np.inf, "employee-experience spending this week"),
    Metric("spend_redesign", "M€/week", 0, np.inf, "process-redesign spending this week"),
) + tuple(_stage_metrics())

METRIC_NAMES = tuple(m.name for m in METRICS)
SUMMARY_METRICS = (
    "nps",
    "satisfaction",
    "churn_rate",
    "customer_friction",
    "internal_friction",
    "conflicts",
    "resistance",
    "employee_knowledge",
    "playbook_knowledge",
    "engagement",
    "political_capital",
    "sponsorship",
) + tuple(f"stage_satisfaction_{s}" for s in STAGES)


class Window:
    """The last WINDOW weeks of customer counts, summed on demand."""

    def __init__(self, size: int = WINDOW):
        self.weeks: deque[WeekCounts] = deque(maxlen=size)

    def push(self, counts: WeekCounts) -> None:
        self.weeks.append(counts)

    def total(self, attr: str):
        values = [getattr(w, attr) for w in self.weeks]
        return np.sum(values, axis=0) if values else 0.0


def nps_from_counts(promoters: float, detractors: float, responses: float, previous: float = 0.0) -> float:
    """% promoters − % detractors; without any answer the last known value stands."""
    if responses <= 0:
        return previous
    return 100.0 * (promoters - detractors) / responses


def rates(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def reporters() -> dict:
    """Model reporters for Mesa's DataCollector: each metric read from ``model.metrics``."""
    return {name: (lambda model, key=name: model.metrics[key]) for name in METRIC_NAMES}


__all__ = ["METRICS", "METRIC_NAMES", "SUMMARY_METRICS", "Metric", "Window", "nps_from_counts", "rates", "reporters", "WINDOW", "N_STAGES"]
