"""The schema of a cxsim run: every parameter with its default, unit, range, source and role.

One dataclass per part of the model. Every numeric parameter is declared with :func:`param`,
which records in the field's metadata its allowed range, unit, meaning, the source of its
default, its ROLE and, where the allowed range is only a validation limit, the narrower
PLAUSIBLE range a sensitivity analysis should sample, with the reason. :func:`choice` and
:func:`flag` do the same for options and switches. Roles (:data:`ROLES`):

* ``assumption``: an uncertain behavioural assumption (no source pins it; vary it);
* ``lever``: a choice the company makes (the CX leader's role, budget, strategy, …);
* ``structure``: what the modelled company or market is (size, silos, presets of a case);
* ``setting``: how the run is done (seed, horizon, replicates), not the world simulated.

Every number that shapes the model's behaviour is a field here (the model holds no hidden
constant), so it is validated, sweepable, drawn by the property test and printed in the
generated tables of docs/ODD.md. Building and validating configs lives in ``cxsim.config``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

DEPARTMENTS = ("marketing", "sales", "billing", "logistics", "field_service", "customer_service", "it", "hr")
REPORTING_LINES = ("ceo", "marketing", "customer_service", "it")
STRATEGIES = ("top_down", "organic", "hybrid")
FOCUSES = ("single_kpi", "broad")
ROLES = ("assumption", "lever", "structure", "setting")
VARY = "judgement: half to twice the default (within the range), no source pins it"


def param(default, lo, hi, unit: str, doc: str, source: str, *, role: str, plausible=None, integer: bool = False):
    """A numeric parameter: range [lo, hi], unit, meaning, source of the default, role, and the
    narrower range worth sampling, ``plausible = (lo, hi, why)``. An assumption without one
    gets half to twice its default (within [lo, hi]; none for a default of 0)."""
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {ROLES}")
    meta = {"lo": lo, "hi": hi, "unit": unit, "doc": doc, "source": source, "integer": integer, "role": role}
    if plausible is None and role == "assumption" and default > 0:
        half, twice = (max(lo, round(default / 2)), min(hi, 2 * default)) if integer else (max(lo, default / 2), min(hi, 2.0 * default))
        plausible = (half, twice, VARY)
    if plausible is not None:
        p_lo, p_hi, why = plausible
        if not lo <= p_lo <= default <= p_hi <= hi:
            raise ValueError(f"plausible range {plausible} must hold the default {default} inside [{lo}, {hi}]")
        meta.update(plausible=(p_lo, p_hi), plausible_why=why)
    return field(default=default, metadata=meta)


def choice(default: str, options: tuple[str, ...], doc: str, source: str, *, role: str = "lever"):
    """A string parameter restricted to ``options``."""
    return field(default=default, metadata={"options": options, "unit": "choice", "doc": doc, "source": source, "role": role})


def flag(default: bool, doc: str, source: str, *, role: str = "lever"):
    return field(default=default, metadata={"unit": "bool", "doc": doc, "source": source, "role": role})


def per_department(name: str, doc: str, defaults: dict, lo: float, hi: float, unit: str, what: str, source: str, role: str) -> type:
    """A dataclass with one float field per department (``company.headcount.marketing`` …);
    ``what`` is the meaning with ``{dept}`` for the department's name."""
    spec = [(d, float, param(float(defaults[d]), lo, hi, unit, what.format(dept=d), source, role=role)) for d in DEPARTMENTS]
    cls = make_dataclass(name, spec)
    cls.__doc__, cls.__module__ = doc, __name__
    return cls


def _factory(cls: type, doc: str = "", source: str = ""):
    """A nested group: its default is a fresh instance of ``cls``."""
    return field(default_factory=cls, metadata={"doc": doc, "source": source})


# ---------------------------------------------------------------------------------- company
HeadcountShares = per_department(
    "HeadcountShares", "Share of the workforce in each department (normalised to sum to 1).",
    {"marketing": 0.07, "sales": 0.15, "billing": 0.11, "logistics": 0.14, "field_service": 0.20, "customer_service": 0.20, "it": 0.08, "hr": 0.05},
    0.0, 1.0, "share", "share of the workforce in {dept} (every department keeps at least one employee)", "a telecom operator; assumption, vary it", "structure")
