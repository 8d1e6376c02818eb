# notice-parser: `make demo` and `make test` each do the whole set-up on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: demo test fuzz bench eval models models-heldout system-deps clean

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh

demo: $(STAMP)
	$(VENV)/bin/notice-parser batch samples --out build/demo --table --html --export csv,xlsx,ics,jsonl
	@echo "review pages: open build/demo/index.html in a browser"

test: $(STAMP)
	$(PY) -m pytest

# Fuzz parse_text / parse_bytes (mutated real documents, random Unicode, binary) for FUZZ_SECONDS
# per strategy (4 strategies: 10 minutes by default); `make test` runs a bounded version.
FUZZ_SECONDS ?= 150
fuzz: $(STAMP)
	NOTICE_PARSER_FUZZ_SECONDS=$(FUZZ_SECONDS) $(PY) -m pytest -q -s -p no:cacheprovider -o timeout=0 tests/test_fuzz.py

bench: $(STAMP)
	$(PY) bench/run.py $(BENCH)

# Score our output against the gold annotations shipped in tests/gold (same measure as the team's scorer).
eval: $(STAMP)
	$(VENV)/bin/notice-parser batch samples --out build/eval
	$(VENV)/bin/notice-parser eval tests/gold build/eval
	@echo "-- the team's written notices (tests/gold/written; damaged variants: tests/test_golden_written.py)"
	$(VENV)/bin/notice-parser batch tests/gold/written --out build/eval-written
	$(VENV)/bin/notice-parser eval tests/gold/written build/eval-written
	@echo "-- sixteen real documents of every genre (tests/gold/real, from ../shared/real)"
	$(VENV)/bin/notice-parser batch tests/gold/real --out build/eval-real
	$(VENV)/bin/notice-parser eval tests/gold/real build/eval-real
	@echo "-- four held-out documents (tests/gold/heldout; floors: tests/test_golden_heldout.py)"
	$(VENV)/bin/notice-parser batch tests/gold/heldout --out build/eval-heldout
	$(VENV)/bin/notice-parser eval tests/gold/heldout build/eval-heldout

# Rebuild the syllable language model shipped in models/ from the team corpus (needs ../shared).
models: $(STAMP)
	@for f in $(SHARED)/corpus/vlc-legal.txt.xz $(SHARED)/corpus/viwiki.txt.xz; do test -f "$$f" || { \
		echo "make models needs the team corpus: $$f is missing."; \
		echo "Put vlc-legal.txt.xz and viwiki.txt.xz (one sentence a line, xz) in $(SHARED)/corpus,"; \
		echo "or run make models SHARED=/path/to/shared. The shipped models/ work without it."; exit 2; }; done
	$(PY) scripts/train_lm.py $(SHARED)/corpus/vlc-legal.txt.xz $(SHARED)/corpus/viwiki.txt.xz \
		--in-domain $$($(PY) scripts/heldout_lm.py list) -o models/vi_syllable_lm.npz

# Held-out repair figures by document (one model per fold trained without its documents; ~4 × 3 min).
models-heldout: $(STAMP)
	$(PY) scripts/heldout_lm.py train $(SHARED)/corpus/vlc-legal.txt.xz $(SHARED)/corpus/viwiki.txt.xz
	$(PY) scripts/heldout_lm.py eval --out models/heldout.tsv

clean:
	rm -rf build .pytest_cache
