package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// rawHTTPCypher is raw.cypher with occurredAt sent as RFC 3339 text (JSON
// has no datetime) and converted by the server.
var rawHTTPCypher = strings.Replace(rawCypher, "occurredAt: $occurredAts[i]", "occurredAt: datetime($occurredAts[i])", 1)

// rawUnwindHTTP creates tps by raw.cypher in transactions of batch through
// Neo4j's HTTP API (one auto-committed request per batch) at NEO4J_HTTP_URL.
func rawUnwindHTTP(ctx context.Context, password string, tps []journey.TouchpointInput, batch int) error {
	base := os.Getenv("NEO4J_HTTP_URL")
	if base == "" {
		return fmt.Errorf("NEO4J_HTTP_URL is not set")
	}
	if rawHTTPCypher == rawCypher {
		return fmt.Errorf("raw.cypher no longer sets occurredAt from $occurredAts[i]")
	}
	at := func(t journey.TouchpointInput) any { return t.OccurredAt.Format(time.RFC3339Nano) }
	return inBatches(tps, batch, at, func(params map[string]any) error {
		body, err := json.Marshal(map[string]any{"statements": []any{map[string]any{"statement": rawHTTPCypher, "parameters": params}}})
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/db/neo4j/tx/commit", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.SetBasicAuth("neo4j", password)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var out struct {
			Errors []struct{ Code, Message string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return fmt.Errorf("HTTP API: %s: %w", resp.Status, err)
		}
		if len(out.Errors) > 0 {
			return fmt.Errorf("HTTP API: %s: %s", out.Errors[0].Code, out.Errors[0].Message)
		}
		return nil
	})
}