PoliticalWeights = per_department(
    "PoliticalWeights", "Political weight of each department in internal arbitration.",
    {"marketing": 0.8, "sales": 0.7, "billing": 0.4, "logistics": 0.5, "field_service": 0.5, "customer_service": 0.3, "it": 0.6, "hr": 0.3},
    0.0, 1.0, "level", "political weight of {dept}: a mandate on it meets conflict as far as this exceeds the leader's effective authority", "seed 003; assumption, vary it", "assumption")

_FAR = 0.25  # the default proximity of a functional reporting line to a department it does not neighbour
_PROXIMITY = {
    "ceo": dict.fromkeys(DEPARTMENTS, 1.0),
    "marketing": {**dict.fromkeys(DEPARTMENTS, _FAR), "marketing": 1.0, "sales": 0.7},
    "customer_service": {**dict.fromkeys(DEPARTMENTS, _FAR), "customer_service": 1.0, "field_service": 0.5},
    "it": {**dict.fromkeys(DEPARTMENTS, _FAR), "it": 1.0, "billing": 0.6},
}
_LINE_PROXIMITY = {
    line: per_department(
        f"ProximityFrom{line.title().replace('_', '')}", f"Proximity of a CX leader reporting to {line} to each department.",
        values, 0.0, 1.0, "share", f"share of the authority of a leader reporting to {line} that reaches {{dept}}; also how closely it hears and watches {{dept}}",
        "DESIGN §2.4; seeds 001, 002 (a functional boss reaches its own department, its neighbours partly); assumption, vary it", "assumption")
    for line, values in _PROXIMITY.items()
}
Proximity = make_dataclass("Proximity", [(line, cls, _factory(cls, f"proximity of the {line} reporting line")) for line, cls in _LINE_PROXIMITY.items()])
Proximity.__doc__, Proximity.__module__ = "Proximity of each reporting line to each department (DESIGN §2.4).", __name__


