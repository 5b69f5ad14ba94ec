"""Load benchmark (same as `emkg bench load`): see loaders/bench.py for what it measures.

Example::

    EMKG_NEO4J_PORT=7801 EMKG_NEO4J_DATA_DIR=/tmp/emkg-dev emkg neo4j start
    python benchmarks/bench_load.py --scale national --yes
"""

from __future__ import annotations

import sys

from loaders.bench import main

if __name__ == "__main__":
    sys.exit(main())
