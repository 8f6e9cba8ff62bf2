"""Settings that are valid one by one but cannot act together in a run.

Each value of a config is checked against its range by :func:`cxsim.config.validate`; some
combinations pass those checks and still make a run that is not what its labels say: levers of
a CX leader the company does not have, a programme that starts after the last week. Such a run
is not refused (a sweep may cross these settings on purpose: ``leader=none,decision_maker
change=top_down,organic``) but the user is told, in one sentence per contradiction: the
command line prints them as warnings before anything runs, :func:`cxsim.runner.run` issues a
:class:`ConfigWarning`.
"""

from __future__ import annotations

from dataclasses import fields

from .config import CXConfig, LeaderConfig


class ConfigWarning(UserWarning):
    """A setting that cannot act in this run (the run itself is valid)."""


def contradictions(cfg: CXConfig) -> list[str]:
    """One sentence per setting of ``cfg`` that cannot act in its run (empty when none)."""
    found = []
    leader = cfg.leader
    if not leader.enabled:
        default = LeaderConfig()
        changed = [f"leader.{f.name}={getattr(leader, f.name)}" for f in fields(leader)
                   if f.name != "enabled" and getattr(leader, f.name) != getattr(default, f.name)]
        if changed:
            found.append(f"{' '.join(changed)} cannot act: there is no CX leader in this run "
                         "(leader.enabled=false, e.g. leader=none), so its settings have no effect")
    elif leader.start_week > cfg.steps:
        found.append(f"leader.start_week={leader.start_week} is after the last week (steps={cfg.steps}): the "
                     "programme never starts, so this run is the company without a CX leader")
    return found


__all__ = ["ConfigWarning", "contradictions"]
