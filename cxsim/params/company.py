"""The company before any CX programme: departments, silos, knowledge and learning (``company.*``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .fields import group, param, per_department

HeadcountShares = per_department(
    "HeadcountShares", "Share of the workforce in each department (normalised to sum to 1).",
    {"marketing": 0.07, "sales": 0.15, "billing": 0.11, "logistics": 0.14, "field_service": 0.20, "customer_service": 0.20, "it": 0.08, "hr": 0.05},
    0.0, 1.0, "share", "share of the workforce in {dept} (every department keeps at least one employee)", "a telecom operator; assumption, vary it", "structure", __name__)
PoliticalWeights = per_department(
    "PoliticalWeights", "Political weight of each department in internal arbitration.",
    {"marketing": 0.8, "sales": 0.7, "billing": 0.4, "logistics": 0.5, "field_service": 0.5, "customer_service": 0.3, "it": 0.6, "hr": 0.3},
    0.0, 1.0, "level", "political weight of {dept}: a mandate on it meets conflict as far as this exceeds the leader's effective authority", "seed 003; assumption, vary it", "assumption", __name__)

@dataclass
class CompanyConfig:
    """The siloed company before any CX programme (DESIGN §2.1, §2.2)."""

    name: str = field(default="siloed_telecom", metadata={"unit": "label", "doc": "name of the company preset", "source": "label only", "role": "setting"})
    employees: int = param(400, 40, 20000, "employees", "employees simulated (a representative sample of the workforce)", "DESIGN §2.1: hundreds to a few thousand", role="structure", integer=True)
    silo: float = param(0.9, 0.0, 0.99, "share", "share of an employee's ties that stay inside its department (stochastic block model)", "assumption, vary it; seed 001 (silos)", role="structure")
    mean_degree: float = param(8.0, 1.0, 50.0, "ties/employee", "mean number of ties per employee in the organisational network", "assumption, vary it (Miller et al. 2006 use sparse networks)", role="assumption")
    dims_per_stage: int = param(16, 1, 20, "dimensions", "dimensions of customer value owned by each journey stage", "assumption, vary it", role="assumption", plausible=(8, 20, "judgement: below 8 a dimension is a coarse 1/8 of a stage"), integer=True)
    promise_dims: int = param(16, 1, 20, "dimensions", "shared 'promise' dimensions touched by every customer-facing department", "assumption, vary it; seed 001 (contradictory messages)", role="assumption", plausible=(8, 20, "judgement: as dims_per_stage"), integer=True)
    socialised: float = param(0.9, 0.0, 1.0, "probability", "chance that an initial belief equals the local code where the code has a view", "assumption, vary it", role="assumption", plausible=(0.7, 1.0, "judgement: the company has been running for years"))
    local_kpi_focus: float = param(0.8, 0.0, 1.0, "share", "how much departments ignore the shared promise dimensions when their code learns (local KPI vs customer outcome)", "seed 001 (lack of weight: local KPIs only)", role="structure")
    head_resistance: float = param(0.4, 0.0, 1.0, "level", "mean initial resistance to change of employees and department heads", "seed 003 (everyone wants to keep their budget)", role="assumption", plausible=(0.2, 0.6, "judgement: neither eager nor hostile on average"))
    resistance_sd: float = param(0.1, 0.0, 0.5, "level (sd)", "spread of initial resistance across employees (normal, clipped to [0, 1]; also each employee's baseline)", "assumption, vary it", role="assumption")
    p1: float = param(0.1, 0.0, 1.0, "probability/week", "socialisation rate: chance per week a belief steps towards the code it follows", "March 1991 (p1); weekly scale assumed", role="assumption", plausible=(0.05, 0.2, "March's rates are per period; the weekly scale is assumed"))
    p2: float = param(0.1, 0.0, 1.0, "probability/week", "local code learning rate from employees who outperform the code", "March 1991 (p2); weekly scale assumed", role="assumption", plausible=(0.05, 0.2, "March's rates are per period; the weekly scale is assumed"))
    p_kpi: float = param(0.005, 0.0, 1.0, "probability/week", "performance feedback: chance per week that a local code's wrong or missing view on a dimension of its own stages is corrected from the department's own KPIs (on the promise dimensions × (1 − local_kpi_focus)); without it a turbulent market slowly erodes every code (March 1991) and the company has no steady state", "Greve 2003 (organisational learning from performance feedback); seed 001 (departments steer by local KPIs); calibrated for a stationary baseline (docs/calibration.md)", role="assumption", plausible=(0.002, 0.01, "codes re-learn a changed dimension in 2–10 years"))
    p3: float = param(0.004, 0.0, 0.1, "probability/week", "base weekly employee turnover (0.004/week ≈ 19%/year)", "March 1991 (p3); typical service-sector turnover", role="assumption", plausible=(0.002, 0.006, "10–27%/year, the range of service-sector turnover"))
    turnover_offset: float = param(1.6, 1.0, 10.0, "level", "turnover hazard ∝ (offset − engagement): a fully engaged employee leaves (offset − 1) / offset as often as a fully disengaged one (1.6: 38%)", "seed 004 (low EX raises turnover); assumption, vary it", role="assumption", plausible=(1.3, 3.0, "judgement: engaged employees leave 23–67% as often as disengaged ones"))
    p4: float = param(0.0005, 0.0, 0.1, "probability/week", "turbulence: chance per week that a dimension of what customers value flips", "March 1991 (p4); assumption, vary it", role="assumption", plausible=(0.0, 0.002, "judgement: up to a change of each dimension every ten years"))
    p_ip: float = param(0.02, 0.0, 1.0, "probability/week", "interpersonal learning: chance per week to copy a differing dimension from a better-performing neighbour", "Miller, Zhao & Calantone 2006", role="assumption")
    engagement: float = param(0.6, 0.0, 1.0, "level", "initial employee engagement (employee experience, EX)", "assumption, vary it; seed 004", role="assumption", plausible=(0.4, 0.8, "judgement: engagement surveys rarely report extremes"))
    engagement_sd: float = param(0.1, 0.0, 0.5, "level (sd)", "spread of initial engagement across employees (normal, clipped to [0, 1]; also each employee's baseline)", "assumption, vary it", role="assumption")
    engagement_output: float = param(0.3, 0.0, 1.0, "share", "share of a stage's quality and capacity that engagement drives: output × ((1 − share) + share × engagement)", "seed 004 (no CX without EX); assumption, vary it", role="assumption")
    voc_noise: float = param(0.05, 0.0, 1.0, "knowledge units (sd)", "noise with which a department observes who outperforms its code without a voice-of-customer programme", "assumption, vary it; seed 001 (lack of weight)", role="structure")
    digital_team_weight: float = param(0.0, 0.0, 1.0, "share", "share of the promise dimensions that a small digital team (IT) decides for everyone, without a company-wide view", "seed 001 (lack of high-level vision)", role="structure")
    headcount: HeadcountShares = group(HeadcountShares, "share of the workforce in each department", "a telecom operator")
    weight: PoliticalWeights = group(PoliticalWeights, "political weight of each department", "seed 003")


