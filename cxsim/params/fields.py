"""How a parameter is declared: default, unit, range, source, role and plausible range.

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
REPORTING_LINES = ("ceo", "marketing", "customer_service", "it", "sales")
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


def per_department(name: str, doc: str, defaults: dict, lo: float, hi: float, unit: str, what: str, source: str, role: str, module: str) -> type:
    """A dataclass with one float field per department (``company.headcount.marketing`` …);
    ``what`` is the meaning with ``{dept}`` for the department's name; ``module`` is where the
    class is bound (so that it pickles)."""
    spec = [(d, float, param(float(defaults[d]), lo, hi, unit, what.format(dept=d), source, role=role)) for d in DEPARTMENTS]
    cls = make_dataclass(name, spec)
    cls.__doc__, cls.__module__ = doc, module
    return cls


def group(cls: type, doc: str = "", source: str = ""):
    """A nested group: its default is a fresh instance of ``cls``."""
    return field(default_factory=cls, metadata={"doc": doc, "source": source})
