package server_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The local Neo4j that scripts/neo4j.sh configures (the tests' own, like
// `make run`'s) lets Neo4j Browser fetch the guide and the style from the
// API's host: Browser allows a URL whose hostname (or protocol and hostname)
// is in browser.remote_content_hostname_whitelist.
func TestLocalNeo4jAllowsTheGuideHost(t *testing.T) {
	api, _ := guideAPI(t)
	rows := api.Query(`SHOW SETTINGS YIELD name, value WHERE name = 'browser.remote_content_hostname_whitelist' RETURN value`, nil)
	if len(rows) != 1 {
		t.Fatalf("%d rows for the setting", len(rows))
	}
	value := rows[0]["value"].(string)
	if value != "guides.neo4j.com,localhost,127.0.0.1" {
		t.Errorf("browser.remote_content_hostname_whitelist = %q", value)
	}
	allowed := strings.Split(value, ",")
	for _, guideURL := range []string{"http://127.0.0.1:8080/guide/", "http://localhost:8080/guide/journeygraph.grass"} {
		u, _ := url.Parse(guideURL)
		if !slices.Contains(allowed, u.Hostname()) && !slices.Contains(allowed, u.Scheme+"://"+u.Hostname()) {
			t.Errorf("Neo4j Browser would refuse %s", guideURL)
		}
	}
}