@dataclass
class CompanyConfig:
    """The siloed company before any CX programme (DESIGN §2.1, §2.2)."""

    name: str = field(default="siloed_telecom", metadata={"unit": "label", "doc": "name of the company preset", "source": "label only", "role": "setting"})
    employees: int = param(400, 40, 20000, "employees", "employees simulated (a representative sample of the workforce)", "DESIGN §2.1: hundreds to a few thousand", role="structure", integer=True)
    silo: float = param(0.9, 0.0, 0.99, "share", "share of an employee's ties that stay inside its department (stochastic block model)", "assumption, vary it; seed 001 (silos)", role="structure")
    mean_degree: float = param(8.0, 1.0, 50.0, "ties/employee", "mean number of ties per employee in the organisational network", "assumption, vary it (Miller et al. 2006 use sparse networks)", role="assumption")
    dims_per_stage: int = param(16, 1, 20, "dimensions", "dimensions of customer value owned by each journey stage", "assumption, vary it", role="assumption", plausible=(8, 20, "judgement: below 8 a dimension is a coarse 1/8 of a stage"), integer=True)
    promise_dims: int = param(16, 1, 20, "dimensions", "shared 'promise' dimensions touched by every customer-facing department", "assumption, vary it; seed 001 (contradictory messages)", role="assumption", plausible=(8, 20, "judgement: as dims_per_stage"), integer=True)
    local_competence: float = param(0.6, 0.0, 1.0, "probability", "chance that a local code is right about a dimension of its own stage at start (departments know their own job)", "assumption, vary it; seed 001 (each department feels it does its job well)", role="assumption", plausible=(0.4, 0.8, "judgement: departments know most of their own job, not all"))
    code_unsure: float = param(0.5, 0.0, 1.0, "share", "where a local code is not right about its own stage at start, the share of those dimensions on which it holds no view (the rest it holds wrong)", "assumption, vary it (symmetric by default)", role="assumption", plausible=(0.25, 0.75, "judgement: neither mostly wrong nor mostly silent"))
    code_divergence: float = param(0.6, 0.0, 1.0, "probability", "chance that a local code holds its own (random) view on a dimension at start; divergent codes contradict at handoffs", "assumption, vary it; seed 001", role="structure")
    socialised: float = param(0.9, 0.0, 1.0, "probability", "chance that an initial belief equals the local code where the code has a view", "assumption, vary it", role="assumption", plausible=(0.7, 1.0, "judgement: the company has been running for years"))
    local_kpi_focus: float = param(0.8, 0.0, 1.0, "share", "how much departments ignore the shared promise dimensions when their code learns (local KPI vs customer outcome)", "seed 001 (lack of weight: local KPIs only)", role="structure")
    head_resistance: float = param(0.4, 0.0, 1.0, "level", "mean initial resistance to change of employees and department heads", "seed 003 (everyone wants to keep their budget)", role="assumption", plausible=(0.2, 0.6, "judgement: neither eager nor hostile on average"))
    resistance_sd: float = param(0.1, 0.0, 0.5, "level (sd)", "spread of initial resistance across employees (normal, clipped to [0, 1]; also each employee's baseline)", "assumption, vary it", role="assumption")
    p1: float = param(0.1, 0.0, 1.0, "probability/week", "socialisation rate: chance per week a belief steps towards the code it follows", "March 1991 (p1); weekly scale assumed", role="assumption", plausible=(0.05, 0.2, "March's rates are per period; the weekly scale is assumed"))
    p2: float = param(0.1, 0.0, 1.0, "probability/week", "local code learning rate from employees who outperform the code", "March 1991 (p2); weekly scale assumed", role="assumption", plausible=(0.05, 0.2, "March's rates are per period; the weekly scale is assumed"))
    p3: float = param(0.004, 0.0, 0.1, "probability/week", "base weekly employee turnover (0.004/week ≈ 19%/year)", "March 1991 (p3); typical service-sector turnover", role="assumption", plausible=(0.002, 0.006, "10–27%/year, the range of service-sector turnover"))
    turnover_offset: float = param(1.6, 1.0, 10.0, "level", "turnover hazard ∝ (offset − engagement): a fully engaged employee leaves (offset − 1) / offset as often as a fully disengaged one (1.6: 38%)", "seed 004 (low EX raises turnover); assumption, vary it", role="assumption", plausible=(1.3, 3.0, "judgement: engaged employees leave 23–67% as often as disengaged ones"))
    p4: float = param(0.0005, 0.0, 0.1, "probability/week", "turbulence: chance per week that a dimension of what customers value flips", "March 1991 (p4); assumption, vary it", role="assumption", plausible=(0.0, 0.002, "judgement: up to a change of each dimension every ten years"))
    p_ip: float = param(0.02, 0.0, 1.0, "probability/week", "interpersonal learning: chance per week to copy a differing dimension from a better-performing neighbour", "Miller, Zhao & Calantone 2006", role="assumption")
    engagement: float = param(0.6, 0.0, 1.0, "level", "initial employee engagement (employee experience, EX)", "assumption, vary it; seed 004", role="assumption", plausible=(0.4, 0.8, "judgement: engagement surveys rarely report extremes"))
    engagement_sd: float = param(0.1, 0.0, 0.5, "level (sd)", "spread of initial engagement across employees (normal, clipped to [0, 1]; also each employee's baseline)", "assumption, vary it", role="assumption")
    engagement_output: float = param(0.3, 0.0, 1.0, "share", "share of a stage's quality and capacity that engagement drives: output × ((1 − share) + share × engagement)", "seed 004 (no CX without EX); assumption, vary it", role="assumption")
    voc_noise: float = param(0.05, 0.0, 1.0, "knowledge units (sd)", "noise with which a department observes who outperforms its code without a voice-of-customer programme", "assumption, vary it; seed 001 (lack of weight)", role="structure")
    digital_team_weight: float = param(0.0, 0.0, 1.0, "share", "share of the promise dimensions that a small digital team (IT) decides for everyone, without a company-wide view", "seed 001 (lack of high-level vision)", role="structure")
    headcount: HeadcountShares = _factory(HeadcountShares, "share of the workforce in each department", "a telecom operator")
    weight: PoliticalWeights = _factory(PoliticalWeights, "political weight of each department", "seed 003")
    proximity: Proximity = _factory(Proximity, "proximity of each reporting line to each department", "DESIGN §2.4")


