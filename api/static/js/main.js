// Start-up: language, server health, sign-in with an API key, the role, the two views.
import { gql, health, apiKey, setApiKey, clearApiKey, ApiError } from "./api.js";
import { initI18n, t, lang, setLang, onLangChange } from "./i18n.js";
import { tablist } from "./tabs.js";

const $ = (id) => document.getElementById(id);
const app = { role: null, views: [], started: new Set(), config: {} };

/** Shows what went wrong in words a user can act on; returns the text. */
export function showError(e) {
  const banner = $("banner");
  let key = "error.internal";
  if (e instanceof ApiError) {
    key = { server: "error.server", store: "error.store", timeout: "error.timeout", starting: "error.starting",
      storeCredentials: "error.storeCredentials", auth: "error.auth", forbidden: "error.forbidden",
      input: "error.input" }[e.kind] || "error.internal";
  }
  banner.className = "banner";
  // The localized words say it all for the kinds they name; the server's own message (its
  // details, in the language it chose) only where it is the substance: a refused input or
  // an unexpected error.
  const detail = e.message && (key === "error.input" || key === "error.internal");
  const text = `${t(key)}${detail ? ` (${e.message})` : ""}`;
  // An error stays until the user dismisses it or another view is shown: a later answer
  // that succeeds must not sit under an old failure.
  const close = document.createElement("button");
  close.type = "button";
  close.className = "banner-close";
  close.setAttribute("aria-label", t("banner.dismiss"));
  close.textContent = "×";
  close.addEventListener("click", clearBanner);
  const words = document.createElement("span");
  words.textContent = text;
  banner.replaceChildren(words, close);
  banner.hidden = false;
  banner.dataset.kind = e.kind || "internal";
  if (e.kind === "auth") signIn(t("auth.rejected"));
  return text;
}

function clearBanner() {
  const banner = $("banner");
  banner.hidden = true;
  delete banner.dataset.kind;
}

// The footer's connection line, by i18n key, so a language switch re-renders it ("" clears).
function serverStatus(key) {
  const el = $("server-status");
  if (key) el.dataset.i18n = key; else delete el.dataset.i18n;
  el.textContent = key ? t(key) : "";
}

async function loadConfig() {
  try {
    const res = await fetch("ui-config.json");
    if (res.ok) app.config = await res.json();
  } catch { /* no config: offline basemap only */ }
}

// Who is signed in, and what the role may do (the server's `me`): the screens follow it.
async function whoAmI(key) {
  const data = await gql("{ me { name role permissions } }", {}, { key });
  return data.me;
}

// Commanders mark a team deployed through setTeamStatus (audited on the server).
const DEPLOY = {
  query: `mutation Deploy($id: ID!) { setTeamStatus(team: $id, status: DEPLOYED,
    reason: "deployed from the commander view") { team { id status } } }`,
  variables: (id) => ({ id }),
};

function signIn(message = "") {
  $("sign-in").hidden = false;
  document.querySelectorAll(".view").forEach((v) => { v.hidden = true; });
  $("sign-in-error").textContent = message;
  $("sign-in-error").hidden = !message;
  $("api-key").focus();
}

async function start(key) {
  const me = await whoAmI(key);
  app.role = me.role;
  app.permissions = new Set(me.permissions);
  const may = (p) => app.permissions.has(p);
  app.views = [...(may("recommend") ? ["commander"] : []), ...(may("curate") || may("load") ? ["planner"] : []),
    ...(may("recommend") ? ["drills"] : [])];
  if (me.role === "planner") app.views.reverse();  // a planner starts in the planner view
  if (may("curate") || may("recommend")) app.views.push("readiness");  // plan readiness (issue 18)
  $("sign-in").hidden = true;
  $("role-badge").hidden = false;
  $("role-badge").textContent = t(`role.${me.role}`);
  $("role-badge").dataset.role = me.role;
  $("sign-out").hidden = !key;
  document.querySelectorAll(".tab").forEach((b) => { b.hidden = !app.views.includes(b.dataset.view); });
  if (!app.views.length) {  // integrators use the API, not the screens
    const banner = $("banner");
    banner.textContent = t("role.integratorHint");
    banner.className = "banner warn";
    banner.hidden = false;
    return;
  }
  const wanted = location.hash.replace("#", "");
  await show(app.views.includes(wanted) ? wanted : app.views[0]);
}

