"""Global sensitivity analysis, scenario discovery and robustness of cxsim's answers (issue 14).

``python -m cxsim.explore experiment=<name>`` samples the assumption space (:mod:`.space`,
:mod:`.design`: SALib Morris, Sobol, Latin hypercube), runs every scenario of every point with
paired replicates (:mod:`.evaluate`, :mod:`.execute`: chunks on every core, resumable), computes
the outcomes and contrasts (:mod:`.outcomes`), their sensitivity indices and noise shares
(:mod:`.analyse`), scenario-discovery boxes (:mod:`.discover`: PRIM, CART), the robustness of
the stylised facts (:mod:`.robustness`), and writes a report (:mod:`.report`, :mod:`.figures`).
:func:`.pipeline.explore` is the plain function behind the command. Guide: docs/exploration.md.
"""
