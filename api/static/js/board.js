// The live board: a GraphQL subscription (graphql-transport-ws on /graphql) that tells this
// page what other commanders just changed. Team rows in the results follow a team's live
// status (also after a re-render), and a short notice says what happened
// ("队伍 X 已调派至事件 Y"). Reconnects by itself; a refused key stops it (sign in again).
import { t, nameOf, onLangChange } from "./i18n.js";

const PROTOCOL = "graphql-transport-ws";
const QUERY = `subscription { boardChanges { __typename
  ... on TeamStatusChanged { teamId oldStatus newStatus incidentId action actor at
    team { id nameZh nameEn } incident { id nameZh nameEn } }
  ... on IncidentUpdated { id status action actor at incident { id nameZh nameEn } } } }`;
const NOTICE_MS = 12000;
const live = new Map();  // team id -> its latest status ("deployed", ...)
let socket = null;
let stopped = false;
let retryMs = 1000;
let lastNotice = null;

/** Start watching (once per page). `key`: the API key; `results`: the element holding team rows. */
export function startBoard({ key, results = document.getElementById("results") }) {
  if (socket || !key) return;
  stopped = false;
  connect(key);
  if (results) new MutationObserver(() => applyAll(results)).observe(results, { childList: true, subtree: true });
  onLangChange(() => { if (lastNotice) notice(lastNotice); });
}

export function stopBoard() {
  stopped = true;
  if (socket) socket.close(1000, "bye");
  socket = null;
}

function connect(key) {
  const url = new URL("graphql", document.baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url, PROTOCOL);
  socket = ws;
  ws.addEventListener("open", () => {
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${key}` } }));
  });
  ws.addEventListener("message", (m) => {
    let msg;
    try { msg = JSON.parse(m.data); } catch { return; }
    if (msg.type === "connection_ack") {
      retryMs = 1000;
      document.body.dataset.board = "live";
      ws.send(JSON.stringify({ id: "board", type: "subscribe", payload: { query: QUERY } }));
    } else if (msg.type === "ping") {
      ws.send(JSON.stringify({ type: "pong" }));
    } else if (msg.type === "next" && msg.payload?.data?.boardChanges) {
      onChange(msg.payload.data.boardChanges);
    }
  });
  ws.addEventListener("close", (e) => {
    delete document.body.dataset.board;
    if (socket === ws) socket = null;
    if (stopped || e.code === 4403 || e.code === 4401) return;  // refused: the page asks to sign in
    setTimeout(() => { if (!stopped && !socket) connect(key); }, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  });
}

function onChange(change) {
  if (change.__typename !== "TeamStatusChanged" || !change.newStatus) return;
  const status = change.newStatus.toLowerCase();
  live.set(change.teamId, status);
  const results = document.getElementById("results");
  if (results) applyAll(results);
  notice(change);
}

// Every row of a team with a known live status shows it (package and candidates alike).
function applyAll(root) {
  for (const row of root.querySelectorAll("tr[data-team-id]")) {
    const status = live.get(row.dataset.teamId);
    if (!status || row.dataset.liveStatus === status) continue;
    row.dataset.liveStatus = status;
    row.classList.toggle("deployed", status === "deployed");
    const line = row.querySelector("th.team small");
    if (line) line.textContent = `${row.dataset.teamId} · ${t(`status.${status}`)}`;
    const deploy = row.querySelector('button[data-action="deploy"]');
    if (deploy) deploy.hidden = status === "deployed";
  }
}

function noticeText(change) {
  const team = change.team ? nameOf(change.team) : change.teamId;
  const status = change.newStatus.toLowerCase();
  if (status === "deployed" && change.incidentId) {
    const incident = change.incident ? nameOf(change.incident) : change.incidentId;
    return t("board.dispatched", { team, incident });
  }
  if (change.incidentId && change.oldStatus === "DEPLOYED") {
    const incident = change.incident ? nameOf(change.incident) : change.incidentId;
    return t("board.released", { team, incident });
  }
  return t("board.status", { team, status: t(`status.${status}`) });
}

function notice(change) {
  lastNotice = change;
  let box = document.getElementById("board-notice");
  if (!box) {
    box = document.createElement("div");
    box.id = "board-notice";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    Object.assign(box.style, {
      position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2000", maxWidth: "28rem",
      padding: "0.75rem 1rem", borderRadius: "6px", background: "#1d3a5f", color: "#fff",
      boxShadow: "0 2px 10px rgba(0,0,0,.3)", fontSize: "1rem",
      // It only informs: a tap or click on a button under it reaches the button.
      pointerEvents: "none",
    });
    document.body.append(box);
  }
  box.textContent = noticeText(change);
  box.hidden = false;
  clearTimeout(box.timer);
  box.timer = setTimeout(() => { box.hidden = true; lastNotice = null; }, NOTICE_MS);
}