async function show(view) {
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${view}`; });
  document.querySelectorAll(".tab").forEach((b) => {
    b.setAttribute("aria-selected", String(b.dataset.view === view));
    b.tabIndex = b.dataset.view === view ? 0 : -1;
  });
  history.replaceState(null, "", `#${view}`);
  if (!app.started.has(view)) {
    app.started.add(view);
    if (view === "commander") {
      // Loaded when first shown: the sign-in page carries neither the map nor the commander.
      const { initCommander } = await import("./commander.js");
      await initCommander({ tileUrl: app.config.tileUrl || null, showError,
        canDeploy: app.permissions.has("setTeamStatus"), deployMutation: DEPLOY });
      // The live board: what other commanders change appears here without a reload.
      (await import("./board.js")).startBoard({ key: apiKey() });
      // The incident panel (open, dispatch, order, release, undo) for roles that may dispatch.
      if (app.permissions.has("dispatch")) (await import("./incidents.js")).initIncidents({ showError });
    } else if (view === "drills") {
      await (await import("./drill-view.js")).initDrills({ showError });
    } else if (view === "readiness") {
      await (await import("./readiness.js")).initReadiness({ showError, tileUrl: app.config.tileUrl || null });
    } else {
      const { initPlanner } = await import("./planner.js");
      await initPlanner({ role: app.role, permissions: app.permissions, config: app.config, showError });
    }
  }
  if (view === "commander") (await import("./commander.js")).onShow();
  if (view === "readiness") (await import("./readiness.js")).onShowReadiness();
  if (view === "drills") (await import("./drill-view.js")).onShowDrills();
  // Tests and scripts wait for this: the view's controls are wired and answer input.
  document.getElementById(`view-${view}`).dataset.ready = "true";
}

// `emkg run` prints a sign-in link (http://127.0.0.1:8000/#key=...): take the key from the
// fragment (never sent to the server), keep it for this tab only, and drop it from the address.
function keyFromLink() {
  const m = location.hash.match(/^#key=([^&]+)$/);
  if (!m) return;
  setApiKey(decodeURIComponent(m[1]), false);
  history.replaceState(null, "", location.pathname + location.search);
}

async function main() {
  keyFromLink();
  await initI18n();
  const langButton = $("lang-toggle");
  // The button names the other language in that language (its lang attribute says which).
  const labelLang = () => {
    langButton.textContent = lang() === "zh" ? "English" : "中文";
    langButton.lang = lang() === "zh" ? "en" : "zh";
  };
  labelLang();
  langButton.addEventListener("click", () => setLang(lang() === "zh" ? "en" : "zh"));
  onLangChange(() => { labelLang(); if (app.role) $("role-badge").textContent = t(`role.${app.role}`); });
  tablist(document.querySelector(".tabs [role=tablist]"), (b) => {
    if ($("banner").dataset.kind) clearBanner();  // an error of the view left behind
    show(b.dataset.view);
  });
  $("sign-out").addEventListener("click", () => { clearApiKey(); location.reload(); });
  $("sign-in-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const key = $("api-key").value.trim();
    setApiKey(key, $("remember-key").checked);
    try {
      clearBanner();
      await start(key);
      $("sign-out").hidden = false;
    } catch (err) {
      if (err.kind === "auth") { clearApiKey(); signIn(t("auth.rejected")); } else showError(err);
    }
  });
  serverStatus("status.connecting");
  const up = await health();
  if (up.starting) {  // warming up: say so (not "database down") and look again shortly
    serverStatus("");
    showError(new ApiError("starting", ""));
    watchServer();
    return;
  }
  if (!up.server || up.store === false) {
    serverStatus("");
    showError(up.server ? new ApiError("store", up.detail) : new ApiError("server", ""));
    watchServer();
    return;
  }
  serverStatus("status.connected");
  await loadConfig();
  if (!apiKey()) { signIn(""); return; }  // no key yet: sign in, without a request bound to 401
  try {
    await start(apiKey());
  } catch (err) {
    if (err.kind === "auth") signIn(apiKey() ? t("auth.rejected") : "");
    else { showError(err); if (err.kind === "server" || err.kind === "store") watchServer(); }
  }
}

// When the server or its database is away, look again every few seconds; start over when back.
function watchServer() {
  const timer = setInterval(async () => {
    const up = await health();
    if (up.server && up.store !== false && !up.starting) {
      clearInterval(timer);
      clearBanner();
      location.reload();
    }
  }, 5000);
}

window.addEventListener("unhandledrejection", (e) => { if (e.reason instanceof ApiError) showError(e.reason); });
main();
