package server_test

import (
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

func TestCurrentStageAndHistory(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($id: ID!) { account(id: $id) {
  currentStage { key name order description }
  stageHistory { id stage { key } fromStage { key } at source triggeredBy { id type { key } } }
} }`
	tests := []struct{ id, want string }{
		// Stored out of order; listed oldest first; the current stage is the latest's.
		{"acc-1", `{"account":{"currentStage":{"key":"customer","name":"Customer (closed won)","order":8,"description":"The contract is signed."},
		  "stageHistory":[
		    {"id":"acc-1|lead|2025-12-01T00:00:00Z","stage":{"key":"lead"},"fromStage":null,"at":"2025-12-01T00:00:00Z","source":"hubspot","triggeredBy":null},
		    {"id":"acc-1|opportunity|2026-01-06T00:00:00Z","stage":{"key":"opportunity"},"fromStage":{"key":"lead"},"at":"2026-01-06T00:00:00Z","source":"salesforce","triggeredBy":{"id":"crm:2","type":{"key":"sales_email"}}},
		    {"id":"acc-1|customer|2026-02-02T00:00:00Z","stage":{"key":"customer"},"fromStage":{"key":"opportunity"},"at":"2026-02-02T00:00:00Z","source":"salesforce","triggeredBy":{"id":"erp:1","type":{"key":"invoice"}}}]}}`},
		{"acc-2", `{"account":{"currentStage":{"key":"opportunity","name":"Opportunity","order":6,"description":"An active deal."},
		  "stageHistory":[{"id":"acc-2|opportunity|2026-01-08T00:00:00Z","stage":{"key":"opportunity"},"fromStage":null,"at":"2026-01-08T00:00:00Z","source":null,"triggeredBy":null}]}}`},
		{"acc-3", `{"account":{"currentStage":null,"stageHistory":[]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			res := api.Do(t, q, map[string]any{"id": tt.id})
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			apitest.ExpectJSON(t, res.Data, tt.want)
		})
	}
}
