"""What every docking hands back: its result object renders itself as rows of ``docs/validation.md``.

Each docking module (``march``, ``erlang``, ``bass``, ``little``, ``reference``) returns a frozen
dataclass holding the measured values, the published or theoretical values, the errors, the
tolerance, the size (runs) and the seed. The same object serves the tests (they assert on its
fields) and the report (its :meth:`DockingResult.checks` are the table rows), so the document and
the tests cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_GAP = 4.0  # a qualitative result holds when the difference is more than 4 standard errors


@dataclass(frozen=True)
class Check:
    """One row of the docking table; ``passed`` None marks a row shown for information."""

    section: str
    docking: str
    reference: str
    value: str
    error: str
    tolerance: str
    passed: bool | None
    runs: str


class DockingResult:
    """Base of the result objects: ``checks()`` gives the table rows, ``passed`` whether none fails.

    Subclasses set ``section`` (the ``--only`` name), implement ``checks`` and may add
    ``details`` (extra markdown lines under the table, e.g. per-stage figures).
    """

    section: str = ""

    def checks(self) -> list[Check]:
        raise NotImplementedError

    def details(self) -> list[str]:
        return []

    @property
    def passed(self) -> bool:
        return all(c.passed is not False for c in self.checks())

    def row(self, docking: str, reference: str, value: str, error: str, tolerance: str, passed, runs: str) -> Check:
        return Check(self.section, docking, reference, value, error, tolerance, None if passed is None else bool(passed), runs)


def gap(mean_a: float, se_a: float, mean_b: float, se_b: float) -> tuple[float, float]:
    """(a − b, z of that difference) for two independent means with standard errors."""
    d = mean_a - mean_b
    return d, d / float(np.hypot(se_a, se_b))


def as_seed_sequence(seed) -> np.random.SeedSequence:
    """An int or a ``numpy.random.SeedSequence`` as a SeedSequence (a docking's ``seed`` argument)."""
    return seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
