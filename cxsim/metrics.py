"""Weekly metrics: their definitions, units and ranges, and how they are computed.

``METRICS`` is the single list of what a run reports (one column of the time series each):
the model's data collector, the property-based test of ranges and the ODD's output table all
read it. :func:`compute` computes all of them, in one place, from the model's state and the
week's counts; the model's dynamics never read them back (what they need is model state, e.g.
``CXModel.feedback``). Rolling customer metrics use the last ``customers.feedback_window``
weeks (13 by default, a quarter, like a management dashboard); ``WINDOW`` (13 weeks) is the
window of the summaries and of the conflicts behind internal friction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .kernels.journey import N_STAGES, WeekCounts, scratch
from .kernels.knowledge import code_alignment
from .params import DEPARTMENTS
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
    at_end: bool = False  # a run's summary takes its value at the last week (totals to date), not its mean over WINDOW

    @property
    def title(self) -> str:
        return self.label or self.name


def _m(name, unit, lo, hi, doc, label="", views=(), panel="", at_end=False):
    bad = set(views) - set(VIEWS)
    if bad:
        raise ValueError(f"metric {name}: unknown view(s) {sorted(bad)}")
    return Metric(name, unit, lo, hi, doc, label, frozenset(views), panel, at_end)


def _stage_metrics():
    out = []
    for s in STAGES:
        out.append(_m(f"quality_{s}", "share", 0, 1, f"quality the {s} stage delivers (practice matching what customers value × engagement × load)"))
        out.append(_m(f"in_stage_{s}", "customers", 0, np.inf, f"customers in the {s} stage at the start of the week"))
        out.append(_m(f"waiting_{s}", "customers", 0, np.inf, f"customers left waiting at the {s} stage this week (capacity reached)"))
        out.append(_m(f"stage_satisfaction_{s}", "satisfaction", 0, 1, f"mean experience of customers served at the {s} stage over the feedback window (customers.feedback_window)", label=f"{s.capitalize()} satisfaction", views=("summary",)))
    for a, b in HANDOFFS:
        out.append(_m(f"incident_rate_{a}_{b}", "share", 0, 1, f"handoff incidents per customer handed from {a} to {b} over the feedback window (week 0: the expected probability)"))
        out.append(_m(f"disagreement_{a}_{b}", "share", 0, 1, f"chance that the two departments of the {a}→{b} handoff act differently on a promise dimension"))
    for d in DEPARTMENTS:
        out.append(_m(f"conflicts_total_{d}", "conflicts", 0, np.inf, f"conflicts between the CX leader and {d} since the start of the run"))
    return out


_MONEY_PANEL = "Money"
# euros (cxsim/model/money.py); the gains are against the same company without the programme on the same seeds
MONEY_METRICS = (
    _m("revenue", "M€/week", 0, np.inf, "revenue this week: active customers × money.arpu (per month, × 12/52) × money.customer_base / customers.n", label="Revenue", views=("summary",), panel=_MONEY_PANEL),
    _m("contribution", "M€/week", -np.inf, np.inf, "contribution this week: money.gross_margin × revenue − money.acquisition_cost × acquisitions (scaled to the real customer base)"),
    _m("clv", "€", -np.inf, np.inf, "customer lifetime value (Gupta & Lehmann 2003): weekly margin × r / (1 + i − r) − acquisition cost, r the weekly retention over the feedback window, i the weekly discount rate", label="Customer lifetime value", views=("summary",)),
    _m("spend_leader", "M€/week", 0, np.inf, "fixed cost of the CX role this week (money.leader_cost from the programme start)"),
    _m("spend_reorganisation", "M€/week", 0, np.inf, "cost of regrouping departments this week (money.reorg_cost spread over structure.transition_weeks)"),
    _m("programme_cost", "M€/week", 0, np.inf, "the programme's cost this week: its five spending categories, the role's fixed cost and the reorganisation"),
    _m("programme_cost_total", "M€", 0, np.inf, "the programme's cost since the start of the run", label="Programme cost (M€, to date)", views=("summary", "report_table"), at_end=True),
    _m("revenue_gain", "M€/week", -np.inf, np.inf, "revenue this week minus the revenue of the same company without the programme on the same seeds (NaN when money.baseline=false)", label="Revenue gain", views=("summary",), panel=_MONEY_PANEL),
    _m("nps_gain", "points", -200, 200, "NPS minus the NPS of the same company without the programme on the same seeds (NaN when money.baseline=false)", label="NPS gain vs no programme", views=("summary", "report_table", "heatmap")),
    _m("net_benefit", "M€", -np.inf, np.inf, "cumulative contribution gain against the company without the programme (same seeds) minus the programme's cost to date (NaN when money.baseline=false)", label="Net benefit (M€, to date)", views=("summary", "report_table"), panel=_MONEY_PANEL, at_end=True),
    _m("roi", "%", -np.inf, np.inf, "return on investment to date: 100 × net benefit / programme cost to date (0 before any cost; NaN when money.baseline=false); the value of extra customers beyond the horizon is not in it (customer_equity_gain)", label="ROI (%, to date)", views=("summary", "report_table", "heatmap"), at_end=True),
    _m("paid_back", "share", 0, 1, "1 when the programme has cost something and its net benefit to date is ≥ 0 (NaN when money.baseline=false); a run's payback week is the week from which it stays 1 (summary.json)", label="Paid back", views=("summary", "report_table"), at_end=True),
    _m("customer_equity_gain", "M€", -np.inf, np.inf, "value of the extra active customers the programme has (vs the same company without it) at their lifetime value: what the ROI leaves beyond the horizon (NaN when money.baseline=false)", label="Customer equity gain (M€)", views=("summary",), at_end=True),
)


METRICS: tuple[Metric, ...] = (
    _m("nps", "points", -100, 100, "Net Promoter Score over the feedback window of survey answers (% promoters − % detractors; customers.initial_nps before any answer)", label='NPS', views=('summary', 'run_plot', 'report_table', 'heatmap', 'browser'), panel='NPS and satisfaction'),
    _m("satisfaction", "satisfaction", 0, 1, "mean overall satisfaction of active customers and customers in the journey: (1 − exogenous_weight) × experience + exogenous_weight × appraisal of price, coverage and product", label='Satisfaction', views=('summary', 'run_plot', 'report_table', 'browser'), panel='NPS and satisfaction'),
    _m("churn_rate", "share/week", 0, 1, "active customers lost this week over active customers at the start of the week", label='Churn/week', views=('summary', 'report_table')),
    _m("acquisitions", "customers/week", 0, np.inf, "prospects who started a purchase this week"),
    _m("active_customers", "customers", 0, np.inf, "active customers at the end of the week"),
    _m("journeys_completed", "customers/week", 0, np.inf, "customers who finished installation this week"),
    _m("customer_friction", "incidents/100 journeys", 0, 100 * len(HANDOFFS), f"customer-facing friction: expected handoff incidents per 100 journeys through the four handoffs (sum of the handoff incident rates over the feedback window)", label='Customer friction', views=('summary', 'run_plot', 'report_table', 'heatmap', 'browser'), panel='Friction'),
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
    _m("promoter_share", "share", 0, 1, "share of promoters (answers 9–10) among the survey answers of the feedback window (0 before any answer)", label="Promoters"),
    _m("detractor_share", "share", 0, 1, "share of detractors (answers 0–6) among the survey answers of the feedback window (0 before any answer)", label="Detractors"),
    _m("experience_satisfaction", "satisfaction", 0, 1, "mean satisfaction customers draw from their experience of the journey and the service (what the programme can change)", label="Experience satisfaction", views=("summary",)),
    _m("budget_granted", "share", 0, 1, "share of the programme's budget the executive still grants (cuts after its patience compound; 1 without a leader)", label="Budget granted", views=("summary",)),
    _m("effective_authority", "level", 0, 1, "mean over departments of authority × reach of the reporting line × sponsorship × political capital"),
    _m("support_service_level", "share", 0, 1, "share of support contacts answered within the target (Erlang C)"),
    _m("support_asa", "seconds", 0, np.inf, "average speed of answer of support contacts (Erlang C, capped)"),
    _m("support_contacts", "contacts/week", 0, np.inf, "contacts to customer service this week (incidents and routine)"),
    _m("spend_voc", "M€/week", 0, np.inf, "voice-of-the-customer spending this week"),
    _m("spend_training", "M€/week", 0, np.inf, "training and mandates spending this week (top-down)"),
    _m("spend_champions", "M€/week", 0, np.inf, "champions and communities of practice spending this week (organic)"),
    _m("spend_ex", "M€/week", 0, np.inf, "employee-experience spending this week"),
    _m("spend_redesign", "M€/week", 0, np.inf, "process-redesign spending this week"),
    _m("champion_share", "share", 0, 1, "share of employees who are champions (follow the playbook by choice)"),
    _m("forum_alignment", "level", 0, 1, "alignment of the departments attending the governance forum with the leader's targets and standards, weighted by attendance (0 without a forum)", label="Forum alignment", views=("summary",)),
    _m("regroup_progress", "share", 0, 1, "share of the regrouping of departments under the CX leader done (0 without one)"),
) + tuple(_stage_metrics()) + MONEY_METRICS

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


def nps_from_counts(promoters: float, detractors: float, responses: float, previous: float = 0.0) -> float:
    """% promoters − % detractors; without any answer the last known value stands."""
    if responses <= 0:
        return previous
    return 100.0 * (promoters - detractors) / responses


def rates(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def compute(model, counts: WeekCounts) -> dict:
    """Every metric of :data:`METRICS` at the end of a week, from the model's state and the
    week's ``counts`` (week 0: the initial state and ``journey.initial_counts``). Means are
    numpy's (``kernels.jit.pairwise_sum``, ``kernels.customers.customer_sums``: the same sums
    in the same order, without a numpy call each; imported here so that reading the registry
    does not load the compiled kernels)."""
    from .kernels.customers import customer_sums
    from .kernels.jit import pairwise_sum

    fb, wf, cust, leader = model.feedback, model.workforce, model.customers, model.leader
    disagreement = wf.practice_disagreement()
    n_in, total_sat, total_exo, active = customer_sums(cust.state, cust.sat, cust.exo_part, scratch(cust).f)
    w = model.config.customers.exogenous_weight
    experience = float(total_sat / n_in) if n_in else 0.0
    m: dict = {}
    m["nps"] = float(fb.nps)
    promoters, detractors, responses = fb.answers
    m["promoter_share"] = promoters / responses if responses else 0.0
    m["detractor_share"] = detractors / responses if responses else 0.0
    m["satisfaction"] = float(((1.0 - w) * total_sat + total_exo) / n_in) if n_in else 0.0
    m["experience_satisfaction"] = experience
    m["budget_granted"] = float(model.executive.granted)
    m["churn_rate"] = float(counts.churned / counts.active_start) if counts.active_start else 0.0
    m["acquisitions"] = float(counts.acquisitions)
    m["active_customers"] = float(active)
    m["journeys_completed"] = float(counts.completions)
    m["customer_friction"] = float(100.0 * pairwise_sum(fb.incident_rate))
    m["conflicts"] = float(model.conflict_history[-1])
    m["conflicts_total"] = float(sum(d.conflicts_total for d in model.departments))
    m["resistance"] = pairwise_sum(wf.resistance) / wf.resistance.size
    m["internal_friction"] = float(0.5 * m["resistance"] + 0.5 * min(1.0, sum(model.conflict_history) / WINDOW))
    m["engagement"] = pairwise_sum(wf.engagement) / wf.engagement.size
    scores = wf.scores(model.reality)
    m["employee_knowledge"] = pairwise_sum(scores) / scores.size
    m["playbook_knowledge"] = float(code_alignment(leader.playbook, model.reality)) if leader is not None else 0.0
    m["practice_disagreement"] = pairwise_sum(disagreement) / disagreement.size
    m["turnover"] = float(wf.left / wf.dept_of.size)
    m["political_capital"] = float(leader.political_capital) if leader is not None else 0.0
    m["sponsorship"] = float(model.executive.sponsorship)
    authority = model.effective_authority()
    m["effective_authority"] = pairwise_sum(authority) / authority.size
    m["support_service_level"] = float(counts.service_level)
    m["support_asa"] = float(counts.asa)
    m["support_contacts"] = float(counts.contacts)
    m["champion_share"] = float(wf.champion.mean())
    m["forum_alignment"] = model.forum.mean_alignment()
    m["regroup_progress"] = float(model.regrouping.progress)
    m.update(model.ledger.values)  # money and the programme's spending by category (cxsim/model/money.py)
    quality, in_stage, waiting = model.quality.tolist(), counts.in_stage.tolist(), counts.waiting.tolist()
    stage_sat = fb.stage_sat.tolist()
    for s, name in enumerate(STAGES):
        m[f"quality_{name}"] = quality[s]
        m[f"in_stage_{name}"] = in_stage[s]
        m[f"waiting_{name}"] = waiting[s]
        m[f"stage_satisfaction_{name}"] = stage_sat[s] if math.isfinite(stage_sat[s]) else experience
    incident_rate, disagreement = fb.incident_rate.tolist(), disagreement.tolist()
    for h, (a, b) in enumerate(HANDOFFS):
        m[f"incident_rate_{a}_{b}"] = incident_rate[h]
        m[f"disagreement_{a}_{b}"] = disagreement[h]
    for d, department in zip(DEPARTMENTS, model.departments):
        m[f"conflicts_total_{d}"] = float(department.conflicts_total)
    return m


def reporters() -> dict:
    """Model reporters for Mesa's DataCollector: each metric read from ``model.metrics``."""
    return {name: (lambda model, key=name: model.metrics[key]) for name in METRIC_NAMES}


__all__ = ["METRICS", "METRIC_NAMES", "MONEY_METRICS", "SUMMARY_METRICS", "VIEWS", "BY_NAME", "metrics_in", "names_in", "Metric", "nps_from_counts", "rates", "compute", "reporters", "WINDOW", "N_STAGES"]
