// The GraphQL client: one fetch, the API key as a Bearer token, errors turned into
// kinds the UI can explain (server down, Neo4j down, key refused, bad input).
import { lang } from "./i18n.js";

const KEY = "emkg.apiKey";

export class ApiError extends Error {
  /** kind: "server" | "store" | "timeout" | "storeCredentials" | "auth" | "forbidden" | "input" | "internal" */
  constructor(kind, message, code) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY) || localStorage.getItem(KEY) || "";
}

export function setApiKey(key, remember) {
  sessionStorage.setItem(KEY, key);
  if (remember) localStorage.setItem(KEY, key); else localStorage.removeItem(KEY);
}

export function clearApiKey() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

const KIND_BY_CODE = {
  UNAVAILABLE: "store", TIMEOUT: "timeout", STORE_CREDENTIALS: "storeCredentials",
  UNAUTHENTICATED: "auth", FORBIDDEN: "forbidden",
  BAD_USER_INPUT: "input", NOT_FOUND: "input", GRAPHQL_VALIDATION_FAILED: "internal",
};

/** gql(query, variables) -> data; throws ApiError. */
export async function gql(query, variables = {}, { key = apiKey() } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  // Messages (errors, reasons) in the language the page shows, not the browser's.
  headers["Accept-Language"] = lang() === "en" ? "en" : "zh-CN";
  if (key) headers.Authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch("graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (e) {
    throw new ApiError("server", String(e), "NETWORK");
  }
  if (res.status === 401) throw new ApiError("auth", await bodyMessage(res), "UNAUTHENTICATED");
  if (res.status === 403) throw new ApiError("forbidden", await bodyMessage(res), "FORBIDDEN");
  if (res.status >= 502) throw new ApiError("server", `HTTP ${res.status}`, "NETWORK");
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new ApiError("internal", `HTTP ${res.status}: not a GraphQL response`, "INTERNAL");
  }
  if (body.errors && body.errors.length) {
    const err = body.errors[0];
    const code = err.extensions?.code || "INTERNAL";
    const error = new ApiError(KIND_BY_CODE[code] || "internal", err.message, code);
    error.field = err.extensions?.field || null;  // the input field at fault, when named
    throw error;
  }
  if (!res.ok) throw new ApiError("server", `HTTP ${res.status}`, "NETWORK");
  return body.data;
}

async function bodyMessage(res) {
  try {
    const body = await res.json();
    return body.errors?.[0]?.message || body.detail || body.error || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/** Is the server up (/healthz), and Neo4j behind it (/readyz)? {server, store, starting, detail}
 * starting: Neo4j is fine and the server is still warming up (not an outage). */
export async function health() {
  try {
    const live = await fetch("healthz", { headers: { Accept: "application/json" } });
    if (!live.ok) return { server: false, store: null, detail: "" };
  } catch {
    return { server: false, store: null, detail: "" };
  }
  try {
    const ready = await fetch("readyz", { headers: { Accept: "application/json" } });
    if (ready.status === 404) return { server: true, store: null, detail: "" };
    let body = {};
    try { body = await ready.json(); } catch { /* not JSON */ }
    const starting = body.status === "starting";
    return { server: true, store: ready.ok || starting, starting, detail: body.detail || "" };
  } catch {
    return { server: true, store: null, detail: "" };
  }
}

// Which fields a type offers, so the UI asks only for what this server has while
// the API grows; null when introspection is off (production), then the contract applies.
const fieldCache = new Map();
export async function fieldsOf(typeName) {
  if (fieldCache.has(typeName)) return fieldCache.get(typeName);
  let fields = null;
  try {
    const data = await gql(`query($n: String!) { __type(name: $n) { fields(includeDeprecated: true) { name args { type { kind } }
      type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`, { n: typeName });
    // Fields with a required argument cannot be asked for blindly: leave them out.
    fields = data.__type ? data.__type.fields
      .filter((f) => !f.args.some((a) => a.type.kind === "NON_NULL"))
      .map((f) => ({ name: f.name, type: unwrap(f.type) })) : [];
  } catch (e) {
    if (e.kind === "server" || e.kind === "auth" || e.kind === "store") throw e;
    fields = null;
  }
  fieldCache.set(typeName, fields);
  return fields;
}

function unwrap(type) {
  let t = type;
  let list = false;
  while (t.ofType) { if (t.kind === "LIST") list = true; t = t.ofType; }
  if (t.kind === "LIST") list = true;
  return { kind: t.kind, name: t.name, list };
}
