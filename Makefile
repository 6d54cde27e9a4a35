# Front door of the project. The logic lives in Python modules and scripts that the tests call too.
#   make sim MODEL=lif     simulate one core (pyuvm testbench on Icarus), summary + waveform + plot
#   make test              everything: golden, RTL simulations, Verilator deep checks, lint, synthesis smoke
# Both bootstrap what is missing: the Debian EDA tools (apt-get, as root) and .venv with pinned packages.

SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

MODEL  ?= lif
SEED   ?=
CYCLES ?= 100000
JOBS   ?= 2

.DEFAULT_GOAL := help
.PHONY: help tools venv sim test test-fast lint synth bench train export table headers clean distclean

help: ## list the targets
	@echo "make targets (variables: MODEL=$(MODEL) SEED=<n> CYCLES=$(CYCLES) JOBS=$(JOBS)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-10s %s\n", $$1, $$2}'
	@echo "units for MODEL=: $$( [ -x $(PY) ] && $(PY) -c 'from golden import registry; print(", ".join(u.sim for u in registry.units().values()))' 2>/dev/null || echo '(run make venv first)'); exported classifier: digits"

tools: ## install/check the EDA tools (iverilog verilator yosys nextpnr-ice40 fpga-icestorm)
	@scripts/bootstrap.sh tools

$(STAMP): pyproject.toml scripts/bootstrap.sh
	@PYTHON=$(PYTHON) scripts/bootstrap.sh venv
	@touch $@

venv: $(STAMP) ## create .venv with the pinned Python packages of pyproject.toml

sim: tools $(STAMP) ## simulate one unit: MODEL=<unit, listed below> [SEED=n] [CYCLES=n]
	$(PY) -m verif.sim --model $(MODEL) --cycles $(CYCLES) $(if $(SEED),--seed $(SEED),)

test: tools $(STAMP) ## run everything (golden, RTL sims, 10M-cycle deep checks, mutants, lint, synth smoke)
	$(PY) -m pytest -n $(JOBS) -q

test-fast: $(STAMP) ## golden-model tests only (no simulator, no synthesis)
	$(PY) -m pytest -q -m "not slow"

lint: tools $(STAMP) ## Verilator -Wall on every RTL unit, ruff on the Python
	$(PY) -m verif.lint

synth: tools $(STAMP) ## Yosys + nextpnr-ice40 (HX8K, UP5K, UP5K+DSP): MODEL=lif|all -> synth/reports/
	$(PY) -m synth.flow --unit $(if $(filter command line,$(origin MODEL)),$(MODEL),all)

bench: $(STAMP) ## benchmarks (object API and populations; side by side with Brian2 where installed)
	@$(PY) -c "import brian2" 2>/dev/null || $(PY) -m pip install -q --disable-pip-version-check -e ".[bench]"
	$(PY) -m bench.run

train: $(STAMP) ## train the spiking digits classifier (float, then Q8.8-aware fine-tuning) -> build/train/ [SEED=n]
	$(PY) -m golden.training.digits --out build/train $(if $(SEED),--seed $(SEED),)

build/train/digits.pt:
	$(MAKE) train

export: $(STAMP) build/train/digits.pt ## quantise the trained classifier to Q8.8: readmemh files + manifest + NIR -> export/digits/
	$(PY) -m golden.export --checkpoint build/train/digits.pt --out export/digits --nir

table: $(STAMP) ## regenerate the README model table from the registry
	$(PY) -m golden.gen.table

headers: $(STAMP) ## regenerate rtl/include/nrn_formats.svh from golden/fixed/qformat.py
	$(PY) -m golden.gen.svh

clean: ## remove build products (keeps .venv)
	rm -rf build .pytest_cache .ruff_cache

distclean: clean ## also remove .venv
	rm -rf $(VENV)
