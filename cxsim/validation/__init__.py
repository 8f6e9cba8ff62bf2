"""Docking: the model's kernels against results nobody here wrote (March 1991, Erlang C, Bass 1969,
Little's law, a plain per-agent Mesa reference). ``python -m cxsim.validation [runs]`` writes
docs/validation.md."""

from .dockings import *  # noqa: F401,F403
