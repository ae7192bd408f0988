module github.com/journeygraph/journeygraph

go 1.26.8

require github.com/neo4j/neo4j-go-driver/v5 v5.28.4 // indirect
