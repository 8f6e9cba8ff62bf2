"""WorkshopModel: the CXModel that the browser page builds from a preset and the levers.

The page re-creates the model on Reset with the values of the controls as keyword arguments,
all of them strings. This subclass maps them to a validated config
(:func:`cxsim.viz.presets.scenario_config`, composed by Hydra from ``configs/``) and never
raises on bad input: it falls back to the preset's own values (or the default scenario) and
keeps the message in ``self.error``, which the page shows.
"""

from __future__ import annotations

from ..config import ConfigError
from ..model import CXModel
from .presets import AS_PRESET, DEFAULT_CUSTOMERS, DEFAULT_PRESET, PRESETS, preset_key, scenario_config, scenario_overrides


class WorkshopModel(CXModel):
    """A CXModel built from a workshop preset plus lever overrides (every argument has a default).

    Args:
        preset: a key or label of :data:`cxsim.viz.presets.PRESETS`.
        seed, customers: whole numbers, as int or text.
        **kwargs: the levers, names of :data:`cxsim.viz.presets.LEVERS` → a value (text) or
            ``"as preset"`` (Mesa's SolaraViz accepts a catch-all only under the name ``kwargs``).

    ``overrides`` holds the Hydra overrides of the scenario actually run (the levers that
    applied), so ``python -m cxsim <overrides> seed=… customers.n=…`` repeats it. The run stops
    (``running = False``) at the config's horizon (``steps``, 156 weeks).
    """

    def __init__(self, preset: str = PRESETS[DEFAULT_PRESET].label, seed: int | str = 0,
                 customers: int | str = DEFAULT_CUSTOMERS, **kwargs):
        self.error: str | None = None
        applied = {k: v for k, v in kwargs.items() if v not in (None, AS_PRESET)}  # the levers
        try:
            key = preset_key(preset)
            cfg, warnings = scenario_config(key, seed=seed, customers=customers, **applied)
        except ConfigError as err:
            self.error = f"{err}. Showing the preset without your changes; fix the control and press Reset."
            try:
                key = preset_key(preset)
            except ConfigError:
                key = DEFAULT_PRESET
            applied = {}
            try:
                cfg, warnings = scenario_config(key)
            except ConfigError as err2:  # the scenario files themselves are broken
                self.error = f"{err2} (showing the built-in defaults)"
                cfg, warnings = None, []
        self.preset = PRESETS[key]
        self.levers = applied
        self.overrides = scenario_overrides(key, **applied)
        self.warnings = warnings
        super().__init__(cfg)

    def step(self) -> None:
        if not self.running:  # past the horizon: Mesa's wrapper has already counted the step
            self.steps -= 1
            return
        super().step()
        if self.week >= self.config.steps:
            self.running = False