# ---------------------------------------------------------------------------------- customers
@dataclass
class CustomerConfig:
    """The customer base and the journey purchase → billing → delivery → installation (DESIGN §2.3)."""

    n: int = param(5000, 1, 10_000_000, "customers", "size of the customer base (customers and prospects of the addressable market)", "DESIGN §5", role="structure", integer=True)
    initial_active: float = param(0.7, 0.0, 1.0, "share", "share of the base that are active customers at week 0", "assumption, vary it", role="structure")
    acquisition_rate: float = param(0.01, 0.0, 1.0, "probability/week", "base chance per week that a prospect starts a purchase", "assumption, vary it", role="assumption")
    repurchase_rate: float = param(0.01, 0.0, 1.0, "probability/week", "chance per week that an active customer starts a new journey (upgrade, move, new line)", "assumption: about once every two years", role="assumption", plausible=(0.005, 0.02, "once every one to four years"))
    word_of_mouth: float = param(1.0, 0.0, 5.0, "multiplier", "how strongly net promoters among active customers raise acquisition (NPS/100 × this)", "Reichheld 2003 (NPS and growth); assumption, vary it", role="assumption")
    word_of_mouth_cap: float = param(3.0, 1.0, 10.0, "multiplier", "largest factor by which word of mouth can multiply acquisition", "assumption, vary it", role="assumption")
    expectation: float = param(0.58, 0.0, 1.0, "quality units", "mean expectation customers bring (raised by marketing's promise)", "Oliver 1980 (expectation-disconfirmation); calibrated so the baseline NPS is slightly negative", role="assumption", plausible=(0.5, 0.66, "judgement: baseline NPS from about +30 to −40"))
    expectation_sd: float = param(0.08, 0.0, 0.5, "quality units", "spread of expectations across customers", "assumption, vary it", role="assumption")
    meet_satisfaction: float = param(0.75, 0.0, 1.0, "satisfaction", "satisfaction of a customer whose experience exactly meets expectation", "Oliver 1980; assumption", role="assumption", plausible=(0.65, 0.85, "judgement: a met expectation is a passive score, 7–8 of 10"))
    initial_satisfaction_sd: float = param(0.05, 0.0, 0.5, "satisfaction (sd)", "noise around the expectation-disconfirmation satisfaction of customers at week 0", "assumption, vary it", role="assumption")
    disconfirmation_gain: float = param(1.0, 0.0, 5.0, "satisfaction/quality", "satisfaction gained per unit of experience above expectation", "Oliver 1980; assumption, vary it", role="assumption")
    stage_weight: float = param(0.35, 0.0, 1.0, "share", "weight of one served stage's experience in a customer's satisfaction", "assumption, vary it", role="assumption")
    active_weight: float = param(0.03, 0.0, 1.0, "share/week", "weekly weight of ongoing service (billing, support) in an active customer's satisfaction", "assumption, vary it", role="assumption")
    ongoing_billing_share: float = param(0.5, 0.0, 1.0, "share", "weight of billing's quality in the ongoing service active customers live (the rest is support's)", "assumption, vary it (equal weights)", role="assumption", plausible=(0.25, 0.75, "judgement: both matter, neither alone"))
    wait_penalty: float = param(0.03, 0.0, 1.0, "satisfaction/week", "satisfaction lost per week spent waiting for a stage", "the post-office waiting-time KPI (seed 001)", role="assumption")
    incident_penalty: float = param(0.12, 0.0, 1.0, "satisfaction", "satisfaction lost per handoff incident", "seed 001 (contradictory messages)", role="assumption")
    handoff_risk: float = param(0.25, 0.0, 1.0, "probability", "incident probability at a handoff between departments that fully disagree and share no ties", "assumption, vary it; seed 001", role="assumption")
    tie_protection: float = param(0.3, 0.0, 1.0, "share", "how much cross-department tie density (relative to the inside) protects a handoff", "assumption, vary it", role="assumption")
    capacity_margin: float = param(0.9, 0.0, 5.0, "ratio", "stage capacity over expected weekly demand at the default headcount and engagement", "assumption: capacity slightly below nominal demand, so queues form when demand peaks", role="structure")
    load_penalty: float = param(0.15, 0.0, 1.0, "share", "quality lost by a stage working at full capacity: quality × (1 − penalty × utilisation²)", "assumption, vary it (staff under sustained load serve worse)", role="assumption")
    load_smoothing: float = param(0.1, 0.001, 1.0, "share/week", "speed at which the utilisation staff feel follows served/capacity (≈ 1/smoothing weeks)", "assumption: staff feel sustained load, about a quarter", role="assumption", plausible=(0.05, 0.25, "staff feel load sustained over 4–20 weeks"))
    initial_load: float = param(0.9, 0.0, 1.0, "utilisation", "utilisation staff feel at week 0 (customers' initial satisfaction uses an unloaded organisation)", "assumption: close to the capacity margin", role="assumption", plausible=(0.7, 1.0, "judgement: a busy organisation"))
    churn_max: float = param(0.03, 0.0, 1.0, "probability/week", "weekly churn hazard of a totally dissatisfied active customer", "assumption: ~25%/year churn at baseline (telecom range)", role="assumption")
    churn_exponent: float = param(2.0, 0.5, 6.0, "exponent", "curvature of churn in dissatisfaction: hazard = churn_max × (1 − satisfaction)^exponent", "Jones & Sasser 1995 (satisfied customers still defect)", role="assumption", plausible=(1.0, 3.0, "judgement: convex, as Jones & Sasser describe"))
    abandon_threshold: float = param(0.2, 0.0, 1.0, "satisfaction", "customers in the journey below this satisfaction abandon (churn) with abandon_multiplier × churn_max", "assumption, vary it", role="assumption")
    abandon_multiplier: float = param(5.0, 0.0, 100.0, "multiplier", "weekly abandonment hazard of a customer below the threshold, in units of churn_max", "assumption, vary it (a journey is easier to leave than a contract)", role="assumption")
    survey_rate: float = param(0.3, 0.0, 1.0, "probability", "chance that a customer finishing installation answers the NPS survey", "assumption (transactional survey)", role="assumption", plausible=(0.1, 0.5, "typical response rates of transactional surveys"))
    relationship_survey_rate: float = param(0.01, 0.0, 1.0, "probability/week", "chance per week that an active customer answers a relationship NPS survey", "assumption", role="assumption")
    nps_noise: float = param(1.0, 0.0, 5.0, "points (sd)", "noise of the 0–10 answer around 10 × satisfaction", "assumption", role="assumption")
    initial_nps: float = param(0.0, -100.0, 100.0, "points", "NPS the company steers by before the first survey answers come in (word of mouth in week 1)", "assumption: neutral", role="assumption")
    feedback_window: int = param(13, 1, 520, "weeks", "weeks of survey answers, stage experiences and incidents behind the rolling NPS, stage satisfaction and incident rates the company steers by", "assumption: a quarterly dashboard", role="assumption", plausible=(4, 26, "a monthly to half-yearly dashboard"), integer=True)
    contact_rate: float = param(0.004, 0.0, 1.0, "contacts/customer/week", "routine contacts to customer service per active customer and week", "assumption", role="assumption")
    aht_s: float = param(420.0, 1.0, 7200.0, "seconds", "average handling time of a support contact", "industry typical 5–8 min", role="structure")
    answer_target_s: float = param(60.0, 1.0, 3600.0, "seconds", "service-level target for answering a contact", "industry typical (80/20–80/60)", role="structure")
    service_level_target: float = param(0.8, 0.0, 0.999, "share", "share of contacts answered within answer_target_s that the contact centre is staffed for at the nominal contact volume", "industry typical (80/20–80/60)", role="structure")
    open_hours: float = param(60.0, 1.0, 168.0, "hours/week", "opening hours of the contact centre", "assumption", role="structure")
    support_penalty: float = param(0.05, 0.0, 1.0, "satisfaction", "satisfaction lost by a contact that waits about the target time (× (ASA/target)^support_wait_exponent)", "assumption, vary it", role="assumption")
    support_wait_exponent: float = param(0.5, 0.0, 3.0, "exponent", "curvature of the support penalty in the wait: penalty × (ASA/target)^exponent (below 1: the first minutes hurt most)", "assumption, vary it", role="assumption", plausible=(0.25, 1.0, "judgement: concave to linear"))
    asa_cap_targets: float = param(20.0, 1.0, 1000.0, "target times", "customers give up waiting after about this many answer targets: caps the average speed of answer of an overloaded queue", "assumption, vary it", role="assumption", plausible=(5.0, 60.0, "judgement: callers give up after 5 to 60 minutes"))


