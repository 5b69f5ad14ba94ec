# EMKG: two commands do everything on a fresh machine.
#   make run   - install, start Neo4j, apply the ontology, load the demo, serve on :8000
#   make test  - install, then lint, type-check and run every test layer on a real Neo4j
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.emkg-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test lint typecheck unit chromium bench clean schema-check neo4j-jars basemap

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m kg.models.build
	@touch $@

# The default models' ONNX exports (kg/models/export_onnx.py): their torch forward pass traced
# to ONNX and checked against torch (~10 s), kept in the venv; onnxruntime runs them (a query in
# ~0.6x torch's time). Without them the models run on torch.
ONNX := $(VENV)/share/emkg-models/onnx/.built
$(ONNX): $(STAMP) kg/bert_folder.py kg/bert_encoder.py kg/onnx_encoder.py kg/models/export_onnx.py
	$(BIN)/python -m kg.models.export_onnx
	@touch $@

# The report reader's hazard judge (queries/understanding/judge.py): trained from the committed
# labelled reports and the ontology into var/judge/ (not in git; ~30 s quiet, minutes busy);
# trained again when they change. Without it the reader offers its choices as before.
JUDGE := var/judge/.built
$(JUDGE): $(STAMP) queries/understanding/judge.py $(wildcard queries/eval/*.yaml) $(wildcard ontology/*.ttl) | $(ONNX)
	$(BIN)/python -m queries.understanding.judge
	@touch $@

# The report gate (queries/understanding/report_gate.py): does a text that names hazards read
# like an incident report? Trained from the committed reports, non-incidents and hazard names
# into var/judge/ (~1 min quiet). Without it only the rules tell a non-incident.
GATE := var/judge/.gate-built
$(GATE): $(STAMP) queries/understanding/report_gate.py queries/understanding/report_gate_build.py $(wildcard queries/eval/*.yaml) $(wildcard ontology/*.ttl) | $(ONNX)
	$(BIN)/python -m queries.understanding.report_gate_build
	@touch $@

# China's places from GeoNames with verified Chinese names (kg/cities.py), kept in the venv so
# that a process placing a town reads ~5,000 rows, not the 61 MB world file (~2-5 s of CPU).
CITIES := $(VENV)/share/emkg-cities/.built
$(CITIES): $(STAMP) kg/cities.py
	$(BIN)/python -m kg.cities
	@touch $@

install: $(STAMP) $(ONNX) $(JUDGE) $(GATE) $(CITIES)

# The offline basemap (api/static/data/basemap/, not in git; ~30 s): Natural Earth land and
# countries from npm world-atlas (pinned in api/basemap/package-lock.json), the regions of
# loaders/demo/regions.jsonl and GeoNames towns; see api/basemap/build.py.
api/basemap/node_modules: api/basemap/package.json api/basemap/package-lock.json
	npm ci --prefix api/basemap --no-audit --no-fund
	@touch $@

BASEMAP := api/static/data/basemap/labels.json
$(BASEMAP): $(STAMP) api/basemap/node_modules api/basemap/build.py api/basemap/topojson.py kg/cities.py loaders/demo/regions.jsonl
	$(BIN)/python -m api.basemap.build

basemap: $(BASEMAP)

run: install basemap
	$(BIN)/emkg run

# Debian's Chromium for the browser tests (never a downloaded browser build).
chromium:
	@{ test -x /usr/bin/chromium && test -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; } || { \
	  echo "installing Debian's chromium (and a CJK font for screenshots) for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
	  || { echo "could not install chromium: run 'apt-get install chromium' as root"; exit 1; }; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest --no-neo4j -q tests/unit

# Node dev tools for the GraphQL-over-HTTP audit (graphql-http, pinned in package-lock.json).
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The GraphQL schema: graphql-schema-linter (rules in .graphql-schema-linterrc) and
# graphql-inspector diff against the released SDL, failing on an undeclared breaking
# change (api/schema-changes.json); see api/graphql/schema_lint.py.
schema-check: install node_modules
	$(BIN)/python -m api.graphql.schema_lint

# The local Neo4j's jars from Maven Central (kg/neo4j_local/pom.xml: the server, Bolt and the
# offline importer behind `emkg load --bulk`), resolved once into ~/.cache/emkg, and the
# launcher compiled; Debian's Maven and JDK 17 are installed when missing.
neo4j-jars: install
	@{ command -v mvn >/dev/null && command -v javac >/dev/null; } || { \
	  echo "installing Debian's maven and openjdk-17-jdk-headless for the local Neo4j"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null) \
	  || { echo "could not install maven and a JDK: run 'apt-get install maven openjdk-17-jdk-headless' as root"; exit 1; }; }
	$(BIN)/python -m kg.neo4j_local.launcher

test: install chromium node_modules basemap neo4j-jars lint typecheck schema-check
	$(BIN)/pytest

# Benchmarks print their figures with a same-run baseline. They use their own local Neo4j
# (var/neo4j-bench, port 7702) and take a while: the national graph is ~1.1M nodes.
# Not part of `make test`.
BENCH_ENV := EMKG_NEO4J_DATA_DIR=var/neo4j-bench EMKG_NEO4J_PORT=7702
bench: install
	$(BENCH_ENV) $(BIN)/emkg neo4j start
	$(BENCH_ENV) $(BIN)/python benchmarks/bench_load.py --scale national --yes
	$(BENCH_ENV) $(BIN)/python benchmarks/bench_recommend.py --scale national --load
	$(BENCH_ENV) $(BIN)/python benchmarks/bench_search.py --refresh
	$(BENCH_ENV) $(BIN)/python benchmarks/eval_search.py --apply

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache var/neo4j-test
