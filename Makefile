# The two commands of the README: `make run` and `make test`. Everything else here
# is what they are made of.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
export KHABAR_PYTHON_BIN := $(abspath $(BIN))/python

.PHONY: setup run test test-unit test-integration lint compose-check bench train-ner clean

setup:
	scripts/setup

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

bench: setup
	$(BIN)/python -m bench

## Train the NER tagger on corpus/ner-news and ParsTwiNER (../shared): model.crfsuite.
train-ner: setup
	$(BIN)/python -m pipeline.extract.ner.train

clean:
	scripts/kafka-local down || true
	rm -rf var
