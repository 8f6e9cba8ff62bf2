"""The customers' state and a week's inputs and counts: the arrays the journey kernels
(:mod:`cxsim.kernels.journey`, its compiled twin :mod:`cxsim.kernels.customers`) read and write,
kept apart from the rules so that both implementations share one definition."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PROSPECT, PURCHASE, BILLING, DELIVERY, INSTALLATION, ACTIVE = range(6)
STATE_NAMES = ("prospect", "purchase", "billing", "delivery", "installation", "active")
N_STAGES = 4


@dataclass
class Customers:
    """Customer state, one entry per customer (a customer slot of the addressable market)."""

    state: np.ndarray  # int8, one of PROSPECT … ACTIVE
    sat: np.ndarray  # float32 in [0, 1]
    expect: np.ndarray  # float32 in [0, 1]
    wait: np.ndarray  # int16, weeks waited in the current stage
    weeks: np.ndarray  # int16, weeks in the current journey
    incidents: np.ndarray  # int16, handoff incidents in the current journey
    exo_part: np.ndarray  # float32, exogenous_weight × the customer's appraisal of price, coverage, product (fixed)
    # Work buffers of journey_step, reused week after week (no allocation, no page faults on
    # million-row temporaries). Not state: never read between steps.
    _scratch: "Scratch | None" = field(default=None, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return int(self.state.shape[0])


class Scratch:
    """Preallocated full-length temporaries for one :class:`Customers` (journey_step and its
    compiled twin, ``kernels.customers``). ``f`` starts at zero: the compiled week writes it
    only for active customers and may raise all of it to a power."""

    def __init__(self, n: int):
        self.n = n
        self.st = np.empty(n, np.int8)
        self.u = np.empty(n, np.float32)
        self.v = np.empty(n, np.float32)
        self.x = np.empty(n, np.float32)
        self.f = np.zeros(n, np.float32)
        self.active = np.empty(n, bool)
        self.stay = np.empty(n, bool)
        self.b = np.empty(n, bool)
        self.idx = np.empty(n, np.int64)  # compiled week: journey customers, contacts, respondents
        self.contacted = np.empty(n, np.int64)
        self.respond = np.empty(n, np.int64)
        self.params, self.params_of = None, None  # compiled week: the parameter vector and its config


def scratch(c: Customers) -> Scratch:
    """The work buffers of ``c`` (made on first use)."""
    if c._scratch is None or c._scratch.n != c.n:
        c._scratch = Scratch(c.n)
    return c._scratch


@dataclass
class WeekInputs:
    """What the organisation offers customers this week."""

    quality: np.ndarray  # (4,) quality of purchase, billing, delivery, installation in [0, 1]
    capacity: np.ndarray  # (4,) customers each stage can serve this week
    incident_prob: np.ndarray  # (4,) incident probability at each handoff
    ongoing_quality: float  # quality of the ongoing service active customers live (billing, support)
    agents: int  # support agents on shift
    nps: float  # last rolling NPS, drives word of mouth


@dataclass
class WeekCounts:
    """What happened to customers this week (the raw material of the metrics)."""

    in_stage: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))
    waiting: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))
    served: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))
    stage_time: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # Σ weeks in stage of those leaving
    departures: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # served + abandoned
    experience: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # Σ stage experience of the served
    incidents: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # per handoff
    active_start: int = 0
    acquisitions: int = 0
    repurchases: int = 0
    churned: int = 0
    abandoned: int = 0
    completions: int = 0
    journey_weeks: float = 0.0  # Σ journey length of completions
    journey_incidents: float = 0.0  # Σ incidents of completions
    completion_sat: float = 0.0  # Σ satisfaction at completion
    promoters: int = 0
    detractors: int = 0
    responses: int = 0
    contacts: int = 0
    service_level: float = 1.0
    asa: float = 0.0
    queue_stable: bool = True
