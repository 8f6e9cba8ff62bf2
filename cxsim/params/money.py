"""Money (``money.*``): what customers pay, what they cost, and what the programme costs.

Seed 003: "improving the experience needs investment"; seed 004: "the impact on the customer —
and so on revenue, the heart of the business — must be felt by all". The defaults describe a
mid-size telecom operator (a fixed line and a mobile plan per customer); each is an assumption
with its reason, to be varied. None of them changes what the model does: they turn its
customers and spending into euros (docs/ODD.md §3.3, Money).
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import flag, param


@dataclass
class MoneyConfig:
    """Revenue, margins, acquisition and programme costs in euros (a mid-size telecom)."""

    arpu: float = param(30.0, 0.0, 1000.0, "€/month", "revenue per active customer per month (average revenue per user)", "EU27 mobile ARPU about €20/month (GSMA Intelligence, 2010), €15–23 across twelve euro markets in 2023 (Tefficient for EETT); a customer with a fixed line and a mobile plan pays more: assumption, vary it", role="structure", plausible=(15.0, 60.0, "mobile only to a convergent household"))
    gross_margin: float = param(0.6, 0.0, 1.0, "share", "share of revenue left after the direct cost of serving the customer (network, interconnect, content): the margin behind a customer's value", "telecom gross margins of 55–70% quoted by CLV calculators; assumption, vary it", role="structure", plausible=(0.4, 0.7, "judgement: contribution margin of an operator"))
    acquisition_cost: float = param(150.0, 0.0, 5000.0, "€/customer", "cost of acquiring a new customer (commissions, subsidies, marketing), paid when a prospect starts a purchase", "subscriber acquisition costs of $169–583 per mobile account at US carriers (2015); assumption, vary it", role="structure", plausible=(50.0, 500.0, "a low-cost to a subsidising operator"))
    customer_base: float = param(2_000_000.0, 1.0, 1e9, "customers", "customers of the real company that the simulated base (customers.n) stands for: every simulated customer counts customer_base / customers.n times in euros", "a mid-size operator; assumption, vary it", role="structure", plausible=(500_000.0, 10_000_000.0, "a regional to a national operator"))
    discount_rate: float = param(0.08, 0.001, 1.0, "share/year", "yearly discount rate of future margins in a customer's lifetime value (above 0: without churn and discount a lifetime value is infinite)", "a telecom's cost of capital; assumption, vary it", role="structure", plausible=(0.04, 0.12, "judgement: cost of capital of operators"))
    leader_cost: float = param(0.5, 0.0, 50.0, "M€/year", "fixed cost of the CX role from the programme start (the leader and a small team), paid whatever the budget", "assumption, vary it", role="lever", plausible=(0.2, 2.0, "a leader alone to a direction with its staff"))
    reorg_cost: float = param(10.0, 0.0, 500.0, "M€", "one-off cost of regrouping the whole workforce under a new direction (moves, tools, consultants, severance), spread over structure.transition_weeks; a regrouping costs this × the headcount share of the departments regrouped (× how fully)", "assumption, vary it (about 2,000 € per employee moved in a company of 5,000)", role="assumption")
    baseline: bool = flag(True, "run the company without the programme on the same seeds beside each run (common random numbers) to measure the revenue gain, return on investment and payback; it costs the weeks of the run again (the run-in is shared), and once per process for a given company and seed", "issue 15 (ROI against the same seed without the programme)", role="setting")
