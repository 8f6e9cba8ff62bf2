"""Browser visualisation for workshops (Mesa SolaraViz): ``make viz`` or ``python -m cxsim.viz``.

Modules: :mod:`.presets` (workshop scenarios → config), :mod:`.model` (``WorkshopModel``, the
model SolaraViz rebuilds on Reset), :mod:`.components` (the pictures) and :mod:`.app` (the
page). Importing this package does not import Solara; ``cxsim.viz.app`` does.
"""
