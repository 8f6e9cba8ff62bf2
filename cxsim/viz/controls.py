"""The page's controls: run buttons, speed sliders, and a scenario's preset and levers.

The controls only edit a *draft* of the scenario and queue actions on the session's runner; a
control whose draft differs from the scenario running is marked "waits for Reset" until Reset
applies it.
"""

from __future__ import annotations

import solara

from .presets import AS_PRESET, DEFAULT_CUSTOMERS, DEFAULT_PRESET, LEVERS, MAX_CUSTOMERS, PRESETS, lever_values

PENDING = " • waits for Reset"


def default_params(preset: str = DEFAULT_PRESET) -> dict:
    """The controls of a fresh page: a preset, every lever as preset, seed 0, the default size."""
    return {"preset": preset, "seed": "0", "customers": str(DEFAULT_CUSTOMERS), **{name: AS_PRESET for name in LEVERS}}


def pending(draft: dict, applied: dict) -> list[str]:
    """The controls whose draft value is not the one running."""
    return [k for k in draft if draft.get(k) != applied.get(k)]


@solara.component
def RunButtons(frame, on_reset, submit, compact: bool = False):
    """Reset, ▶ Play / ❚❚ Pause, Step (one week). Disabled states follow the last frame."""
    playing = frame.playing if frame is not None else False
    running = frame.running if frame is not None else True
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        solara.Button("Reset", color="primary", on_click=on_reset, classes=["cx-reset"])
        if playing:
            solara.Button("❚❚ Pause", color="primary", on_click=lambda: submit("pause"), classes=["cx-play"])
        else:
            solara.Button("▶ Play", color="primary", disabled=not running, on_click=lambda: submit("play"), classes=["cx-play"])
        solara.Button("Step", color="primary", disabled=playing or not running, on_click=lambda: submit("step"),
                      classes=["cx-step"])
    if frame is not None and not running and not compact:
        solara.Success(f"Run finished at week {frame.week}: press Reset for a new run.", dense=True)


@solara.component
def SpeedControls(delay_ms: solara.Reactive, every: solara.Reactive, on_change):
    solara.SliderInt(f"Pause between weeks: {delay_ms.value} ms", value=delay_ms.value, min=0, max=1000, step=50,
                     thumb_label=False, on_value=lambda v: (delay_ms.set(v), on_change()))
    solara.SliderInt(f"Redraw every {every.value} week{'s' if every.value > 1 else ''}", value=every.value, min=1, max=13, step=1,
                     thumb_label=False, on_value=lambda v: (every.set(v), on_change()))


def _marked(label: str, name: str, draft: dict, applied: dict) -> tuple[str, list[str]]:
    if draft.get(name) != applied.get(name):
        return label + PENDING, ["cx-pending"]
    return label, []


@solara.component
def ScenarioControls(draft: solara.Reactive, applied: dict, title: str = "Workshop scenario", run_settings: bool = True):
    """The preset and every lever of one scenario (the draft), with pending changes marked."""
    d = draft.value

    def set_value(name):
        return lambda value: draft.set({**draft.value, name: value})

    labels = {p.key: p.label for p in PRESETS.values()}
    label, classes = _marked(title, "preset", d, applied)
    solara.Select(label, value=labels[d["preset"]], values=list(labels.values()), classes=classes,
                  on_value=lambda v: draft.set({**draft.value, "preset": next(k for k, lab in labels.items() if lab == v)}))
    solara.Text(f"Watch: {PRESETS[d['preset']].watch}.", style={"font-size": "13px", "color": "#555"})
    for name, lever in LEVERS.items():
        label, classes = _marked(lever.label, name, d, applied)
        solara.Select(label, value=d.get(name, AS_PRESET), values=lever_values(name), classes=classes, on_value=set_value(name))
    if run_settings:
        label, classes = _marked("Seed (whole number)", "seed", d, applied)
        solara.InputText(label, value=d["seed"], continuous_update=False, classes=classes, on_value=set_value("seed"))
        label, classes = _marked(f"Customers (1 – {MAX_CUSTOMERS:,})", "customers", d, applied)
        solara.InputText(label, value=d["customers"], continuous_update=False, classes=classes, on_value=set_value("customers"))
