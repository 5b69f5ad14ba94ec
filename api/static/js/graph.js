// The explanation for one team: team -> capability -> hazard -> plan, as a text tree (what
// a screen reader and the print read) and as a graph (Cytoscape.js, loaded only when the
// graph is opened: 370 KB that most runs never need). Built from the server's explanation
// subgraph when it sends one, otherwise from the recommendation itself.
//
// Example:
//   const g = explanationFor(rec, rec.forcePackage[0]);
//   box.innerHTML = explanationTree(g);        // nested list, the team at the root
//   await drawExplanation(canvasBox, g);       // imports Cytoscape the first time
import { t, nameOf } from "./i18n.js";
import { esc } from "./html.js";
import { renderReason } from "./reasons.js";

const COLORS = { team: "#1b7f3b", capability: "#0b57d0", hazard: "#b3261e", plan: "#9a6700", other: "#5b6875" };
let cy;

// The server's subgraph in the page's language: node names and edge labels (labelDetail,
// a catalog reason such as EDGE_HAS_CAPABILITY {level}) are rendered here, not taken as sent.
function localized(graph) {
  return {
    nodes: graph.nodes.map((n) => ({ ...n, label: n.nameZh || n.nameEn ? nameOf({ nameZh: n.nameZh, nameEn: n.nameEn, id: n.id }) : n.label })),
    edges: graph.edges.map((e) => ({ ...e, label: e.labelDetail ? renderReason(e.labelDetail) : e.label })),
  };
}

export function explanationFor(rec, teamRec) {
  if (teamRec.explanation?.nodes) return localized(teamRec.explanation);
  if (rec.explanation?.nodes) return localized(rec.explanation);
  const nodes = new Map();
  const edges = [];
  const add = (id, kind, label) => { if (!nodes.has(id)) nodes.set(id, { id, kind, label }); };
  const hazardNames = new Map(rec.hazards.map((h) => [h.hazard.id, nameOf(h.hazard)]));
  add(teamRec.team.id, "team", nameOf(teamRec.team));
  const needs = new Map(rec.requiredCapabilities.map((n) => [n.capability.id, n]));
  const hazardsUsed = new Set();
  for (const cap of teamRec.covers) {
    add(cap.id, "capability", nameOf(cap));
    edges.push({ source: teamRec.team.id, target: cap.id, label: t("graph.has") });
    for (const hz of needs.get(cap.id)?.sources || []) {
      add(hz, "hazard", hazardNames.get(hz) || hz);
      edges.push({ source: cap.id, target: hz, label: t("graph.neededFor") });
      hazardsUsed.add(hz);
    }
  }
  for (const p of rec.plans || []) {
    const plan = p.plan || p;
    const covered = (p.hazards || plan.covers || []).map((h) => h.id);
    const targets = covered.length ? covered.filter((h) => hazardsUsed.has(h)) : [...hazardsUsed];
    if (!targets.length) continue;
    add(plan.id, "plan", nameOf(plan));
    targets.forEach((h) => edges.push({ source: h, target: plan.id, label: t("graph.coveredBy") }));
  }
  return { nodes: [...nodes.values()], edges };
}

const kindName = (kind) => (t(`graph.${kind}`) === `graph.${kind}` ? "" : t(`graph.${kind}`));

/** The explanation as nested lists from the team outwards (each node once, by breadth):
 * "队伍 A — 具备 → 能力 B — 用于 → 灾害 C — 纳入 → 预案 D". */
export function explanationTree(graph) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const root = graph.nodes.find((n) => n.kind === "team") || graph.nodes[0];
  if (!root) return "";
  const children = new Map();
  const seen = new Set([root.id]);
  const queue = [root.id];
  while (queue.length) {
    const id = queue.shift();
    for (const e of graph.edges) {
      const other = e.source === id ? e.target : e.target === id ? e.source : null;
      if (other === null || seen.has(other) || !byId.has(other)) continue;
      seen.add(other);
      queue.push(other);
      if (!children.has(id)) children.set(id, []);
      children.get(id).push({ node: byId.get(other), label: e.label || e.type || "" });
    }
  }
  const item = (node, label) => {
    const kids = children.get(node.id) || [];
    const kind = kindName(node.kind);
    return `<li data-node="${esc(node.id)}">${label ? `<span class="edge">${esc(label)} →</span> ` : ""}` +
      `${kind ? `<span class="kind kind-${esc(node.kind)}">${esc(kind)}</span> ` : ""}<strong>${esc(node.label || node.id)}</strong>` +
      `${kids.length ? `<ul>${kids.map((c) => item(c.node, c.label)).join("")}</ul>` : ""}</li>`;
  };
  return `<ul class="tree" data-testid="explanation-tree">${item(root, "")}</ul>`;
}

/** Fits the drawn graph to its box again (after it was hidden: a view or language switch). */
export function refit() {
  if (!cy || !cy.container()?.offsetParent) return;
  cy.resize();
  cy.fit(undefined, 12);
}

// Labels grow with the page's type (wall screens): the root font size in px.
const rootPx = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;

export async function drawExplanation(container, graph) {
  const { default: cytoscape } = await import("../vendor/cytoscape/cytoscape.esm.min.js");
  if (cy) cy.destroy();
  const px = rootPx();
  cy = cytoscape({
    container,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label || n.id, kind: n.kind } })),
      ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, label: e.label || e.type || "" } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": Math.round(px * 0.85), "text-wrap": "wrap", "text-max-width": Math.round(px * 9),
        "text-valign": "bottom", "text-margin-y": 4, "text-background-color": "#fff", "text-background-opacity": 0.85, width: Math.round(px * 1.2), height: Math.round(px * 1.2), color: "#1c2630",
        "background-color": (n) => COLORS[n.data("kind")] || COLORS.other } },
      { selector: "edge", style: { width: 1.5, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": Math.round(px * 0.75), color: "#4a5663",
        "text-background-color": "#fff", "text-background-opacity": 0.85, "text-rotation": "autorotate" } },
    ],
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.1, padding: 12 },
    userZoomingEnabled: true, wheelSensitivity: 0.3, minZoom: 0.3, maxZoom: 1.3,
  });
  container.dataset.nodes = String(graph.nodes.length);
  container.setAttribute("role", "img");
  container.setAttribute("aria-label", t("graph.alt"));
  return cy;
}

export function legendHtml() {
  return ["team", "capability", "hazard", "plan"].map((k) =>
    `<span><span class="dot" style="background:${COLORS[k]}"></span>${t(`graph.${k}`)}</span>`).join("");
}
