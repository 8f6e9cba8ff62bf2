"""The workforce: every employee as a row of arrays, with its own weekly step.

Like a mesa-frames AgentSet, :class:`Workforce` owns the employees' data (department, beliefs,
engagement, resistance and their baselines, champion flags, the organisational network and its
cross-department tie densities) and the vectorised rules that change it: socialisation and
interpersonal learning (``kernels.diffusion.organic_step``), turnover, engagement and
resistance. Nothing else writes these arrays: the CX leader's effort reaches them through
:meth:`Workforce.apply_shock`, :meth:`Workforce.add_ties` and :meth:`Workforce.set_champions`,
which the model calls. ``Employee`` agents are views onto its rows.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..kernels import knowledge as kn
from ..kernels.network import add_edges, tie_counts
from ..kernels.organisation import knowledge_scores, organic, people, practice_disagreement, segment_means, segment_sums, turnover
from ..params import DEPARTMENTS, CompanyConfig, LeverConfig
from ..structure import HANDOFF_DEPTS, Layout, adjacency, build_network, department_sizes, ratio_from_counts, tie_ratio


def engagement_factor(engagement, company: CompanyConfig):
    """Output (quality, capacity) of employees at ``engagement`` relative to full engagement:
    (1 − s) + s × engagement, s = ``company.engagement_output``."""
    s = company.engagement_output
    return (1.0 - s) + s * engagement


class Workforce:
    """The employees of the company, department by department (rows sorted by department).

    Built from the company parameters, the layout of dimensions, the departments' initial
    local codes (beliefs are socialised to them) and the seed of the network; ``rng`` draws the
    initial beliefs, engagement and resistance, in that order.
    """

    def __init__(self, company: CompanyConfig, layout: Layout, codes: np.ndarray, network_seed: int, rng: np.random.Generator):
        self.company = company
        self.layout = layout
        self.sizes = department_sizes(company.employees, company.headcount).astype(np.int64)
        self.dept_of = np.repeat(np.arange(len(DEPARTMENTS)), self.sizes)
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1])).astype(np.int64)
        self.members = [np.flatnonzero(self.dept_of == d) for d in range(len(DEPARTMENTS))]
        self._graph = build_network(self.sizes, company.silo, company.mean_degree, seed=network_seed)
        self._new_edges: list = []  # ties added since the graph was last brought up to date
        adj = adjacency(self._graph)
        self.indptr, self.indices = adj.indptr, adj.indices
        self.ties = tie_ratio(adj, self.dept_of, len(DEPARTMENTS))
        n, m = self.size, layout.m
        beliefs = kn.random_beliefs(rng, n, m)
        own_code = codes[self.dept_of]
        take = (rng.random((n, m)) < company.socialised) & (own_code != 0)
        self.beliefs = np.where(take, own_code, beliefs).astype(np.int8)
        self.engagement0 = np.clip(rng.normal(company.engagement, company.engagement_sd, n), 0, 1)
        self.engagement = self.engagement0.copy()
        self.resistance0 = np.clip(rng.normal(company.head_resistance, company.resistance_sd, n), 0, 1)
        self.resistance = self.resistance0.copy()
        self.champion = np.zeros(n, dtype=bool)
        self._no_playbook = np.zeros(m, dtype=np.int8)
        self.left = 0  # employees who left this week
        self._scores = self._disagreement = None

    @property
    def size(self) -> int:
        return int(self.sizes.sum())

    # ------------------------------------------------------------------ derived state (cached)
    def scores(self, reality: np.ndarray) -> np.ndarray:
        """March's knowledge of each employee, on the dimensions its department works on.

        Cached until beliefs change or :meth:`reality_changed` is called."""
        if self._scores is None:
            self._scores = knowledge_scores(self.beliefs, reality, self.layout.relevant, self.dept_of)
        return self._scores

    def reality_changed(self) -> None:
        """Knowledge is measured against reality; practice disagreement is not."""
        self._scores = None

    def _beliefs_changed(self) -> None:
        self._scores = self._disagreement = None

    def dept_mean(self, values: np.ndarray) -> np.ndarray:
        """(n_dept,) mean of a per-employee array in each department (its rows added in order,
        as ``np.bincount`` with weights adds them)."""
        sums = np.empty(len(DEPARTMENTS))
        segment_sums(values, self.starts, self.sizes, sums)
        return sums / self.sizes

    def practice_disagreement(self) -> np.ndarray:
        """(4,) chance that the two departments of each handoff act differently on a promise dim.

        Computed once per change of beliefs (employees are stored department by department)."""
        if self._disagreement is None:
            self._disagreement = np.empty(len(HANDOFF_DEPTS))
            practice_disagreement(self.beliefs, self.layout.promise, self.starts, self.sizes, HANDOFF_DEPTS[:, 0], HANDOFF_DEPTS[:, 1],
                                  self._disagreement)
        return self._disagreement

    def dept_resistances(self, pending=()) -> np.ndarray:
        """(n_dept,) mean resistance in each department after the ``pending`` shocks
        [(department | None, amount)] (applied in order as :meth:`apply_shock` would, without
        changing anything)."""
        r = self.resistance
        if pending:
            r = r.copy()
            for dept, amount in pending:
                rows = slice(None) if dept is None else slice(self.starts[dept], self.starts[dept] + self.sizes[dept])
                r[rows] += amount
                np.clip(r[rows], 0, 1, out=r[rows])
        out = np.empty(len(DEPARTMENTS))
        segment_means(r, self.starts, self.sizes, out)
        return out

    def dept_resistance(self, d: int, pending=()) -> float:
        """Mean resistance in department ``d`` after the ``pending`` shocks (:meth:`dept_resistances`)."""
        return float(self.dept_resistances(pending)[d])

    # ------------------------------------------------------------------ changes from outside
    def apply_shock(self, dept: int | None, amount: float) -> None:
        """Resistance += amount in department ``dept`` (None: everyone), clipped to [0, 1]."""
        if dept is None:
            self.resistance += amount
        else:
            self.resistance[self.members[dept]] += amount
        np.clip(self.resistance, 0, 1, out=self.resistance)

    def add_ties(self, a: np.ndarray, b: np.ndarray) -> None:
        """New ties between employees ``a[i]`` and ``b[i]`` (communities of practice): the CSR
        adjacency and the tie ratios updated in compiled code (the same arrays as rebuilding
        them from the graph), the networkx graph when it is next read."""
        self._new_edges.append((a, b))
        self.indptr, self.indices = add_edges(self.indptr, self.indices, np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
        counts = tie_counts(self.indptr, self.indices, self.dept_of, len(DEPARTMENTS))
        self.ties = ratio_from_counts(counts, self.dept_of, len(DEPARTMENTS), self.indices.size)

    @property
    def graph(self):
        """The organisational network (networkx), with every tie added so far."""
        for a, b in self._new_edges:
            self._graph.add_edges_from(zip(a.tolist(), b.tolist()))
        self._new_edges.clear()
        return self._graph

    @property
    def adj(self) -> sp.csr_array:
        """The network's adjacency (CSR, rows sorted, int8 ones)."""
        return sp.csr_array((np.ones(self.indices.size, dtype=np.int8), self.indices, self.indptr), shape=(self.size, self.size))

    def set_champions(self, mask: np.ndarray) -> None:
        self.champion = mask


    # ------------------------------------------------------------------ the week
    def learn(self, codes: np.ndarray, playbook, authority: np.ndarray, effort, levers: LeverConfig, reality: np.ndarray,
              programme: np.ndarray, org: np.ndarray) -> None:
        """Socialisation towards the code each employee follows and interpersonal learning.

        ``codes``: the departments' local codes; ``playbook``: the CX playbook (None without a
        leader); ``authority``: the leader's effective authority per department; ``effort``:
        this week's :class:`~cxsim.model.effort.ProgrammeEffort`; ``programme``, ``org``: the handles
        (``kernels.streams.handle``) of the week's programme and organisation streams.
        """
        c = self.company
        # Prescription needs both the right and the means: the playbook overlays the local code
        # with probability effective authority × training effect × (1 − resistance).
        # Champions follow it by choice (organic change needs no authority).
        # Socialisation (push) and interpersonal learning (imitation) compete within the week,
        # both read from the start-of-week state: on a well-mixed network this is Bass (1969).
        # One compiled call (kernels.organisation.organic, bit-identical to diffusion.organic_step).
        self.beliefs = organic(programme, org, self.beliefs, codes, self.dept_of,
                               self._no_playbook if playbook is None else playbook, playbook is not None,
                               np.asarray(authority, dtype=float), effort.train_effect, effort.champion_effect, self.resistance,
                               self.champion, self.scores(reality), self.indptr, self.indices, float(c.p1), float(levers.train_p1),
                               float(levers.resistance_socialisation), float(c.p_ip), float(levers.champion_p_ip))
        self._beliefs_changed()

    def turnover(self, org: np.ndarray) -> None:
        """Each employee leaves with p3 × (offset − engagement) / (offset − company engagement)
        and is replaced by a newcomer with random beliefs and its row's baselines (March 1991);
        ``org``: the handle of the organisation's stream."""
        c = self.company
        self.left = int(turnover(org, self.beliefs, self.engagement, self.engagement0, self.resistance, self.resistance0,
                                 self.champion, float(c.p3), float(c.turnover_offset), float(c.engagement)))
        self._beliefs_changed()

    def people(self, effort, visible: np.ndarray, disruption: np.ndarray, levers: LeverConfig) -> None:
        """Engagement moves towards its target (EX spending, resistance). Resistance rises with
        the change itself, in proportion to its size: mandates that show no customer result,
        budget taken from the department, and the share of its standard rewritten this week
        (``disruption``, per department); it falls when results become ``visible`` (per
        department, in [0, 1]) and returns to its baseline with ``resistance_memory``."""
        # target engagement = baseline + (1 − baseline) × ex_gain × EX effect − disengagement ×
        # resistance above its baseline; engagement moves engagement_lag of the way there.
        # Resistance += mandate_resistance × mandate pressure (the training behind it) ×
        # (1 − visible) − relief × visible + budget pressure + disruption_resistance ×
        # disruption − ex_relief × relief × EX effect, then returns resistance_memory of the
        # way to its baseline; both clipped to [0, 1] (one compiled call, kernels.organisation.people).
        lev = levers
        people(self.engagement, self.engagement0, self.resistance, self.resistance0, self.starts, self.sizes, effort.mandates,
               effort.train_effect, np.asarray(visible, dtype=float), effort.budget_pressure, np.asarray(disruption, dtype=float),
               float(effort.ex_effect), np.array([lev.ex_gain, lev.resistance_disengagement, lev.engagement_lag, lev.mandate_resistance,
                                                  lev.relief_resistance, lev.disruption_resistance, lev.ex_relief, lev.resistance_memory]))


__all__ = ["Workforce", "engagement_factor"]
