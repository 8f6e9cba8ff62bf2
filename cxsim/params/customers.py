"""The customer base and the journey purchase → billing → delivery → installation (``customers.*``)."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import param

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
    exogenous_weight: float = param(0.4, 0.0, 1.0, "share", "share of a customer's overall satisfaction (what churn and the NPS answer read) that comes from drivers the CX programme cannot touch: price, network coverage, the product itself", "telecom NPS driver studies name price and coverage beside service (e.g. Telecompaper's NPS monitor reasons); assumption, vary it", role="assumption", plausible=(0.2, 0.6, "judgement: service is neither all nor a minor part of what customers weigh"))
    exogenous_level: float = param(0.8, 0.0, 1.0, "satisfaction", "mean appraisal of those drivers (price, coverage, product) across customers", "calibrated with expectation to a baseline NPS near the telecom average (docs/calibration.md)", role="assumption", plausible=(0.65, 0.85, "judgement: a passive appraisal of an average operator"))
    exogenous_sd: float = param(0.25, 0.0, 0.5, "satisfaction (sd)", "spread of that appraisal across customers (persistent per customer: some find it cheap, others not); with the answer noise it sets the spread of NPS answers", "WDS loyalty audit: a third of mobile customers highly satisfied, a quarter low (docs/calibration.md); assumption, vary it", role="assumption", plausible=(0.15, 0.35, "answers spread over most of the 0–10 scale"))
    adaptation: float = param(0.3, 0.0, 1.0, "share", "share of each experience by which a customer's expectation moves towards the quality lived (× stage_weight at a stage, × active_weight each week of service): what delights becomes normal", "Helson 1964 (adaptation level); Oliver 1980 (expectations formed by experience); assumption, vary it", role="assumption", plausible=(0.1, 0.6, "judgement: expectations follow experience over one to several years"))
    wait_penalty: float = param(0.03, 0.0, 1.0, "satisfaction/week", "satisfaction lost per week spent waiting for a stage", "the post-office waiting-time KPI (seed 001)", role="assumption")
    incident_penalty: float = param(0.12, 0.0, 1.0, "satisfaction", "satisfaction lost per handoff incident", "seed 001 (contradictory messages)", role="assumption")
    handoff_risk: float = param(0.25, 0.0, 1.0, "probability", "incident probability at a handoff between departments that fully disagree and share no ties", "assumption, vary it; seed 001", role="assumption")
    handoff_floor: float = param(0.02, 0.0, 1.0, "probability", "incident probability at a handoff that no agreement between departments removes (data, systems, carriers); practice disagreement adds handoff_risk × disagreement × (1 − protection × ties)", "assumption, vary it (a floor keeps incident reductions within what programmes report)", role="assumption", plausible=(0.0, 0.05, "judgement: up to one handoff in twenty fails whatever the practices"))
    tie_protection: float = param(0.3, 0.0, 1.0, "share", "how much cross-department tie density (relative to the inside) protects a handoff", "assumption, vary it", role="assumption")
    capacity_margin: float = param(0.9, 0.0, 5.0, "ratio", "stage capacity over expected weekly demand at the default headcount and engagement", "assumption: capacity slightly below nominal demand, so queues form when demand peaks", role="structure")
    load_penalty: float = param(0.15, 0.0, 1.0, "share", "quality lost by a stage working at full capacity: quality × (1 − penalty × utilisation²)", "assumption, vary it (staff under sustained load serve worse)", role="assumption")
    load_smoothing: float = param(0.1, 0.001, 1.0, "share/week", "speed at which the utilisation staff feel follows served/capacity (≈ 1/smoothing weeks)", "assumption: staff feel sustained load, about a quarter", role="assumption", plausible=(0.05, 0.25, "staff feel load sustained over 4–20 weeks"))
    initial_load: float = param(0.9, 0.0, 1.0, "utilisation", "utilisation staff feel at week 0 (customers' initial satisfaction uses an unloaded organisation)", "assumption: close to the capacity margin", role="assumption", plausible=(0.7, 1.0, "judgement: a busy organisation"))
    churn_max: float = param(0.04, 0.0, 1.0, "probability/week", "weekly churn hazard of a totally dissatisfied active customer", "assumption: ~25%/year churn at baseline (telecom range)", role="assumption")
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


