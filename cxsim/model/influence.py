"""The influence must stay active (seed 001: "il faut que le virus reste actif").

An influencer's push works through people who choose to follow the playbook: the champions.
Their commitment lasts as long as the programme supports them: each week a champion of
department d stops championing with probability ``levers.champion_fade`` × (1 − champion
effect(d)), the champion effect being the support the programme's organic spending gives d this
week (0 once the budget is cut, the programme stopped or the leader sidelined, or when d is no
longer a target). At the default 0 champions stay until the next review re-draws them (the model
before issue 15). The other channels of the push already fade when it stops: training and
mandates act only in the weeks they are paid for, and what employees learned erodes as they
socialise back to their department's code and as they leave.
"""

from __future__ import annotations

import numpy as np

STREAM = 7  # the champions' fading's random substream (docs/ODD.md §1.3)


def fade_champions(model) -> None:
    """Unsupported champions drop out (draws from their own substream: nothing else moves)."""
    wf = model.workforce
    if not wf.champion.any():
        return
    p = model.config.levers.champion_fade * (1.0 - model.effort.champion_effect[wf.dept_of])
    drop = wf.champion & (model.substream(STREAM).random(wf.dept_of.size) < p)
    if drop.any():
        wf.set_champions(wf.champion & ~drop)


__all__ = ["fade_champions", "STREAM"]
