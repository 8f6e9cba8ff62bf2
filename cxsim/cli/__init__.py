"""The command line, and the only place Hydra lives: the task function and the resolvers
(``app``), one job and its resume (``job``), the pre-flight check of a command line
(``preflight``, with ``overrides``: Hydra's parsers, and ``config_files``: YAML files and output
directories), the sweep callbacks (``callbacks``, with ``resume``: job directories follow the
jobs), clean shutdown (``shutdown``), ``--help``'s parameter list (``help``) and the composition
of presets from ``configs/`` for every other caller (``scenarios``)."""
