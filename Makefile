# Two commands do everything on a fresh machine: `make extract` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: setup extract test snapshot bench reports clean

SEGMENTER := $(VENV)/.pkuseg-converted

setup: $(STAMP) $(SEGMENTER)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "setup: cannot create $(VENV): is python3-venv installed?" >&2; exit 1; }
	$(PIP) install -q --upgrade pip setuptools wheel
	@# pkuseg's sdist carries the trained default model; building it needs
	@# numpy, Cython and wheel present and build isolation off.
	$(PIP) install -q numpy Cython wheel
	$(PIP) install -q --no-build-isolation pkuseg==0.0.25 || { echo "setup: could not build pkuseg==0.0.25 (its sdist carries the segmentation model): check that a C compiler (gcc) and the Python headers are installed" >&2; exit 1; }
	$(PIP) install -q -e '.[dev,dask]'
	@touch $(STAMP)

# pkuseg's 77 MB pickle takes ~3 s to load in every process; this writes the
# model once more in a form loaded as texts need it, in a tenth of a second
# (pipeline/zh/segmenter.py, docs/batch.md). It takes a minute or two.
$(SEGMENTER): $(STAMP)
	$(PY) -m pipeline.zh.segmenter
	@touch $(SEGMENTER)

extract: setup
	$(VENV)/bin/minsheng extract data/raw -o data/extracted

# The import contracts (pyproject.toml) first: a new cycle or an upward
# import fails the run before any test.
test: setup
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# Accept a change in the output: refresh the golden snapshot that
# tests/test_snapshot.py compares against, then commit data/extracted/ with it.
snapshot: setup
	$(VENV)/bin/minsheng extract data/raw -o data/extracted

# Throughput, stage times, memory, start-up and the two-job speed-up on a
# generated corpus of 2,000 articles (docs/batch.md); takes several minutes.
bench: setup
	$(VENV)/bin/minsheng bench --jobs-compare

# The 2008-2025 national government work reports (../shared/corpora) as
# articles, extracted, and the employment figures checked (docs/reports.md).
REPORTS_CORPUS ?= ../shared/corpora/gov_work_reports/government_work_reports.jsonl
reports: setup
	$(VENV)/bin/minsheng reports $(REPORTS_CORPUS) -o build/reports/articles
	$(VENV)/bin/minsheng extract build/reports/articles -o build/reports/extracted
	$(VENV)/bin/minsheng reports-check build/reports/extracted
	$(VENV)/bin/minsheng track build/reports/extracted -o build/reports/track --source build/reports/articles --check data/dev/track_pairs.tsv

clean:
	rm -rf $(VENV) .pytest_cache