# ---------------------------------------------------------------------------------- the programme
@dataclass
class LeaderConfig:
    """The CX leader: authority, reporting line, budget and how it is spent (DESIGN §2.4)."""

    enabled: bool = flag(True, "whether the company appoints a CX leader at all", "DESIGN §2.1 (zero or one)")
    authority: float = param(0.8, 0.0, 1.0, "level", "formal authority: 0 = influencer with no say … 1 = decision-maker", "seed 000/001 (weight of the role)", role="lever")
    reporting_line: str = choice("ceo", REPORTING_LINES, "to whom the CX leader reports", "seed 000/002 (4 in 10 report to general management)")
    budget: float = param(2.0, 0.0, 50.0, "M€/year", "yearly programme budget (2 M€ is the reference intensity)", "assumption, vary it", role="lever")
    strategy: str = choice("top_down", STRATEGIES, "how change is driven: training and mandates, champions and communities, or both (split by levers.hybrid_training_share)", "seed 004 (top performers drive change top-down)")
    focus: str = choice("single_kpi", FOCUSES, "one target stage at a time (re-chosen each review) or every stage at once", "seed 001 (focus on one KPI)")
    ex_share: float = param(0.2, 0.0, 1.0, "share", "share of the budget spent on employee experience", "seed 004 (62% of top performers reallocate to EX)", role="lever")
    voc_share: float = param(0.2, 0.0, 1.0, "share of non-EX budget", "voice-of-the-customer share of the non-EX budget", "seed 001/003 (listen to customers)", role="lever")
    redesign_share: float = param(0.1, 0.0, 1.0, "share of non-EX budget", "process-redesign share of the non-EX budget (raises capacity); the rest goes to the change strategy", "assumption, vary it", role="lever")
    start_week: int = param(13, 0, 10_000, "week", "week the programme starts (a baseline quarter before it)", "DESIGN §2", role="lever", integer=True)
    political_capital: float = param(1.0, 0.0, 1.0, "level", "initial political capital; at 0 the leader is sidelined", "seed 003 (people doubt the messenger)", role="assumption", plausible=(0.5, 1.0, "judgement: a newly appointed leader starts with most of its credit"))
    review_weeks: int = param(13, 1, 520, "weeks", "weeks between two reviews of the target stage", "assumption: quarterly", role="lever", integer=True)
    review_noise: float = param(0.15, 0.0, 2.0, "pain units (sd)", "noise of the leader's reading of each stage's pain at a review without voice-of-customer spending (× (1 − listening accuracy))", "seed 001/003 (listen to customers); assumption, vary it", role="assumption")
    unseen_satisfaction: float = param(0.5, 0.0, 1.0, "satisfaction", "satisfaction the leader assumes at a stage that served nobody in the feedback window", "assumption: neutral", role="assumption")
    support_quality_pain: float = param(0.5, 0.0, 2.0, "pain/quality", "weight of poor support quality in the pain the leader sees at support (besides the share of contacts not answered in time)", "assumption, vary it", role="assumption")
    playbook_p2: float = param(0.3, 0.0, 1.0, "probability/week", "learning rate of the CX playbook (raised by voice-of-customer spending)", "March 1991 (p2); assumption", role="assumption", plausible=(0.1, 0.5, "March's rates are per period; the weekly scale is assumed"))
    playbook_unheard: float = param(0.3, 0.0, 1.0, "share", "share of playbook_p2 at which the playbook learns without voice-of-customer spending: p2 × (unheard + (1 − unheard) × listening accuracy)", "seeds 001, 003; assumption, vary it", role="assumption")


