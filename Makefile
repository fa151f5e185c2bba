# Conveniences; the README's two commands are scripts/demo and scripts/test.
.PHONY: demo test lint
demo:
	./scripts/demo
test:
	./scripts/test
lint:
	.venv/bin/ruff check src tests benchmarks && .venv/bin/ruff format --check src tests benchmarks && .venv/bin/mypy
