# The two commands a newcomer needs: `make dev` and `make test`. Everything else is a helper.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON ?= 3.11

.PHONY: dev test test-unit contracts lint bench infra clean help

help:
	@echo "make dev        start the whole platform (infrastructure + five services) on this machine"
	@echo "make test       run every test against real PostgreSQL, Redis, Kafka protocol and S3"
	@echo "make contracts  regenerate contracts/schemas and contracts/asyncapi.yaml from the models"
	@echo "make bench      run the benchmark scripts and print their figures"

# uv itself comes from PyPI when the machine does not have it.
$(UV):
	python3 -m pip install --quiet --target .tools/lib uv
	mkdir -p .tools/bin && ln -sf ../lib/bin/uv .tools/bin/uv

.venv: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen
	@touch .venv

dev: .venv
	$(UV) run --frozen cme-dev

test: .venv
	$(UV) run --frozen pytest

test-unit: .venv
	$(UV) run --frozen pytest -m "not integration" services/*/tests/unit contracts/tests

contracts: .venv
	$(UV) run --frozen cme-contracts generate

infra: .venv
	$(UV) run --frozen cme-infra up

bench: .venv
	$(UV) run --frozen python bench/run_all.py

clean:
	rm -rf .var .venv .tools test-artifacts
