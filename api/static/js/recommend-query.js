// Builds the recommendForces query from what this server's schema offers: the fixed
// contract (DESIGN.md) always, the optional parts (plans, experts, equipment, gap fill-ins,
// explanation) when the schema has them. Introspection off (production) -> the contract.
import { fieldsOf } from "./api.js";

const CONCEPT = "id name nameZh nameEn";
const CORE = {
  hazards: `hazards { hazard { ${CONCEPT} } confidence via }`,
  requiredCapabilities: `requiredCapabilities { capability { ${CONCEPT} } weight sources }`,
};
const CONTRACT_OPTIONAL = {
  plans: `plans { plan { id name } reason }`,
  experts: `experts { expert { id name } score reasons }`,
};
const MAX_DEPTH = 2;  // nested objects two levels down give their scalars only
// Catalog types a recommendation links to (and the typed gap list, the same as `gaps`):
// the page shows the recommendation's own summaries, so it does not follow them.
const NOT_FOLLOWED = new Set(["HazardType", "Capability", "Plan", "Expert", "Equipment", "CapabilityGap", "AuditConnection"]);
// A structured reason, at any depth: the UI renders it in its language (reasons.js).
const REASON = `code text params { name kind value number text concepts { ${CONCEPT} } }`;

async function selection(typeName, depth, seen = new Set()) {
  const fields = await fieldsOf(typeName);
  if (!fields) return null;
  const parts = [];
  for (const f of fields) {
    if (f.type.kind === "SCALAR" || f.type.kind === "ENUM") { parts.push(f.name); continue; }
    if (f.type.kind === "OBJECT" && f.type.name === "Reason") { parts.push(`${f.name} { ${REASON} }`); continue; }
    if (f.type.kind !== "OBJECT" || depth >= MAX_DEPTH || seen.has(f.type.name) || NOT_FOLLOWED.has(f.type.name)) continue;
    const inner = await selection(f.type.name, depth + 1, new Set([...seen, typeName]));
    if (inner) parts.push(`${f.name} { ${inner} }`);
  }
  return parts.join(" ");
}

const TEAM_FIELDS = ["id", "name", "nameZh", "nameEn", "status", "mobility", "adminLevel",
  "readinessMinutes", "headcount"];

// A team: its scalars, its location and its type; not its equipment or capability lists,
// which the recommendation already summarises (and which would cost a query each).
async function teamSelection() {
  const team = await fieldsOf("Team");
  const have = team ? new Set(team.map((f) => f.name)) : null;
  const scalars = TEAM_FIELDS.filter((f) => !have || have.has(f));
  const teamType = have?.has("teamType") ? ` teamType { ${CONCEPT} }` : "";
  const base = `team { ${scalars.join(" ")} location { latitude longitude }${teamType} }
    score distanceKm etaMinutes covers { ${CONCEPT} } reasons`;
  const rec = await fieldsOf("TeamRecommendation");
  if (!rec) return base;
  const extras = [];
  for (const f of rec) {
    if (["team", "score", "distanceKm", "etaMinutes", "covers", "reasons"].includes(f.name)) continue;
    if (f.type.kind === "OBJECT" && f.type.name === "Reason") {
      extras.push(`${f.name} { ${REASON} }`);
    } else if (f.type.kind === "OBJECT") {
      if (NOT_FOLLOWED.has(f.type.name)) continue;
      const inner = await selection(f.type.name, 1);
      if (inner) extras.push(`${f.name} { ${inner} }`);
    } else {
      extras.push(f.name);
    }
  }
  return `${base} ${extras.join(" ")}`;
}

/** The contract's core alone: what every server has (used if the fuller query is refused). */
export async function coreQuery() {
  const tr = `team { id name nameZh nameEn status mobility adminLevel readinessMinutes location { latitude longitude } }
    score distanceKm etaMinutes covers { ${CONCEPT} } reasons`;
  return `query Recommend($scenario: ScenarioInput!) { recommendForces(scenario: $scenario) {
    ${CORE.hazards} ${CORE.requiredCapabilities} forcePackage { ${tr} } candidates { ${tr} }
    gaps { capability { ${CONCEPT} } weight sources limitedBy units unitsProvided busyTeams excludedTeams } } }`;
}

/** The query text, built once per page load. */
let cached;
export async function recommendQuery() {
  if (cached) return cached;
  const fields = await fieldsOf("ForceRecommendation");
  const tr = await teamSelection();
  const hazardSel = fields ? await selection(fields.find((f) => f.name === "hazards").type.name, 0) : null;
  const parts = [hazardSel ? `hazards { ${hazardSel} }` : CORE.hazards, CORE.requiredCapabilities,
    `forcePackage { ${tr} }`, `candidates { ${tr} }`];
  const gapSel = fields ? await selection(fields.find((f) => f.name === "gaps").type.name, 0) : null;
  parts.push(`gaps { ${gapSel || `capability { ${CONCEPT} } weight sources limitedBy units unitsProvided`} }`);
  if (fields) {
    for (const f of fields) {
      if (["hazards", "requiredCapabilities", "forcePackage", "candidates", "gaps"].includes(f.name)) continue;
      if (f.type.kind === "OBJECT") {
        if (NOT_FOLLOWED.has(f.type.name)) continue;
        const inner = await selection(f.type.name, 0);
        if (inner) parts.push(`${f.name} { ${inner} }`);
      } else {
        parts.push(f.name);
      }
    }
  } else {
    parts.push(CONTRACT_OPTIONAL.plans, CONTRACT_OPTIONAL.experts);
  }
  cached = `query Recommend($scenario: ScenarioInput!) { recommendForces(scenario: $scenario) { ${parts.join("\n")} } }`;
  return cached;
}
