// @neo4j/graphql on Apollo Server, serving typeDefs.graphql over the Neo4j at
// NEO4J_URI on 127.0.0.1:PORT, for scripts/bench-peer.sh. Read-only use:
// the benchmark sends queries only.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic("neo4j", process.env.NEO4J_PASSWORD));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT) },
  context: async () => ({ sessionConfig: { database: "neo4j" } }),
});
console.log(`peer serving at ${url}`);
