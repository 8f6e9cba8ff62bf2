"""The Mesa model: :class:`CXModel` builds the company and schedules the week; the
:class:`Workforce` owns the employees, :class:`CustomerFeedback` what customers tell the
company, :class:`ProgrammeEffort` what the CX leader's programme does in a week, and
:class:`Event` what happened (``model.events``)."""

from .effort import ProgrammeEffort
from .events import EVENT_KINDS, Event
from .feedback import CustomerFeedback
from .model import CXModel
from .workforce import Workforce

__all__ = ["CXModel", "CustomerFeedback", "Event", "EVENT_KINDS", "ProgrammeEffort", "Workforce"]
