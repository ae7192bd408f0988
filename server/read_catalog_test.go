package server_test

import (
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

func TestTouchpointTypesCatalog(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($category: TouchpointCategory, $phase: PurchasePhase) { touchpointTypes(category: $category, phase: $phase) { key } }`
	keys := func(ks ...string) string {
		out := `{"touchpointTypes":[`
		for i, k := range ks {
			if i > 0 {
				out += ","
			}
			out += `{"key":"` + k + `"}`
		}
		return out + "]}"
	}
	tests := []struct {
		name string
		vars map[string]any
		want string
	}{
		// Categories in the order SALES, FINANCE, SOCIAL, MARKETING, SUPPORT, PRODUCT; then by name.
		{"all", nil, keys("demo", "sales_email", "invoice", "webinar_attendance", "website_visit", "product_login")},
		{"category", map[string]any{"category": "MARKETING"}, keys("webinar_attendance", "website_visit")},
		{"phase", map[string]any{"phase": "BEFORE_PURCHASE"}, keys("sales_email", "webinar_attendance", "website_visit")},
		{"both", map[string]any{"category": "SALES", "phase": "DURING_PURCHASE"}, keys("demo")},
		{"category without types", map[string]any{"category": "SOCIAL"}, keys()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, q, tt.vars)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			apitest.ExpectJSON(t, res.Data, tt.want)
		})
	}

	res := api.Do(t, `{ touchpointTypes(category: FINANCE) {
  key name category phase sourceSystem core40 description channel { key name } owner { key name } capturedBy { key }
} sales: touchpointTypes(category: SALES) { key capturedBy { key name vendor { key name } } } }`, nil)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	apitest.ExpectJSON(t, res.Data, `{
  "touchpointTypes":[{"key":"invoice","name":"Invoice","category":"FINANCE","phase":"AFTER_PURCHASE","sourceSystem":"ERP_FINANCE","core40":true,
    "description":"An invoice is sent.","channel":{"key":"billing","name":"Billing and payments"},"owner":{"key":"finance","name":"Finance"},"capturedBy":[]}],
  "sales":[
    {"key":"demo","capturedBy":[{"key":"sales_cloud","name":"Sales Cloud","vendor":{"key":"salesforce","name":"Salesforce"}}]},
    {"key":"sales_email","capturedBy":[
      {"key":"hubspot_marketing","name":"Marketing Hub","vendor":{"key":"hubspot","name":"HubSpot"}},
      {"key":"sales_cloud","name":"Sales Cloud","vendor":{"key":"salesforce","name":"Salesforce"}}]}]}`)
}

func TestStagesDepartmentsChannelsTechnologies(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	res := api.Do(t, `{
  stages { key name order }
  departments { key name touchpointTypes { key } }
  channels { key name touchpointTypes { key } }
  technologies { key name category vendor { key name technologies { key } } captures { key } }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	apitest.ExpectJSON(t, res.Data, `{
  "stages":[{"key":"lead","name":"Lead","order":1},{"key":"mql","name":"Marketing qualified lead","order":4},
    {"key":"opportunity","name":"Opportunity","order":6},{"key":"customer","name":"Customer (closed won)","order":8}],
  "departments":[
    {"key":"finance","name":"Finance","touchpointTypes":[{"key":"invoice"}]},
    {"key":"marketing","name":"Marketing","touchpointTypes":[{"key":"webinar_attendance"},{"key":"website_visit"}]},
    {"key":"product","name":"Product","touchpointTypes":[{"key":"product_login"}]},
    {"key":"sales","name":"Sales","touchpointTypes":[{"key":"demo"},{"key":"sales_email"}]}],
  "channels":[
    {"key":"billing","name":"Billing and payments","touchpointTypes":[{"key":"invoice"}]},
    {"key":"email","name":"Email","touchpointTypes":[{"key":"sales_email"}]},
    {"key":"online_meeting","name":"Online meeting","touchpointTypes":[{"key":"demo"}]},
    {"key":"website","name":"Website","touchpointTypes":[{"key":"webinar_attendance"},{"key":"website_visit"},{"key":"product_login"}]}],
  "technologies":[
    {"key":"hubspot_marketing","name":"Marketing Hub","category":"MARKETING_AUTOMATION",
     "vendor":{"key":"hubspot","name":"HubSpot","technologies":[{"key":"hubspot_marketing"}]},
     "captures":[{"key":"sales_email"},{"key":"webinar_attendance"},{"key":"website_visit"}]},
    {"key":"sales_cloud","name":"Sales Cloud","category":"CRM",
     "vendor":{"key":"salesforce","name":"Salesforce","technologies":[{"key":"sales_cloud"}]},
     "captures":[{"key":"demo"},{"key":"sales_email"}]}]}`)
}

// The catalog is read once per request, whatever asks for it.
func TestCatalogIsReadOncePerRequest(t *testing.T) {
	counter := newQueryCounter()
	api := apitest.New(t, counter.observe)
	seedFixture(t, api)
	counter.reset()
	api.MustDo(t, `{
  departments { touchpointTypes { key channel { key } owner { key } capturedBy { key vendor { key } } } }
  channels { touchpointTypes { key } }
  technologies { captures { key } }
  stages { key }
  account(id: "acc-1") { stageHistory { stage { key } fromStage { key } } }
}`, nil, nil)
	want := []string{"accounts_by_id", "channels", "departments", "stage_history_by_account", "stages", "technologies", "touchpoint_types", "vendors"}
	if got := counter.names(); !equalStrings(got, want) {
		t.Errorf("queries = %v, want each once: %v", got, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
