# Two commands on a fresh clone:
#   make run    set up .venv if needed, then open the ProcLab window
#   make test   the same setup, then ruff, the import contracts and the whole test suite offscreen
# and for launching by double-click (README, "Launching by double-click"):
#   make desktop-entry   put ProcLab in this Linux user's applications menu
#   make bundle          a one-folder app with PyInstaller in dist/proclab/
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.proclab-installed

.PHONY: run test bench setup clean desktop-entry bundle

setup: $(STAMP)

# The bundle extra (PyInstaller) is installed too, so `make test` can prove
# that the frozen program runs its workers (tests/test_bundle.py). pip's and
# setuptools' own notices (an editable install always prints one) go to a
# log, shown whole if the install fails.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing ProcLab and its test tools into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 \
		&& $(BIN)/python -m pip install --quiet -e '.[test,bundle]' >> $(VENV)/install.log 2>&1 \
		|| { cat $(VENV)/install.log; echo "make: installing into $(VENV) failed (above)"; exit 1; }
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

test: $(STAMP)
	test -x tools/ensure_cjk_font.sh && tools/ensure_cjk_font.sh || true
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

# The .desktop file (Exec= the venv's proclab launcher, by absolute path) and
# the icons, under $XDG_DATA_HOME or ~/.local/share.
desktop-entry: $(STAMP)
	$(BIN)/python packaging/install_desktop_entry.py --launcher "$(abspath $(BIN))/proclab"

bundle: $(STAMP)
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN packaging/proclab.spec
	@echo "built dist/proclab/: run dist/proclab/proclab (the window) or dist/proclab/proclab run --preset seed"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
