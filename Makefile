# The two commands of the README: `make run` and `make test`. Everything else here
# is what they are made of.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
export KHABAR_PYTHON_BIN := $(abspath $(BIN))/python

.PHONY: setup lock run test test-unit test-integration lint compose-check bench train-ner clean

setup:
	scripts/setup

## Refresh lock/*.txt from pyproject.toml (scripts/lock --upgrade: newest releases).
lock: setup
	scripts/lock

## Start a local Kafka, a worker, send the sample stream, show enriched articles.
run: setup
	scripts/demo

## Unit tests, broker integration tests against a real Apache Kafka, compose check.
## Every step runs even when one before it failed; the exit code says whether all passed.
test: setup
	@failed=""; \
	for step in "$(BIN)/ruff check pipeline agents tests bench" \
	            "$(BIN)/python -m pytest -m unit -q" \
	            "$(BIN)/python -m pytest -m integration -q" \
	            "scripts/check-compose"; do \
	  echo "== $$step"; $$step || failed="$$failed\n  $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo -e "make test: these steps failed:$$failed" >&2; exit 1; fi

test-unit: setup
	$(BIN)/python -m pytest -m unit -q

test-integration: setup
	$(BIN)/python -m pytest -m integration -q

lint: setup
	$(BIN)/ruff check pipeline agents tests bench

## The benchmark (docs/benchmarks.md) and the normalizer's against hazm (docs/normalization.md);
## it installs the bench tools (lock/dev.txt) into the venv first.
bench:
	scripts/setup --bench
	$(BIN)/python -m bench
	$(BIN)/python bench/normalize_bench.py --write-docs

## Train the NER tagger on corpus/ner-news and ParsTwiNER (../shared): model.crfsuite.
train-ner: setup
	$(BIN)/python -m pipeline.extract.ner.train

clean:
	scripts/kafka-local down || true
	rm -rf var