@dataclass
class ExecutiveConfig:
    """The CEO as sponsor and arbiter (DESIGN §2.4)."""

    sponsorship: float = param(0.9, 0.0, 1.0, "level", "initial executive sponsorship of the CX programme", "seed 003 (the CEO must be the captain)", role="structure")
    patience: int = param(52, 1, 1000, "weeks", "weeks of programme after which sponsorship decays if NPS has not improved", "seed 003; assumption, vary it", role="structure", integer=True)
    decay: float = param(0.2, 0.0, 1.0, "share/review", "share of sponsorship lost at a quarterly review without improvement once patience is exhausted", "assumption, vary it", role="assumption")
    gain: float = param(0.05, 0.0, 1.0, "level/review", "sponsorship regained at a review showing improvement", "assumption, vary it", role="assumption")
    improvement: float = param(2.0, 0.0, 200.0, "NPS points", "NPS rise since the programme started that counts as a visible win at a review", "assumption, vary it", role="assumption", plausible=(1.0, 5.0, "judgement: beyond the week-to-week noise of a rolling NPS"))


@dataclass
class LeverConfig:
    """How spending and authority act on the organisation: the response curves of the levers.

    These are assumptions (no seed quantifies them); their defaults were set once so that the
    default company responds in a plausible range, never per scenario. Vary them in sweeps.
    """

    # spending and the critical mass of change effort
    reference_budget: float = param(2.0, 0.01, 100.0, "M€/year", "budget that counts as intensity 1 in the response curves", "assumption", role="assumption")
    effort_half: float = param(0.15, 0.001, 10.0, "intensity/department", "change spending per target department giving half of the maximum effect (critical mass)", "assumption, vary it; seed 001 (focus)", role="assumption")
    effort_hill: float = param(3.0, 1.0, 8.0, "exponent", "steepness of the critical-mass curve of change spending (Hill exponent)", "assumption, vary it", role="assumption", plausible=(1.5, 5.0, "judgement: a threshold, neither linear nor a step"))
    hybrid_training_share: float = param(0.5, 0.0, 1.0, "share", "share of a hybrid strategy's change spending that goes to training and mandates (the rest to champions and communities)", "assumption: half of each", role="lever")

    # training and mandates, champions and communities of practice
    train_p1: float = param(0.4, 0.0, 1.0, "probability/week", "socialisation rate reached under full training and mandates", "assumption; March 1991 (p1)", role="assumption")
    resistance_socialisation: float = param(0.5, 0.0, 1.0, "share", "how much full resistance slows socialisation: p1 × (1 − this × resistance)", "seed 003; assumption, vary it", role="assumption")
    champion_p_ip: float = param(0.08, 0.0, 1.0, "probability/week", "interpersonal learning rate reached with full champion support", "assumption; Miller et al. 2006", role="assumption")
    champion_share: float = param(0.05, 0.0, 1.0, "share", "share of a target department's employees recruited as champions at full organic effort", "assumption, vary it", role="assumption")
    cop_ties: float = param(3.0, 0.0, 100.0, "ties/week/intensity", "cross-department ties created per week by communities of practice per unit of organic spending", "assumption, vary it", role="assumption")

    # employee experience (EX)
    ex_half: float = param(0.1, 0.001, 10.0, "intensity", "EX spending giving half the maximum engagement gain", "assumption; seed 004", role="assumption")
    ex_gain: float = param(0.6, 0.0, 1.0, "share", "share of the gap to full engagement that EX spending can close", "assumption; seed 004", role="assumption")
    engagement_lag: float = param(0.05, 0.001, 1.0, "share/week", "speed at which engagement moves to its target (≈ 1/lag in weeks)", "assumption: about 20 weeks", role="assumption", plausible=(0.025, 0.1, "engagement follows in 10–40 weeks"))
    resistance_disengagement: float = param(0.3, 0.0, 2.0, "level/level", "engagement target lost per unit of resistance above the employee's baseline", "seed 004; assumption, vary it", role="assumption")
    ex_relief: float = param(0.25, 0.0, 5.0, "share", "resistance removed per week by full EX spending, as a share of relief_resistance (× the EX effect), in every department", "seed 004 (no CX without EX); assumption, vary it", role="assumption")

    # voice of the customer and process redesign
    voc_half: float = param(0.05, 0.001, 10.0, "intensity", "voice-of-customer spending giving half of the maximum listening accuracy", "assumption; seeds 001, 003", role="assumption")
    redesign_gain: float = param(0.3, 0.0, 2.0, "share", "maximum capacity gain of a stage from process redesign", "assumption, vary it", role="assumption")
    redesign_half: float = param(0.25, 0.001, 10.0, "intensity-years", "process-redesign stock of a stage giving half of the maximum capacity gain", "assumption, vary it", role="assumption")

    # results visible to employees, and resistance
    visible_nps_gain: float = param(10.0, 0.1, 200.0, "NPS points", "NPS rise since the programme started at which improvement is fully visible to a department without stages of its own", "seed 004 (the impact must be felt); assumption, vary it", role="assumption")
    visible_satisfaction_gain: float = param(0.05, 0.001, 1.0, "satisfaction", "rise of a stage's satisfaction since the programme started at which improvement is fully visible to the department owning it", "seed 004; assumption, vary it", role="assumption")
    mandate_resistance: float = param(0.03, 0.0, 1.0, "resistance/week", "resistance added per week by a mandate at full pressure (training effect 1) without visible customer results; scales with the training effect", "seed 003/004 (the impact must be felt)", role="assumption")
    relief_resistance: float = param(0.01, 0.0, 1.0, "resistance/week", "resistance removed per week when the voice of the customer shows improvement on a department's stages", "seed 004", role="assumption")
    resistance_memory: float = param(0.01, 0.0, 1.0, "share/week", "speed at which resistance returns to its baseline", "assumption", role="assumption")

    # conflicts and political capital
    conflict_rate: float = param(0.3, 0.0, 1.0, "probability/week", "chance per week that a resisting, heavier department fights a mandate, at full weight gap", "assumption; seed 003", role="assumption")
    conflict_resistance: float = param(0.05, 0.0, 1.0, "resistance", "resistance added in a department that wins a conflict against the leader (its mandate falls)", "assumption; seed 003", role="assumption")
    overruled_resistance: float = param(0.5, 0.0, 2.0, "share", "resistance added in a department overruled in a conflict (the executive sides with the leader), as a share of conflict_resistance", "assumption; seed 003", role="assumption")
    capital_loss: float = param(0.08, 0.0, 1.0, "capital", "political capital lost with a lost conflict", "assumption; seed 003", role="assumption")
    capital_win: float = param(0.01, 0.0, 1.0, "capital", "political capital gained with a conflict the executive settles in the leader's favour", "assumption; seed 003", role="assumption", plausible=(0.0, 0.03, "judgement: a won fight earns less credit than a lost one costs"))
    capital_review: float = param(0.05, 0.0, 1.0, "capital", "political capital regained at a review that shows NPS improvement", "assumption; seed 003 (results restore credit)", role="assumption")

    # a decision-maker takes budget from the departments
    budget_authority_threshold: float = param(0.7, 0.0, 1.0, "level", "formal authority from which a CX leader is a decision-maker who funds the programme from the departments' budgets (a threshold, to be replaced by a continuous response)", "seed 000 (decision-maker vs influencer); assumption, vary it", role="assumption", plausible=(0.5, 0.9, "judgement: the line between influencer and decision-maker"))
    budget_period_weeks: int = param(52, 1, 520, "weeks", "weeks between two rounds in which a decision-maker takes budget from the departments (from the programme start)", "a yearly budget cycle", role="structure", integer=True)
    budget_resistance: float = param(0.1, 0.0, 1.0, "resistance", "resistance added in every department when a decision-maker takes budget from departments", "seed 003 (everyone wants to keep their budget)", role="assumption")


# ---------------------------------------------------------------------------------- a run
@dataclass
class CXConfig:
    """A whole run: the scenario plus the run settings."""

    seed: int = param(0, 0, 2**32 - 1, "integer", "root seed; replicates get child seeds spawned from it", "reproducibility", role="setting", integer=True)
    steps: int = param(156, 1, 5200, "weeks", "horizon of the run (156 weeks = 3 years)", "DESIGN §2", role="setting", integer=True)
    replicates: int = param(1, 1, 10_000, "runs", "replicates per job, each with a child seed of `seed`", "DESIGN §3", role="setting", integer=True)
    company: CompanyConfig = field(default_factory=CompanyConfig)
    customers: CustomerConfig = field(default_factory=CustomerConfig)
    leader: LeaderConfig = field(default_factory=LeaderConfig)
    executive: ExecutiveConfig = field(default_factory=ExecutiveConfig)
    levers: LeverConfig = field(default_factory=LeverConfig)


@dataclass
class OutputConfig:
    """What a command-line job writes besides its results (not part of the model)."""

    plots: bool = True
    progress: bool = True


@dataclass
class RunConfig(CXConfig):
    """The schema of a Hydra job: the model's config plus output settings."""

    output: OutputConfig = field(default_factory=OutputConfig)
