#!/bin/sh
# Lighthouse 12.8 audit of EMKG's web UI (issue 23), mobile and desktop, with Debian's Chromium.
# usage: benchmarks/lighthouse/run.sh [URL]   (default http://127.0.0.1:8000/; start `make run` first)
# Prints the category scores and the largest contentful paint / bytes per run; the JSON reports
# are left in var/lighthouse/. Not part of `make test` (it needs a served demo and ~1 min a run).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
url=${1:-http://127.0.0.1:8000/}
out="$here/../../var/lighthouse"
mkdir -p "$out"
[ -x "$here/node_modules/.bin/lighthouse" ] || (cd "$here" && npm ci --no-audit --no-fund)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
echo "cores $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg), $url"
for form in mobile desktop; do
  preset=""
  [ "$form" = desktop ] && preset="--preset=desktop"
  "$here/node_modules/.bin/lighthouse" "$url" $preset --quiet \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --output=json --output-path="$out/$form.json"
  node -e '
    const r = require(process.argv[1]);
    const s = Object.values(r.categories).map(c => `${c.id} ${Math.round(c.score * 100)}`).join(", ");
    const a = r.audits;
    const kb = Math.round(a["total-byte-weight"].numericValue / 1024);
    console.log(`${process.argv[2]}: ${s}; LCP ${a["largest-contentful-paint"].displayValue}, ` +
      `FCP ${a["first-contentful-paint"].displayValue}, ${kb} KiB transferred`);
    for (const c of ["accessibility", "best-practices"]) for (const ref of r.categories[c].auditRefs)
      if (ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 1) console.log(`  ${c}: ${ref.id}: ${a[ref.id].title}`);
  ' "$out/$form.json" "$form"
done
