"""Fixed weekly inputs for the journey kernel alone: the setting of the Little and reference dockings
(and of the kernel benchmarks), so the kernel can be run without the organisation around it."""

from __future__ import annotations

import numpy as np

from ..config import CustomerConfig
from ..kernels.journey import N_STAGES, WeekInputs, expected_journey_starts
from ..kernels.queueing import agents_needed

# Close to a default model's week 30 (measured there): quality per stage, handoff incident
# probabilities, ongoing quality of service and NPS.
STAGE_QUALITY = (0.52, 0.54, 0.69, 0.49)
INCIDENT_PROB = (0.11, 0.11, 0.08, 0.05)
ONGOING_QUALITY = 0.68
NPS = -16.0


def stationary_inputs(p: CustomerConfig, capacity_margin: float | None = None) -> WeekInputs:
    """Fixed week inputs close to a default model's week 30; each stage's capacity is
    ``capacity_margin`` (default ``p.capacity_margin``, as the model sizes it) × the expected
    weekly journey starts, so queues form; support staffed for 80% of contacts answered within
    target at the initial volume."""
    margin = p.capacity_margin if capacity_margin is None else capacity_margin
    flow = expected_journey_starts(p) * p.n
    incidents = list(INCIDENT_PROB)
    contacts_per_hour = (p.n * p.initial_active * p.contact_rate + flow * sum(incidents)) / p.open_hours
    return WeekInputs(
        quality=np.array(STAGE_QUALITY),
        capacity=np.full(N_STAGES, margin * flow),
        incident_prob=np.array(incidents),
        ongoing_quality=ONGOING_QUALITY,
        agents=agents_needed(contacts_per_hour, 3600.0, p.aht_s, p.answer_target_s, 0.8),
        nps=NPS,
    )
