"""The weekly time series: Mesa's DataCollector, fed from ``model.metrics`` row by row."""

from __future__ import annotations

from mesa.datacollection import DataCollector

from ..metrics import METRIC_NAMES, reporters


class MetricsCollector(DataCollector):
    """Mesa's :class:`~mesa.datacollection.DataCollector` with the model's week and every metric
    of :data:`~cxsim.metrics.METRICS` as model reporters (``model_vars``,
    ``get_model_vars_dataframe`` as usual). ``collect`` appends the week's values directly:
    they are floats (immutable), so Mesa's defensive deep copy of each value and its reporter
    calls are skipped (60 calls and copies a week)."""

    def __init__(self):
        super().__init__(model_reporters={"week": lambda m: m.week, **reporters()})
        self._columns = [self.model_vars[name] for name in METRIC_NAMES]
        self._weeks = self.model_vars["week"]

    def collect(self, model) -> None:
        self._weeks.append(model.week)
        values = model.metrics
        for column, name in zip(self._columns, METRIC_NAMES):
            column.append(values[name])


__all__ = ["MetricsCollector"]
