"""The run-in: the company and its customers run without a programme before week 0.

Without it the first years of every run would be the company settling from its drawn initial
state (codes learning, silos slowly exchanging practices, customers' satisfaction and
expectations adapting), and a programme's effect would be confounded with that drift.
``burn_in_weeks`` weeks (numbered −B … −1, each with its own random substreams, docs/ODD.md
§1.3) bring it to its steady state; the flatness test of docs/calibration.md checks that nothing
trends afterwards without a programme. Without a programme the organisation's week reads nothing
of the customers, so the organisation runs alone until the last ``customer_burn_in_weeks``, when
the customers join (built from the organisation as it is then): the same organisation as a full
run-in, at a fraction of the cost.

The run-in does not depend on the programme (no leader acts, the executive does not review),
so every scenario run with the same seed, company, customers and levers starts from the same
state (common random numbers). That state is cached in the process: the second scenario of a
paired comparison, or the next replicate loop of a sweep job, skips the run-in. The cache is
keyed on everything the run-in reads (the config without the programme's groups ``leader``,
``executive``, ``structure``, ``governance`` and ``money`` and without the run settings, the
model's stream root) and restores a deep copy, so a cached start is bit-identical
to a computed one (tested).
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from dataclasses import asdict

CACHE_SIZE = 16  # cached starts per process (a few MB each at the default size)
CACHE_MAX_CUSTOMERS = 200_000  # bigger bases are not cached (memory)
_CACHE: OrderedDict = OrderedDict()

# what the run-in changes: restored from the cache as deep copies
_STATE = ("reality", "local_codes", "workforce", "customers", "feedback", "conflict_history", "quality", "base_capacity", "base_agents")


class RunIn:
    """Run ``model`` in for ``config.burn_in_weeks`` weeks (or restore the cached result)."""

    def __init__(self, model):
        self.model = model
        self.weeks = int(model.config.burn_in_weeks)
        self.customer_weeks = min(self.weeks, int(model.config.customer_burn_in_weeks))

    def key(self) -> str:
        cfg = asdict(self.model.config)
        for name in ("leader", "executive", "structure", "governance", "money", "seed", "steps", "replicates"):
            cfg.pop(name, None)
        return json.dumps([cfg, self.model._stream_root], sort_keys=True, default=str)

    def run(self):
        """Advance the model through the run-in (and build its customers when they join);
        returns the last week's customer counts (None without a run-in)."""
        m = self.model
        if self.weeks <= 0:
            m.build_customers()
            return None
        cacheable = m.config.customers.n <= CACHE_MAX_CUSTOMERS
        key = self.key() if cacheable else None
        if key is not None and key in _CACHE:
            _CACHE.move_to_end(key)
            state, counts = _CACHE[key]
            self._restore(state)
            return copy.deepcopy(counts)
        counts = None
        for b in range(self.weeks, 0, -1):
            m._open_streams(-b)
            if b > self.customer_weeks:
                m.advance_organisation(programme=False)
                continue
            if b == self.customer_weeks:
                m.build_customers()
            counts = m.advance(programme=False)
        if self.customer_weeks == 0:
            m.build_customers()
        m._open_streams(0)
        if key is not None:
            _CACHE[key] = (copy.deepcopy({name: getattr(m, name) for name in _STATE}), copy.deepcopy(counts))
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
        return counts

    def _restore(self, state: dict) -> None:
        m = self.model
        for name, value in copy.deepcopy(state).items():
            setattr(m, name, value)
        for dept in m.departments:  # views onto the restored workforce
            dept.members = m.workforce.members[dept.index]


def clear_cache() -> None:
    _CACHE.clear()


__all__ = ["RunIn", "clear_cache", "CACHE_SIZE"]
