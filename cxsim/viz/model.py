"""WorkshopModel: the CXModel that the browser app builds from a preset and the levers.

Mesa's SolaraViz re-creates the model on Reset by calling the model class with the values of
the controls as keyword arguments, all of them strings from ``Select``/``InputText``. This
subclass maps them to a validated config (:func:`cxsim.viz.presets.scenario_config`) and never
raises on bad input: it falls back to the preset's own values (or the default scenario) and
keeps the message in ``self.error``, which the page shows with ``solara.Error``.
"""

from __future__ import annotations

from ..config import ConfigError
from ..model import CXModel
from .presets import AS_PRESET, DEFAULT_CUSTOMERS, DEFAULT_PRESET, PRESETS, preset_key, scenario_config


class WorkshopModel(CXModel):
    """A CXModel built from a workshop preset plus lever overrides (every argument has a default).

    Args:
        preset: a key or label of :data:`cxsim.viz.presets.PRESETS`.
        company, leader, executive: a config-group option, or ``"as preset"``.
        reporting_line, strategy, focus: a value, or ``"as preset"``.
        authority, budget, ex_share: a number (as text, e.g. ``"0.3 (influencer)"``), or ``"as preset"``.
        seed, customers: whole numbers, as int or text.

    The run stops (``running = False``) at the config's horizon (``steps``, 156 weeks).
    """

    def __init__(
        self,
        preset: str = PRESETS[DEFAULT_PRESET].label,
        company: str = AS_PRESET,
        leader: str = AS_PRESET,
        reporting_line: str = AS_PRESET,
        authority: str = AS_PRESET,
        budget: str = AS_PRESET,
        strategy: str = AS_PRESET,
        focus: str = AS_PRESET,
        ex_share: str = AS_PRESET,
        executive: str = AS_PRESET,
        seed: int | str = 0,
        customers: int | str = DEFAULT_CUSTOMERS,
    ):
        levers = dict(
            company=company,
            leader=leader,
            reporting_line=reporting_line,
            authority=authority,
            budget=budget,
            strategy=strategy,
            focus=focus,
            ex_share=ex_share,
            executive=executive,
        )
        self.error: str | None = None
        try:
            key = preset_key(preset)
            cfg, warnings = scenario_config(key, seed=seed, customers=customers, **levers)
        except ConfigError as err:
            self.error = f"{err}. Showing the preset without your changes; fix the control and press Reset."
            try:
                key = preset_key(preset)
            except ConfigError:
                key = DEFAULT_PRESET
            try:
                cfg, warnings = scenario_config(key)
            except ConfigError as err2:  # the scenario files themselves are broken
                self.error = f"{err2} (showing the built-in defaults)"
                cfg, warnings = None, []
        self.preset = PRESETS[key]
        self.levers = {k: v for k, v in levers.items() if v not in (None, AS_PRESET)}
        self.warnings = warnings
        super().__init__(cfg)

    def step(self) -> None:
        if not self.running:  # past the horizon: Mesa's wrapper has already counted the step
            self.steps -= 1
            return
        super().step()
        if self.week >= self.config.steps:
            self.running = False
