// graphql-inspector rule: breaking changes declared in api/schema-changes.json pass.
// Each declaration names the change's path (as graphql-inspector reports it, e.g.
// "Query.team") and why it is intended; any other breaking change still fails.
const fs = require("fs");
const path = require("path");

const declared = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "api", "schema-changes.json"), "utf8"),
).breaking;
const allowed = new Set(declared.map((d) => d.path));

module.exports = function declaredChanges({ changes }) {
  return changes.map((change) =>
    change.criticality.level === "BREAKING" && allowed.has(change.path)
      ? { ...change, criticality: { ...change.criticality, level: "DANGEROUS", reason: "declared in api/schema-changes.json" } }
      : change,
  );
};
