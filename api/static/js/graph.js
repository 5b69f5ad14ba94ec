// The explanation graph for one team: team -> capability -> hazard -> plan (Cytoscape.js).
// Built from the server's explanation subgraph when it sends one, otherwise from the
// recommendation itself (what the team covers, which hazards need it, which plans apply).
import cytoscape from "../vendor/cytoscape/cytoscape.esm.min.js";
import { t, nameOf } from "./i18n.js";
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

export function drawExplanation(container, graph) {
  if (cy) cy.destroy();
  cy = cytoscape({
    container,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label || n.id, kind: n.kind } })),
      ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, label: e.label || e.type || "" } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 120,
        "text-valign": "bottom", "text-margin-y": 4, "text-background-color": "#fff", "text-background-opacity": 0.85, width: 18, height: 18, color: "#1c2630",
        "background-color": (n) => COLORS[n.data("kind")] || COLORS.other } },
      { selector: "edge", style: { width: 1.5, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 9, color: "#5b6875",
        "text-background-color": "#fff", "text-background-opacity": 0.85, "text-rotation": "autorotate" } },
    ],
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.1, padding: 12 },
    userZoomingEnabled: true, wheelSensitivity: 0.3, minZoom: 0.3, maxZoom: 1.3,
  });
  container.dataset.nodes = String(graph.nodes.length);
  return cy;
}

export function legendHtml() {
  return ["team", "capability", "hazard", "plan"].map((k) =>
    `<span><span class="dot" style="background:${COLORS[k]}"></span>${t(`graph.${k}`)}</span>`).join("");
}
