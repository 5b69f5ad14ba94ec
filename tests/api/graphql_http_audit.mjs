// Runs the graphql-http audit suite (GraphQL over HTTP spec) against a live server and
// prints one JSON array: [{id, name, status: "ok"|"warn"|"notice"|"error", reason}].
// Usage: EMKG_API_KEY=... node tests/api/graphql_http_audit.mjs http://127.0.0.1:PORT/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const key = process.env.EMKG_API_KEY;
if (!url || !key) {
  console.error('usage: EMKG_API_KEY=<key> node graphql_http_audit.mjs <graphql url>');
  process.exit(2);
}

// Every audit request carries the key, as any integrator's client would.
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  headers.set('Authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn });
const out = [];
for (const r of results) {
  const row = { id: r.id, name: r.name, status: r.status };
  if (r.status !== 'ok') row.reason = r.reason;
  out.push(row);
}
console.log(JSON.stringify(out));
