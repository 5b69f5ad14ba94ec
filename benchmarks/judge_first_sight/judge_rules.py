# ruff: noqa
"""A record of the twelfth session's first-sight measurement, as run: see README.md here."""

import json, sys
from queries.understanding.facts import read_facts
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon

try:
    from queries.understanding.frames import load_frames, partial_frames
except ImportError:
    partial_frames = None
L = shipped_lexicon()
rows = json.load(open("/work/main/var/judge/rows.json"))
out = []
for r in rows:
    t = r["text"]
    facts = read_facts(t)
    rd = read_named(L, t, stated=states_something(facts, False))
    trapped = any(
        f.kind == "trapped" and not isinstance(f.value, bool) and f.value > 0 for f in facts
    )
    out.append(
        dict(
            named=[n.term.hazard.id for n in rd.named],
            occasion=bool(rd.for_occasion),
            occ=[n.term.hazard.id for n in rd.for_occasion],
            trapped=trapped,
            partial=[h for h in partial_frames(load_frames(), t)[:1]] if partial_frames else [],
        )
    )
json.dump(out, open(sys.argv[1], "w"))
print(sys.argv[1], sum(1 for o in out if not o["named"]))
