// Package journey holds JourneyGraph's domain types: plain structs for the
// nodes of the journey graph and the error codes every layer speaks. It has no
// dependency on Neo4j or GraphQL, so the store, loaders and resolvers can share
// these types without leaking driver or transport details upward.
package journey
