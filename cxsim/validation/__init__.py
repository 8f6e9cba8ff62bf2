"""Docking: the model's kernels against results nobody here wrote, one module per docking.

``march`` (March 1991: Figure 1, turnover, turbulence), ``erlang`` (Erlang C textbook case and
edges), ``bass`` (Bass 1969: well mixed, the former split step, silos), ``little`` (Little's law
on the journey kernel and the model), ``reference`` (the plain per-agent Mesa reference of
``reference_agents`` vs the kernel). Each returns a result object (``check.DockingResult``) that
the tests assert on and ``report`` renders; ``python -m cxsim.validation [runs]`` (``suite``)
runs them all and writes docs/validation.md.
"""
