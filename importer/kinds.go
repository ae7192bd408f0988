package importer

import (
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// crm-activities: a Salesforce Task/Event export (Data Loader, Data Export
// or an activities report).
var crmActivities = (&Mapping{
	Kind:   "crm-activities",
	Source: "salesforce_sales_cloud",
	Title:  "CRM activities (Salesforce Task/Event export)",
	Description: "One row per logged activity (task or event). The type comes from `Type`, else `TaskSubtype`/`EventSubtype`, " +
		"else the first words of `Subject` (\"Call with Ada\", \"Email: pricing\").",
	IDNote: "`Id`",
	Columns: []Column{
		{Name: "Id", Aliases: []string{"Activity ID", "Task ID", "Event ID"}, Required: true, Meaning: "external id"},
		{Name: "ActivityDateTime", Aliases: []string{"StartDateTime", "Start"}, Group: "date", Meaning: "occurredAt (events)"},
		{Name: "ActivityDate", Aliases: []string{"Due Date", "Date"}, Group: "date", Meaning: "occurredAt when ActivityDateTime is empty"},
		{Name: "CreatedDate", Aliases: []string{"Created"}, Group: "date", Meaning: "occurredAt when both are empty"},
		{Name: "Type", Aliases: []string{"Activity Type"}, Group: "type", Keep: true, Meaning: "touchpoint type (table below)"},
		{Name: "Subtype", Aliases: []string{"TaskSubtype", "EventSubtype"}, Group: "type", Keep: true, Meaning: "touchpoint type when Type is empty or unmapped"},
		{Name: "Subject", Group: "type", Keep: true, Meaning: "touchpoint type from its first words when Type and Subtype do not map"},
		{Name: "CallType", Aliases: []string{"Direction", "Call Direction"}, Keep: true, Meaning: "`Inbound`/`Incoming` turns outbound_call/outbound_email into inbound_call/inbound_email"},
		{Name: "AccountId", Aliases: []string{"Account ID", "Account External ID"}, Meaning: "accountId"},
		{Name: "WhoId", Aliases: []string{"ContactId", "Contact ID", "Who ID"}, Meaning: "contactId"},
		{Name: "Email", Aliases: []string{"Contact Email", "Email Address", "Who Email"}, Meaning: "contactEmail: the contact with this email"},
	},
	TypeColumn: "Type",
	TypeRules: []TypeRule{
		{Values: []string{"Call", "Phone Call", "Log a Call", "Cadence Call"}, Type: "outbound_call", Note: "inbound_call when CallType is Inbound"},
		{Values: []string{"Outbound Call"}, Type: "outbound_call"},
		{Values: []string{"Inbound Call", "Incoming Call"}, Type: "inbound_call"},
		{Values: []string{"Email", "Send Email", "List Email", "ListEmail", "Email Sent", "LinkedIn"}, Type: "outbound_email", Note: "inbound_email when CallType is Inbound"},
		{Values: []string{"Outbound Email"}, Type: "outbound_email"},
		{Values: []string{"Inbound Email", "Email Received", "Incoming Email"}, Type: "inbound_email"},
		{Values: []string{"Meeting", "In-Person Meeting", "Event", "Visit", "Site Visit", "Onsite Meeting"}, Type: "in_person_meeting"},
		{Values: []string{"Demo", "Product Demo", "Demonstration"}, Type: "demo"},
		{Values: []string{"Proposal", "Quote Sent"}, Type: "proposal"},
		{Values: []string{"Follow-up", "Follow Up"}, Type: "sales_follow_up"},
		{Values: []string{"Referral"}, Type: "referral"},
		{Values: []string{"Networking Event"}, Type: "networking_event"},
	},
	convert: convertCRM,
}).init()

func convertCRM(c *rowContext) {
	id, ok := c.require("Id", "")
	if !ok {
		return
	}
	when, whenCol := c.first("ActivityDateTime", "ActivityDate", "CreatedDate")
	typ, typCol := "", "Type"
	for _, col := range []string{"Type", "Subtype"} {
		if t, ok := c.b.m.TypeOf(c.get(col)); ok {
			typ, typCol = t, col
			break
		}
	}
	if typ == "" {
		if t, ok := c.subjectType(c.get("Subject")); ok {
			typ, typCol = t, "Subject"
		}
	}
	if d := typeKey(c.get("CallType")); d == "inbound" || d == "incoming" {
		switch typ {
		case "outbound_call":
			typ = "inbound_call"
		case "outbound_email":
			typ = "inbound_email"
		}
	}
	bad := false
	var at time.Time
	if when == "" {
		c.fail("ActivityDate", id, ReasonMissingValue, "ActivityDateTime, ActivityDate and CreatedDate are all empty")
		bad = true
	} else if at, ok = c.time(whenCol, when, id); !ok {
		bad = true
	}
	if typ == "" {
		c.fail("Type", id, ReasonUnmappedType, "activity type %q (subtype %q, subject %q) maps to no touchpoint type; see the crm-activities table in docs/import.md",
			c.get("Type"), c.get("Subtype"), truncate(c.get("Subject"), 60))
		bad = true
	}
	if bad {
		return
	}
	c.emit(journey.TouchpointInput{
		Source: c.b.m.Source, ExternalID: id, TypeKey: typ, OccurredAt: at,
		AccountID: c.optional("AccountId"), ContactID: c.optional("WhoId"), ContactEmail: c.optional("Email"),
		Attributes: c.attributes(),
	}, origin{externalID: c.b.headerOf("Id"), typ: c.b.headerOf(typCol), occurredAt: c.b.headerOf(whenCol),
		account: c.b.headerOf("AccountId"), contact: c.b.headerOf("WhoId"), email: c.b.headerOf("Email")})
}

// subjectType maps the first one to three words of a subject ("Call with
// Ada", "Email: pricing", "Product demo for Acme"), longest match first.
func (c *rowContext) subjectType(subject string) (string, bool) {
	words := strings.FieldsFunc(typeKey(subject), func(r rune) bool { return r == ' ' || r == ':' || r == '-' || r == '/' })
	for n := min(3, len(words)); n > 0; n-- {
		if t, ok := c.b.m.types[strings.Join(words[:n], " ")]; ok {
			return t, true
		}
	}
	return "", false
}

// erp-invoices: an ERP transaction export (e.g. a NetSuite saved search on
// transactions with Main Line = true: one row per document).
var erpInvoices = (&Mapping{
	Kind:   "erp-invoices",
	Source: "netsuite",
	Title:  "ERP invoices and contracts (NetSuite transaction export)",
	Description: "One row per document (in NetSuite: a transaction saved search with Main Line = true). Email columns are kept " +
		"as attributes, not used as the contact: billing addresses are rarely buying-committee contacts.",
	IDNote: "`<touchpoint type>/<DocumentNumber>`, e.g. `invoice/INV-1001`: ERPs number each document type separately",
	Columns: []Column{
		{Name: "DocumentNumber", Aliases: []string{"Document No", "Invoice Number", "Tran ID", "Transaction Number", "Number"}, Required: true, Meaning: "external id (with the type)"},
		{Name: "DocumentType", Aliases: []string{"Type", "Transaction Type", "Doc Type"}, Required: true, Keep: true, Meaning: "touchpoint type (table below)"},
		{Name: "Date", Aliases: []string{"Transaction Date", "TranDate", "Document Date", "Invoice Date", "Posting Date"}, Required: true, Meaning: "occurredAt"},
		{Name: "CustomerId", Aliases: []string{"Customer ID", "Customer External ID", "Customer Number", "Entity ID", "AccountId", "Account ID"}, Required: true, Meaning: "accountId"},
		{Name: "Amount", Aliases: []string{"Total", "Amount Total"}, Meaning: "value ('.' decimals, no thousands separators; the currency column stays an attribute)"},
	},
	TypeColumn: "DocumentType",
	TypeRules: []TypeRule{
		{Values: []string{"Invoice", "Inv", "CustInvc", "Customer Invoice", "Sales Invoice"}, Type: "invoice"},
		{Values: []string{"CreditNote", "Credit Note", "Credit Memo", "CustCred", "Refund", "Customer Refund", "CustRfnd"}, Type: "refund"},
		{Values: []string{"PurchaseOrder", "Purchase Order", "PO", "Customer PO", "Sales Order", "SalesOrd"}, Type: "purchase_order"},
		{Values: []string{"Contract", "Contract Signature", "Signed Contract", "Agreement"}, Type: "contract_signature"},
		{Values: []string{"Renewal", "Contract Renewal"}, Type: "renewal"},
		{Values: []string{"Cancellation", "Termination", "Contract Cancellation"}, Type: "cancellation"},
		{Values: []string{"Upsell", "Expansion"}, Type: "upsell"},
		{Values: []string{"Cross-sell", "CrossSell"}, Type: "cross_sell"},
		{Values: []string{"Statement", "Billing Statement"}, Type: "billing_statement"},
	},
	convert: convertERP,
}).init()

func convertERP(c *rowContext) {
	num, ok := c.require("DocumentNumber", "")
	if !ok {
		return
	}
	bad := false
	docType, ok := c.require("DocumentType", num)
	bad = bad || !ok
	typ, known := c.b.m.TypeOf(docType)
	if ok && !known {
		c.fail("DocumentType", num, ReasonUnmappedType, "document type %q maps to no touchpoint type; see the erp-invoices table in docs/import.md", docType)
		bad = true
	}
	var at time.Time
	if v, ok := c.require("Date", num); !ok {
		bad = true
	} else if at, ok = c.time("Date", v, num); !ok {
		bad = true
	}
	customer, ok := c.require("CustomerId", num)
	bad = bad || !ok
	var value *float64
	if v := c.get("Amount"); v != "" {
		f, err := parseAmount(v)
		if err != nil {
			c.fail("Amount", num, ReasonBadAmount, "%q is not an amount; use '.' for decimals and no thousands separators (1234.50)", v)
			bad = true
		}
		value = &f
	}
	if bad {
		return
	}
	c.emit(journey.TouchpointInput{
		Source: c.b.m.Source, ExternalID: typ + "/" + num, TypeKey: typ, OccurredAt: at,
		AccountID: &customer, Value: value, Attributes: c.attributes(),
	}, origin{externalID: c.b.headerOf("DocumentNumber"), typ: c.b.headerOf("DocumentType"), occurredAt: c.b.headerOf("Date"),
		account: c.b.headerOf("CustomerId"), value: c.b.headerOf("Amount")})
}

// marketing-activity: a marketing-automation activity export (HubSpot
// contact activity / Marketo activity log).
var marketingActivity = (&Mapping{
	Kind:   "marketing-activity",
	Source: "hubspot_marketing_hub",
	Title:  "Marketing-automation activity (HubSpot / Marketo activity export)",
	Description: "One row per activity of a person. Marketing platforms know people by email: `Email` is usually the only " +
		"identity, and the touchpoint goes to the account of the contact with that email.",
	IDNote: "`ActivityId`",
	Columns: []Column{
		{Name: "ActivityId", Aliases: []string{"Activity ID", "Event ID", "Marketo GUID", "Id"}, Required: true, Meaning: "external id"},
		{Name: "ActivityType", Aliases: []string{"Activity Type Name", "Event Type", "Type"}, Required: true, Keep: true, Meaning: "touchpoint type (table below)"},
		{Name: "Timestamp", Aliases: []string{"Activity Date", "Event Date", "Occurred At", "Date", "Created At"}, Required: true, Meaning: "occurredAt"},
		{Name: "Email", Aliases: []string{"Email Address", "Contact Email", "Lead Email", "Recipient"}, Meaning: "contactEmail: the contact with this email (and its account)"},
		{Name: "AccountId", Aliases: []string{"Account ID", "CRM Account ID", "Company ID"}, Meaning: "accountId (optional; must be the contact's account)"},
	},
	TypeColumn: "ActivityType",
	TypeRules: []TypeRule{
		{Values: []string{"Email Open", "Open Email", "Email Opened", "Opened"}, Type: "email_open"},
		{Values: []string{"Email Click", "Click Email", "Click Link in Email", "Email Clicked", "Clicked"}, Type: "email_click"},
		{Values: []string{"Email Sent", "Send Email", "Email Delivered", "Nurture Email"}, Type: "nurture_email"},
		{Values: []string{"Form Fill", "Fill Out Form", "Form Submission", "Form Submitted", "Contact Us"}, Type: "contact_us_form"},
		{Values: []string{"Webinar Attended", "Webinar Attendance", "Attended Webinar"}, Type: "webinar_attendance"},
		{Values: []string{"Content Download", "Download", "Asset Download", "File Download"}, Type: "content_download"},
		{Values: []string{"Whitepaper Download"}, Type: "whitepaper_download"},
		{Values: []string{"Page View", "Visit Web Page", "Website Visit", "Web Visit"}, Type: "website_visit"},
		{Values: []string{"Blog Visit", "Blog View", "Blog Post View"}, Type: "blog_visit"},
		{Values: []string{"Ad Click", "Click Ad", "Digital Ad Click", "Paid Ad Click"}, Type: "digital_ad_click"},
		{Values: []string{"Remarketing Ad Click", "Retargeting Ad Click"}, Type: "remarketing_ad_click"},
		{Values: []string{"Survey Completed", "Survey Completion", "Survey Response"}, Type: "survey_completion"},
		{Values: []string{"Newsletter Signup", "Newsletter Subscription", "Subscribe"}, Type: "newsletter_signup"},
		{Values: []string{"Search Click", "Organic Search Click"}, Type: "search_result_click"},
		{Values: []string{"SMS Sent", "Text Message"}, Type: "text_message"},
	},
	convert: convertMarketing,
}).init()

func convertMarketing(c *rowContext) {
	id, ok := c.require("ActivityId", "")
	if !ok {
		return
	}
	bad := false
	activity, ok := c.require("ActivityType", id)
	bad = bad || !ok
	typ, known := c.b.m.TypeOf(activity)
	if ok && !known {
		c.fail("ActivityType", id, ReasonUnmappedType, "activity type %q maps to no touchpoint type; see the marketing-activity table in docs/import.md", activity)
		bad = true
	}
	var at time.Time
	if v, ok := c.require("Timestamp", id); !ok {
		bad = true
	} else if at, ok = c.time("Timestamp", v, id); !ok {
		bad = true
	}
	if bad {
		return
	}
	c.emit(journey.TouchpointInput{
		Source: c.b.m.Source, ExternalID: id, TypeKey: typ, OccurredAt: at,
		AccountID: c.optional("AccountId"), ContactEmail: c.optional("Email"), Attributes: c.attributes(),
	}, origin{externalID: c.b.headerOf("ActivityId"), typ: c.b.headerOf("ActivityType"), occurredAt: c.b.headerOf("Timestamp"),
		account: c.b.headerOf("AccountId"), contact: c.b.headerOf("Email"), email: c.b.headerOf("Email")})
}

// support-tickets: a help-desk ticket export (Zendesk's CSV export: one row
// per ticket).
var supportTickets = (&Mapping{
	Kind:   "support-tickets",
	Source: "zendesk_suite",
	Title:  "Support tickets (Zendesk ticket export)",
	Description: "One row per ticket, giving up to two touchpoints: its opening at `CreatedAt` and, once `SolvedAt` is set, " +
		"its closing. Re-importing a later export of the same tickets adds the closings of tickets solved since.",
	IDNote: "`<TicketId>/opened` and `<TicketId>/solved`",
	Columns: []Column{
		{Name: "TicketId", Aliases: []string{"Id", "Ticket ID", "Ticket Number"}, Required: true, Meaning: "external id (with /opened or /solved)"},
		{Name: "CreatedAt", Aliases: []string{"Created", "Opened At", "Created Date"}, Required: true, Meaning: "occurredAt of the opening"},
		{Name: "SolvedAt", Aliases: []string{"Solved", "Closed At", "Resolved At"}, Meaning: "occurredAt of the closing (case_closed); empty while the ticket is open"},
		{Name: "Status", Keep: true, Meaning: "the ticket's status"},
		{Name: "Channel", Aliases: []string{"Via", "Source", "Ticket Channel"}, Keep: true, Meaning: "type of the opening (table below)"},
		{Name: "RequesterEmail", Aliases: []string{"Requester Email Address", "Email"}, Meaning: "contactEmail"},
		{Name: "OrganizationExternalId", Aliases: []string{"Organization External ID", "Org External ID", "AccountId", "Account ID"}, Meaning: "accountId"},
		{Name: "Satisfaction", Aliases: []string{"Satisfaction Score", "Satisfaction Rating", "CSAT"}, Keep: true, Meaning: "sentiment of the closing: Good → 1, Bad → -1, anything else none"},
	},
	TypeColumn: "Channel",
	TypeRules: []TypeRule{
		{Values: []string{"Phone", "Phone call", "Phone call (incoming)", "Phone call (outgoing)", "Voice", "Voicemail", "Call"}, Type: "support_call", Note: "the opening, at CreatedAt"},
		{Type: "case_opened", Note: "any other channel (web form, email, chat, API) or none: the opening, at CreatedAt"},
		{Type: "case_closed", Note: "a second touchpoint at SolvedAt when SolvedAt is set, whatever the channel"},
	},
	convert: convertTicket,
}).init()

func convertTicket(c *rowContext) {
	id, ok := c.require("TicketId", "")
	if !ok {
		return
	}
	openType, known := c.b.m.TypeOf(c.get("Channel"))
	if !known {
		openType = "case_opened"
	}
	account, email := c.optional("OrganizationExternalId"), c.optional("RequesterEmail")
	o := origin{externalID: c.b.headerOf("TicketId"), typ: c.b.headerOf("Channel"), occurredAt: c.b.headerOf("CreatedAt"),
		account: c.b.headerOf("OrganizationExternalId"), contact: c.b.headerOf("RequesterEmail"), email: c.b.headerOf("RequesterEmail"), sentiment: c.b.headerOf("Satisfaction")}
	if v, ok := c.require("CreatedAt", id+"/opened"); ok {
		if at, ok := c.time("CreatedAt", v, id+"/opened"); ok {
			c.emit(journey.TouchpointInput{
				Source: c.b.m.Source, ExternalID: id + "/opened", TypeKey: openType, OccurredAt: at,
				AccountID: account, ContactEmail: email, Attributes: c.attributes(),
			}, o)
		}
	}
	solved := c.get("SolvedAt")
	if solved == "" {
		return
	}
	at, ok := c.time("SolvedAt", solved, id+"/solved")
	if !ok {
		return
	}
	var sentiment *float64
	switch s := typeKey(c.get("Satisfaction")); {
	case strings.HasPrefix(s, "good"):
		sentiment = ptr(1.0)
	case strings.HasPrefix(s, "bad"):
		sentiment = ptr(-1.0)
	}
	o.typ, o.occurredAt = "", c.b.headerOf("SolvedAt")
	c.emit(journey.TouchpointInput{
		Source: c.b.m.Source, ExternalID: id + "/solved", TypeKey: "case_closed", OccurredAt: at,
		AccountID: account, ContactEmail: email, Sentiment: sentiment, Attributes: c.attributes(),
	}, o)
}

func ptr[T any](v T) *T { return &v }
