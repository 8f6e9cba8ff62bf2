"""How spending, authority and reporting lines act on the organisation (``levers.*``)."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import param

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
    conflict_rate: float = param(0.1, 0.0, 1.0, "probability/week", "chance per week that a resisting, heavier department fights a mandate, at full weight gap", "assumption; seed 003", role="assumption")
    conflict_resistance: float = param(0.05, 0.0, 1.0, "resistance", "resistance added in a department that wins a conflict against the leader (its mandate falls)", "assumption; seed 003", role="assumption")
    overruled_resistance: float = param(0.5, 0.0, 2.0, "share", "resistance added in a department overruled in a conflict (the executive sides with the leader), as a share of conflict_resistance", "assumption; seed 003", role="assumption")
    negotiated_pressure: float = param(0.5, 0.0, 1.0, "share", "share of a mandate's training effect (its pressure) left when the department head negotiates it instead of complying or resisting (a played decision; the model's own rule never negotiates)", "assumption (workshop decision); vary it", role="assumption")
    capital_loss: float = param(0.08, 0.0, 1.0, "capital", "political capital lost with a lost conflict", "assumption; seed 003", role="assumption")
    capital_win: float = param(0.01, 0.0, 1.0, "capital", "political capital gained with a conflict the executive settles in the leader's favour", "assumption; seed 003", role="assumption", plausible=(0.0, 0.03, "judgement: a won fight earns less credit than a lost one costs"))
    capital_review: float = param(0.05, 0.0, 1.0, "capital", "political capital regained at a review with full positive evidence (× evidence⁺)", "assumption; seed 003 (results restore credit)", role="assumption")

    # a decision-maker funds the programme from the departments' budgets
    budget_resistance: float = param(0.05, 0.0, 1.0, "resistance/year", "resistance added per year in every department by a programme funded from the departments' budgets, at intensity 1 (× authority × intensity: a decision-maker reallocates the departments' money, an influencer is funded centrally)", "seed 003 (everyone wants to keep their budget); assumption, vary it", role="assumption")
    budget_conflict_rate: float = param(0.3, 0.0, 5.0, "conflicts/year", "yearly hazard that a department fights the budget taken from it, at full resistance, weight, authority and intensity (× resistance × weight × authority × intensity)", "seed 003; assumption, vary it", role="assumption")

    # reporting lines: how far each use of the leader's position carries over the org chart
    reach_decay: float = param(0.7, 0.0, 1.0, "share/step", "share of the leader's authority that carries over each step of the org chart between its boss and a department (CEO line: one step to every department; a functional line: 0 steps to its own department, 1 to the departments that share its stages or handoffs, 2 to the others)", "seeds 001, 002 (a functional boss reaches its own department, its neighbours partly); DESIGN §2.4; assumption, vary it", role="assumption", plausible=(0.4, 0.9, "judgement: authority thins out with distance but does not vanish"))
    attention_decay: float = param(0.5, 0.0, 1.0, "share/step", "weight per org-chart step of a department's stages in the pain the leader attends to at a review (what the boss looks at gets attention)", "seed 002 (marketing tends to take control of CX); assumption, vary it", role="assumption", plausible=(0.25, 0.9, "judgement: the former table gave 0.25–0.7 to departments beyond a functional boss's own"))
    listening_decay: float = param(0.7, 0.0, 1.0, "share/step", "chance per org-chart step that the playbook hears an employee of a department (a marketing-owned playbook learns mostly from marketing)", "seed 002; assumption, vary it", role="assumption", plausible=(0.4, 0.9, "judgement"))
    arbitration_decay: float = param(0.8, 0.0, 1.0, "share/step", "factor per org-chart step in the chance that the arbiter sides with the leader against a department (× sponsorship): decisions arbitrated at the right level (seed 001)", "seed 001; assumption, vary it", role="assumption", plausible=(0.5, 1.0, "judgement"))
    home_expertise: float = param(0.3, 0.0, 1.0, "share", "listening accuracy a functional reporting line brings from its own department's customer channels (insight, complaints, analytics), combined with what voice-of-customer spending buys: 1 − (1 − spending's) × (1 − this); the CEO line brings none", "seed 000 (marketing's claim rests on existing expertise); assumption, vary it", role="assumption", plausible=(0.0, 0.5, "judgement"))
    home_cofunding: float = param(0.25, 0.0, 2.0, "share of budget", "budget a functional reporting line's own department adds to the change effort on its own and neighbouring departments, as a share of the programme budget (its own money: no budget resistance); the CEO line brings none", "seeds 000, 003 (a function funds its own projects, everyone keeps its budget); assumption, vary it", role="assumption", plausible=(0.0, 0.5, "judgement"))

    # organic change reaches the departments' standards from below
    cop_focus: float = param(0.7, 0.0, 1.0, "share", "how far full champion support and communities of practice lift a department's attention from its local KPIs to the shared promise when its code learns: local_kpi_focus × (1 − this × champion effect)", "Wenger 1998 (communities of practice carry practice across units); seed 004 (organic change); assumption, vary it", role="assumption", plausible=(0.3, 1.0, "judgement"))
    disruption_resistance: float = param(0.1, 0.0, 5.0, "resistance/change", "resistance added in a department per unit of its standard rewritten by a mandate in a week (share of its code's dimensions the mandate changed): imposed change is what people resist", "seed 003 (the change shakes up everyone); Kotter 1995; assumption, vary it", role="assumption")
    champion_fade: float = param(0.0, 0.0, 1.0, "probability/week", "chance per week that a champion whose department gets no champion support any more stops championing (× (1 − champion effect)): the influence must stay active", "seed 001 (the virus must stay active); assumption: 0 keeps champions until the next review, vary it", role="assumption", plausible=(0.0, 0.1, "judgement: volunteers drift away within months without support"))
