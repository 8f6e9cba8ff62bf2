"""The Mesa model: :class:`CXModel` wires the kernels and the agents and schedules the week."""

from .model import CXModel

__all__ = ["CXModel"]
