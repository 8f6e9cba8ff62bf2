"""``python -m cxsim.calibrate data=<file.csv> [key=value ...]``: fit the model to a company's
series (docs/calibration_walkthrough.md). The command line lives in :mod:`cxsim.calibrate.cli`."""

from .cli import main

if __name__ == "__main__":
    main()
