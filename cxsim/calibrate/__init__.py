"""Calibrate cxsim to a company's own series (issue 17): ABC-SMC with pyabc.

``python -m cxsim.calibrate data=<file.csv>`` reads the company's CSV (data.py), chooses the
free parameters and their priors from the schema (prior.py), compares simulated and observed
figures through an honest observation model (observe.py: survey answers, churners, incidents),
runs ABC-SMC (abc_smc.py), checks the fit and projects scenarios (predict.py), and writes the
posterior, the plots, a report and a calibrated company preset (report.py, preset.py).
``calibration.calibrate(settings, out_dir)`` is the same without Hydra. Needs the optional
extra: ``pip install -e '.[calibrate]'``.
"""
