"""The CX programme's people: the CX leader (``leader.*``) and the executive sponsor (``executive.*``)."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import FOCUSES, REPORTING_LINES, STRATEGIES, choice, flag, param

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
    ex_delay: int = param(0, 0, 520, "weeks", "weeks after the programme start at which its employee-experience part starts (0: with the customer side)", "seed 004 (the question is not which to start with, but what delay between the two)", role="lever", integer=True)
    ex_ramp_weeks: int = param(0, 0, 520, "weeks", "weeks over which EX spending rises linearly to its full share once it starts (0: at once)", "seed 004; assumption, vary it", role="lever", integer=True)
    ex_reallocation: float = param(1.0, 0.0, 1.0, "share", "share of the EX money not yet spent (before the EX part starts or while it ramps up) that goes to the customer side meanwhile, split like the rest of the budget; the remainder is not spent (nor drawn from the departments)", "seed 004 (transformation budgets start with the customer; EX gets its budget later)", role="lever")
    start_week: int = param(13, 0, 10_000, "week", "week the programme starts (a baseline quarter before it)", "DESIGN §2", role="lever", integer=True)
    political_capital: float = param(1.0, 0.0, 1.0, "level", "initial political capital: it multiplies the leader's effective authority; lost conflicts spend it, results and won arbitrations restore it; at 0 the leader is sidelined (no authority, no spending)", "seed 003 (people doubt the messenger)", role="assumption", plausible=(0.5, 1.0, "judgement: a newly appointed leader starts with most of its credit"))
    review_weeks: int = param(13, 1, 520, "weeks", "weeks between two reviews of the target stage", "assumption: quarterly", role="lever", integer=True)
    review_noise: float = param(0.15, 0.0, 2.0, "pain units (sd)", "noise of the leader's reading of each stage's pain at a review without voice-of-customer spending (× (1 − listening accuracy))", "seed 001/003 (listen to customers); assumption, vary it", role="assumption")
    unseen_satisfaction: float = param(0.5, 0.0, 1.0, "satisfaction", "satisfaction the leader assumes at a stage that served nobody in the feedback window", "assumption: neutral", role="assumption")
    support_quality_pain: float = param(0.5, 0.0, 2.0, "pain/quality", "weight of poor support quality in the pain the leader sees at support (besides the share of contacts not answered in time)", "assumption, vary it", role="assumption")
    playbook_p2: float = param(0.3, 0.0, 1.0, "probability/week", "learning rate of the CX playbook (raised by voice-of-customer spending)", "March 1991 (p2); assumption", role="assumption", plausible=(0.1, 0.5, "March's rates are per period; the weekly scale is assumed"))
    playbook_unheard: float = param(0.3, 0.0, 1.0, "share", "share of playbook_p2 at which the playbook learns without voice-of-customer spending: p2 × (unheard + (1 − unheard) × listening accuracy)", "seeds 001, 003; assumption, vary it", role="assumption")


@dataclass
class ExecutiveConfig:
    """The CEO as sponsor, arbiter and funder of the programme (DESIGN §2.4, seed 003)."""

    sponsorship: float = param(0.9, 0.0, 1.0, "level", "initial executive sponsorship of the CX programme", "seed 003 (the CEO must be the captain)", role="structure")
    attention: float = param(0.9, 0.0, 1.0, "share", "how closely the executive follows the programme's results: the weight of the evidence at each review in its sponsorship and in its budget decisions (an absent sponsor looks little, so stays absent)", "seed 003 (without the CEO as captain, stop the project); seed 004 (the impact must be felt by all); assumption, vary it", role="structure")
    patience: int = param(52, 1, 1000, "weeks", "weeks of programme before the executive starts to withdraw sponsorship and budget from a programme that shows no result", "seed 003; assumption, vary it", role="structure", integer=True)
    improvement: float = param(5.0, 0.1, 200.0, "NPS points", "NPS rise since the programme started that the executive reads as a clear result: evidence = tanh(rise / this) in (−1, 1)", "WDS (NPS moves by a few points a year in telecoms); assumption, vary it", role="assumption", plausible=(2.0, 10.0, "judgement: beyond the quarter-to-quarter noise of a rolling NPS"))
    gain: float = param(0.15, 0.0, 1.0, "share/review", "share of the gap to full sponsorship closed at a review by full positive evidence (× attention × evidence)", "Kotter 1995 (short-term wins keep sponsors on board); assumption, vary it", role="assumption")
    decay: float = param(0.2, 0.0, 1.0, "share/review", "share of sponsorship withdrawn at a review after patience, in proportion to the lack of positive evidence (× attention × (1 − evidence⁺))", "seed 003; assumption, vary it", role="assumption")
    cut: float = param(0.25, 0.0, 1.0, "share/review", "share of the programme's remaining budget cut at a review after patience, in proportion to the lack of positive evidence (× attention × (1 − evidence⁺)); cuts compound until the programme is stopped", "seed 003 (otherwise stop the project); assumption, vary it", role="assumption", plausible=(0.1, 0.5, "judgement: a programme without results loses its funding within one to three years"))
    arbiter_rank: float = param(1.0, 0.0, 1.0, "level", "level at which conflicts between the leader and a department are arbitrated: 1 the executive committee or the CEO; lower, a manager closer to the departments, before whom a heavyweight department's political weight counts: the chance of backing the leader × (1 − (1 − this) × the department's weight)", "seed 001 (decisions must be arbitrated at the right level; CX challenges heavyweights such as operations and marketing)", role="lever")
