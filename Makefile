# cxsim: set-up and run targets. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test viz workshop workshop-guide bench guide validate explore-full setup browser-deps clean help

help:
	@echo "make run       set up .venv and run the default scenario (outputs/ says where)"
	@echo "make test      set up .venv (and Chromium for the browser test) and run all tests"
	@echo "make viz       serve the browser visualisation on 127.0.0.1"
	@echo "make workshop  serve a participatory session (console at /, players at /play) on 127.0.0.1:8766"
	@echo "make workshop-guide  retake the participatory session's screenshots in docs/workshop.md"
	@echo "make bench     run the benchmarks (the page in headless Chromium too) and write benchmarks/results.md"
	@echo "make guide     re-measure docs/workshop.md's numbers and retake its screenshots from the real page"
	@echo "make validate  run the full docking and write docs/validation.md"
	@echo "make explore-full  Morris over all assumptions, Sobol on the top 8, LHS robustness (hours;"
	@echo "               writes docs/exploration/ and docs/robustness.md; the same command resumes)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[viz,slurm,dev,explore]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m cxsim $(ARGS)

# The browser test needs Debian's chromium; install it when it is missing (root or sudo).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium >/dev/null || \
	  echo "warning: could not install chromium; the browser test will skip outside CI"; }

test: $(STAMP) browser-deps
	$(PY) -m pytest -n 2 --dist loadgroup -q

viz: $(STAMP)
	$(PY) -m cxsim.viz

# a participatory session; ARGS="--host 0.0.0.0 --url http://ADDRESS:8766" serves the room's network
workshop: $(STAMP)
	$(PY) -m cxsim.workshop $(ARGS)

# the participatory session's screenshots in docs/workshop.md, retaken from the real pages
workshop-guide: $(STAMP) browser-deps
	CXSIM_SCREENSHOT_DIR=docs/img $(PY) -m pytest -q -p no:xdist tests/test_workshop_browser.py -k four_rounds

bench: $(STAMP) browser-deps
	$(PY) benchmarks/run_all.py

guide: $(STAMP) browser-deps
	$(PY) -m cxsim.viz.numbers
	$(PY) -m cxsim.viz.guide
	CXSIM_SCREENSHOT_DIR=docs/img $(PY) -m pytest -q -p no:xdist tests/test_browser.py -k screenshots

validate: $(STAMP)
	$(PY) -m cxsim.validation 2000

# The full designs of issue 14, in order (Sobol takes its factors from the Morris results).
# Hours on a two-core machine (docs/exploration.md); interrupted, the same command resumes.
explore-full: $(STAMP)
	$(PY) -m cxsim.explore experiment=morris_all
	$(PY) -m cxsim.explore experiment=sobol_top
	$(PY) -m cxsim.explore experiment=lhs_robustness

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
