# Tasks for developers; CI runs .ci/run.

test:
    python -m pytest

lint:
    ruff check . && ruff format --check .

format:
    ruff format . && ruff check --fix .

docs:
    python docs/make_cli_reference.py

bench-ingest:
    python bench/ingest.py --sizes 1000,10000 --formats jsonl,html
