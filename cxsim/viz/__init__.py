"""Browser visualisation for workshops (Solara): ``make viz`` or ``python -m cxsim.viz``.

Modules: :mod:`.presets` (workshop scenarios composed from ``configs/``), :mod:`.model`
(``WorkshopModel``, rebuilt on Reset), the pictures (:mod:`.organisation`, :mod:`.journey`,
:mod:`.kpis`, drawn with :mod:`.blit` and named in :mod:`.pictures`), :mod:`.cards` (the page's
cards), :mod:`.export` (files for slides) and :mod:`.app` (the page). Importing this package
does not import Solara; ``cxsim.viz.app`` does.
"""
