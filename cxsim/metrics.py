"""Weekly metrics: their definitions, units and ranges, and how they are computed.

``METRICS`` is the single list of what a run reports (one column of the time series each):
the model's data collector, the property-based test of ranges and the ODD's output table all
read it. Rolling metrics use the last ``WINDOW`` weeks, like a management dashboard.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from .kernels.journey import N_STAGES, WeekCounts
from .structure import HANDOFFS, STAGES

WINDOW = 13  # weeks (a quarter)


# Where a metric is shown. Every list of metrics in cxsim is derived from these tags.
VIEWS = (
    "summary",  # summary.json: mean over the last WINDOW weeks with its 95% interval
    "run_plot",  # the panels of a run's overview.png
    "report_table",  # the columns of a sweep report's scenario table
    "heatmap",  # the heatmaps of a sweep over two numeric parameters
    "browser",  # the KPI panels of the workshop page (grouped by ``panel``)
)


@dataclass(frozen=True)
class Metric:
    """One weekly output, declared once: its column name, unit, range, meaning and views."""

    name: str
    unit: str
    lo: float
    hi: float
    doc: str
    label: str = ""  # short title for plots and tables (defaults to the name)
    views: frozenset = frozenset()
    panel: str = ""  # browser: metrics sharing a panel are drawn together (left axis first)

    @property
    def title(self) -> str:
        return self.label or self.name


def _m(name, unit, lo, hi, doc, label="", views=(), panel=""):
    bad = set(views) - set(VIEWS)
    if bad:
        raise ValueError(f"metric {name}: unknown view(s) {sorted(bad)}")
    return Metric(name, unit, lo, hi, doc, label, frozenset(views), panel)


def _stage_metrics():
    out = []
    for s in STAGES:
        out.append(_m(f"quality_{s}", "share", 0, 1, f"quality the {s} stage delivers (practice matching what customers value × engagement × load)"))
        out.append(_m(f"in_stage_{s}", "customers", 0, np.inf, f"customers in the {s} stage at the start of the week"))
        out.append(_m(f"waiting_{s}", "customers", 0, np.inf, f"customers left waiting at the {s} stage this week (capacity reached)"))
        out.append(_m(f"stage_satisfaction_{s}", "satisfaction", 0, 1, f"mean experience of customers served at the {s} stage over the last {WINDOW} weeks", label=f"{s.capitalize()} satisfaction", views=("summary",)))
    for a, b in HANDOFFS:
        out.append(_m(f"incident_rate_{a}_{b}", "share", 0, 1, f"handoff incidents per customer handed from {a} to {b} (last {WINDOW} weeks)"))
        out.append(_m(f"disagreement_{a}_{b}", "share", 0, 1, f"chance that the two departments of the {a}→{b} handoff act differently on a promise dimension"))
    return out


METRICS: tuple[Metric, ...] = (
    _m("nps", "points", -100, 100, f"Net Promoter Score over the last {WINDOW} weeks of survey answers (% promoters − % detractors)", label='NPS', views=('summary', 'run_plot', 'report_table', 'heatmap', 'browser'), panel='NPS and satisfaction'),
    _m("satisfaction", "satisfaction", 0, 1, "mean satisfaction of active customers and customers in the journey", label='Satisfaction', views=('summary', 'run_plot', 'report_table', 'browser'), panel='NPS and satisfaction'),
    _m("churn_rate", "share/week", 0, 1, "active customers lost this week over active customers at the start of the week", label='Churn/week', views=('summary', 'report_table')),
    _m("acquisitions", "customers/week", 0, np.inf, "prospects who started a purchase this week"),
    _m("active_customers", "customers", 0, np.inf, "active customers at the end of the week"),
    _m("journeys_completed", "customers/week", 0, np.inf, "customers who finished installation this week"),
    _m("customer_friction", "incidents/100 journeys", 0, 100 * len(HANDOFFS), f"customer-facing friction: expected handoff incidents per 100 journeys through the four handoffs (sum of the handoff incident rates, last {WINDOW} weeks)", label='Customer friction', views=('summary', 'run_plot', 'report_table', 'heatmap', 'browser'), panel='Friction'),
    _m("internal_friction", "share", 0, 1, f"internal friction: ½ mean resistance + ½ min(1, conflicts in the last {WINDOW} weeks / {WINDOW})", label='Internal friction', views=('summary', 'run_plot', 'report_table', 'heatmap', 'browser'), panel='Friction'),
    _m("conflicts", "conflicts/week", 0, np.inf, "conflicts between the CX leader and departments this week", label='Conflicts/week', views=('summary',)),
    _m("conflicts_total", "conflicts", 0, np.inf, "conflicts since the start of the run"),
    _m("resistance", "level", 0, 1, "mean resistance to change of employees", label='Resistance', views=('summary', 'run_plot', 'browser'), panel='People'),
    _m("engagement", "level", 0, 1, "mean engagement of employees (employee experience)", label='Engagement', views=('summary',)),
    _m("employee_knowledge", "share", 0, 1, "mean share of the dimensions relevant to their department on which employees are right (March's knowledge)", label='Employee knowledge', views=('summary', 'run_plot', 'report_table', 'browser'), panel='People'),
    _m("playbook_knowledge", "alignment", -1, 1, "CX playbook alignment with reality, Σ code·reality / m (0 without a leader)", label='Playbook knowledge', views=('summary',)),
    _m("practice_disagreement", "share", 0, 1, "mean disagreement on the promise dimensions across the four handoffs"),
    _m("turnover", "share/week", 0, 1, "employees who left this week over all employees"),
    _m("political_capital", "level", 0, 1, "political capital of the CX leader (0 without a leader)", label='Leader political capital', views=('summary', 'run_plot', 'browser'), panel='Politics'),
    _m("sponsorship", "level", 0, 1, "executive sponsorship of the programme", label='Executive sponsorship', views=('summary', 'run_plot', 'browser'), panel='Politics'),
    _m("effective_authority", "level", 0, 1, "mean over departments of authority × proximity × sponsorship"),
    _m("support_service_level", "share", 0, 1, "share of support contacts answered within the target (Erlang C)"),
    _m("support_asa", "seconds", 0, np.inf, "average speed of answer of support contacts (Erlang C, capped)"),
    _m("support_contacts", "contacts/week", 0, np.inf, "contacts to customer service this week (incidents and routine)"),
    _m("spend_voc", "M€/week", 0, np.inf, "voice-of-the-customer spending this week"),
    _m("spend_training", "M€/week", 0, np.inf, "training and mandates spending this week (top-down)"),
    _m("spend_champions", "M€/week", 0, np.inf, "champions and communities of practice spending this week (organic)"),
    _m("spend_ex", "M€/week", 0, np.inf, "employee-experience spending this week"),
    _m("spend_redesign", "M€/week", 0, np.inf, "process-redesign spending this week"),
) + tuple(_stage_metrics())

METRIC_NAMES = tuple(m.name for m in METRICS)


def metrics_in(view: str) -> tuple[Metric, ...]:
    """The metrics shown in ``view`` (one of :data:`VIEWS`), in declaration order."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    return tuple(m for m in METRICS if view in m.views)


def names_in(view: str) -> tuple[str, ...]:
    return tuple(m.name for m in metrics_in(view))


BY_NAME = {m.name: m for m in METRICS}
SUMMARY_METRICS = names_in("summary")


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


__all__ = ["METRICS", "METRIC_NAMES", "SUMMARY_METRICS", "VIEWS", "BY_NAME", "metrics_in", "names_in", "Metric", "Window", "nps_from_counts", "rates", "reporters", "WINDOW", "N_STAGES"]
