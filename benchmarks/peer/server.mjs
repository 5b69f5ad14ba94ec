// The peer of benchmarks/bench_lists.py: the Neo4j GraphQL Library (@neo4j/graphql 7.6)
// behind a minimal Apollo server, with type definitions for EMKG's Team/Capability/Equipment
// model, on the same database. Not part of `make test`.
//
//   NEO4J_URI=neo4j://127.0.0.1:7751 NEO4J_PASSWORD=... PORT=4100 node server.mjs
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Team @node {
    id: ID!
    nameZh: String
    nameEn: String
    status: String
    mobility: String
    adminLevel: String
    readinessMinutes: Int
    headcount: Int
    retired: Boolean
    location: Point
    capabilities: [Capability!]!
      @relationship(type: "HAS_CAPABILITY", direction: OUT, properties: "HasCapability")
    equipment: [Equipment!]! @relationship(type: "HAS_EQUIPMENT", direction: OUT)
  }
  type HasCapability @relationshipProperties {
    level: Int
  }
  type Capability @node {
    id: ID!
    nameZh: String
    nameEn: String
  }
  type Equipment @node {
    id: ID!
    nameZh: String
    nameEn: String
    quantity: Int
    status: String
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI ?? "neo4j://127.0.0.1:7687",
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? "")
);
const database = process.env.NEO4J_DATABASE ?? "neo4j";
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 4100), host: "127.0.0.1" },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer: @neo4j/graphql serving at ${url}`);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
