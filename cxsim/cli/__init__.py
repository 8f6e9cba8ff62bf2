"""The command line, and the only place Hydra lives: the task function and one job (``app``), the
pre-flight check of a command line (``preflight``), the sweep callbacks (``callbacks``) and the
composition of presets from ``configs/`` for every other caller (``scenarios``)."""
