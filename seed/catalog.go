// Package seed holds JourneyGraph's reference data (the touchpoint catalog,
// lifecycle stages, departments, channels, a demo technology stack) and the
// deterministic synthetic journey generator used for demos and benchmarks.
package seed

import (
	"github.com/journeygraph/journeygraph/journey"
)

// Departments own touchpoint types ("departments, regions and people
// responsible for the delivery of the customer experience at each touchpoint").
var Departments = []journey.Department{
	{Key: "sales", Name: "Sales"},
	{Key: "marketing", Name: "Marketing"},
	{Key: "finance", Name: "Finance"},
	{Key: "customer_success", Name: "Customer Success"},
	{Key: "support", Name: "Support"},
	{Key: "product", Name: "Product"},
}

// Channels are the media touchpoints happen in: a touchpoint is a moment
// within a channel.
var Channels = []journey.Channel{
	{Key: "email", Name: "Email"},
	{Key: "phone", Name: "Phone"},
	{Key: "in_person", Name: "In person"},
	{Key: "online_meeting", Name: "Online meeting"},
	{Key: "website", Name: "Website"},
	{Key: "social_media", Name: "Social media"},
	{Key: "webinar", Name: "Webinar"},
	{Key: "event", Name: "Events and conferences"},
	{Key: "advertising", Name: "Digital advertising"},
	{Key: "document", Name: "Documents and e-signature"},
	{Key: "billing", Name: "Billing and payments"},
	{Key: "support_portal", Name: "Support portal"},
	{Key: "in_product", Name: "In product"},
	{Key: "mobile", Name: "Mobile messaging"},
	{Key: "postal_mail", Name: "Postal mail"},
}

// Stages is the lifecycle in its designed order, from the first lead stages
// through the customer lifecycle to churn and advocacy.
var Stages = []journey.Stage{
	{Key: "lead", Name: "Lead", Order: 1, Description: "A person or account has identified itself, e.g. through a form or an event list."},
	{Key: "prospect_1", Name: "Prospect stage 1", Order: 2, Description: "Engaged with content; fits the target profile."},
	{Key: "prospect_2", Name: "Prospect stage 2", Order: 3, Description: "Repeated engagement; several contacts of the account active."},
	{Key: "mql", Name: "Marketing qualified lead", Order: 4, Description: "Marketing judges the account ready for sales follow-up."},
	{Key: "sql", Name: "Sales qualified lead", Order: 5, Description: "Sales has accepted and qualified the lead."},
	{Key: "opportunity", Name: "Opportunity", Order: 6, Description: "An active deal with a buying committee."},
	{Key: "quote", Name: "Quote", Order: 7, Description: "A proposal or quote has been issued."},
	{Key: "customer", Name: "Customer (closed won)", Order: 8, Description: "The contract is signed."},
	{Key: "onboarding", Name: "Onboarding", Order: 9, Description: "Users are being set up and trained."},
	{Key: "adoption", Name: "Adoption", Order: 10, Description: "The product is in regular use."},
	{Key: "renewal", Name: "Renewal", Order: 11, Description: "The contract is up for, or has reached, renewal."},
	{Key: "churn_risk", Name: "Churn risk", Order: 12, Description: "Usage or sentiment signals that the account may leave."},
	{Key: "churned", Name: "Churned", Order: 13, Description: "The customer cancelled or did not renew."},
	{Key: "advocate", Name: "Advocate", Order: 14, Description: "The customer recommends the company: reviews, referrals, case studies."},
}

func tp(key, name string, cat journey.Category, phase journey.Phase, src journey.SourceSystem, channel, dept string, core40 bool, desc string) journey.TouchpointType {
	return journey.TouchpointType{Key: key, Name: name, Category: cat, Phase: phase, SourceSystem: src,
		ChannelKey: channel, DepartmentKey: dept, Core40: core40, Description: desc}
}

const (
	sales     = journey.CategorySales
	finance   = journey.CategoryFinance
	social    = journey.CategorySocial
	marketing = journey.CategoryMarketing
	support   = journey.CategorySupport
	product   = journey.CategoryProduct

	before = journey.PhaseBeforePurchase
	during = journey.PhaseDuringPurchase
	after  = journey.PhaseAfterPurchase

	crm     = journey.SourceCRM
	erp     = journey.SourceERPFinance
	socialP = journey.SourceSocialPlatform
	mapP    = journey.SourceMarketingAutomation
	webinar = journey.SourceWebinarPlatform
	esp     = journey.SourceEmailService
	desk    = journey.SourceSupportDesk
	prod    = journey.SourceProduct
)

// TouchpointTypes is the catalog: first the 40 touchpoints of the B2B list in
// its six categories (inbound and outbound emails and calls separately), then
// the B2B-relevant touchpoints of the before/during/after-purchase list.
var TouchpointTypes = []journey.TouchpointType{
	// Sales: found in the CRM when the sales team logs its activities.
	tp("in_person_meeting", "In-person meeting", sales, during, crm, "in_person", "sales", true, "A face-to-face meeting with the account."),
	tp("proposal", "Proposal", sales, during, crm, "document", "sales", true, "A customised proposal sent to the account."),
	tp("inbound_email", "Inbound email", sales, during, crm, "email", "sales", true, "An email from the account to sales."),
	tp("outbound_email", "Outbound email", sales, before, crm, "email", "sales", true, "A sales email to the account."),
	tp("inbound_call", "Inbound call", sales, during, crm, "phone", "sales", true, "A call from the account to sales."),
	tp("outbound_call", "Outbound call", sales, before, crm, "phone", "sales", true, "A sales call to the account."),
	tp("demo", "Demo", sales, during, crm, "online_meeting", "sales", true, "A product demonstration."),
	// Finance: ERP, finance and accounting platforms (it must be there for revenue recognition).
	tp("contract_signature", "Contract signature", finance, during, erp, "document", "sales", true, "The account signs the contract."),
	tp("cancellation", "Cancellation", finance, after, erp, "document", "customer_success", true, "The account cancels its contract."),
	tp("purchase_order", "Purchase order", finance, during, erp, "billing", "finance", true, "The account issues a purchase order."),
	tp("renewal", "Renewal", finance, after, erp, "document", "customer_success", true, "The contract is renewed."),
	tp("upsell", "Upsell", finance, after, erp, "document", "sales", true, "The account buys more of what it has."),
	tp("cross_sell", "Cross-sell", finance, after, erp, "document", "sales", true, "The account buys another product."),
	tp("invoice", "Invoice", finance, after, erp, "billing", "finance", true, "An invoice is issued."),
	tp("refund", "Refund", finance, after, erp, "billing", "finance", true, "Money is returned to the account."),
	// Social: candid, emotional, hard to map back to an account.
	tp("tweet", "Tweet", social, after, socialP, "social_media", "marketing", true, "A post on X/Twitter about the company."),
	tp("online_review", "Online review", social, after, socialP, "social_media", "marketing", true, "A review on a review site."),
	tp("facebook_post", "Facebook post", social, after, socialP, "social_media", "marketing", true, "A Facebook post about the company."),
	tp("posted_question", "Posted question", social, before, socialP, "social_media", "support", true, "A question posted in a public forum or community."),
	// Marketing: automation, webinar and email platforms track users by email address.
	tp("nurture_email", "Nurture email", marketing, before, mapP, "email", "marketing", true, "An automated nurture email."),
	tp("email_open", "Email open", marketing, before, esp, "email", "marketing", true, "A marketing email was opened."),
	tp("email_click", "Email click-through", marketing, before, esp, "email", "marketing", true, "A link in a marketing email was clicked."),
	tp("webinar_attendance", "Webinar attendance", marketing, before, webinar, "webinar", "marketing", true, "The contact attended a webinar."),
	tp("content_download", "Content download", marketing, before, mapP, "website", "marketing", true, "Gated content was downloaded."),
	tp("website_visit", "Website visit", marketing, before, mapP, "website", "marketing", true, "A visit to the company website."),
	tp("survey_completion", "Survey completion", marketing, after, mapP, "email", "marketing", true, "A survey was completed."),
	tp("digital_ad_click", "Digital advertisement click", marketing, before, mapP, "advertising", "marketing", true, "A click on a digital ad."),
	tp("blog_visit", "Blog visit", marketing, before, mapP, "website", "marketing", true, "A visit to the blog."),
	tp("conference_attendance", "Conference attendance", marketing, before, mapP, "event", "marketing", true, "The contact attended a conference."),
	// Support and customer success: retention, and the most engaged users.
	tp("support_call", "Support call", support, after, desk, "phone", "support", true, "A call to support."),
	tp("case_opened", "Case opened", support, after, desk, "support_portal", "support", true, "A support case was opened."),
	tp("case_closed", "Case closed", support, after, desk, "support_portal", "support", true, "A support case was closed."),
	// Product: usage, the best indicator of customer health.
	tp("product_login", "Product login", product, after, prod, "in_product", "product", true, "A user logged in."),
	tp("product_logout", "Product logout", product, after, prod, "in_product", "product", true, "A user logged out."),
	tp("share", "Share", product, after, prod, "in_product", "product", true, "A user shared something from the product."),
	tp("trial_registration", "Trial registration", product, before, prod, "in_product", "product", true, "The account registered for a trial."),
	tp("faq_visit", "FAQ visit", product, after, prod, "website", "support", true, "A visit to the FAQ."),
	tp("role_change", "Role change", product, after, prod, "in_product", "customer_success", true, "A user's role changed."),
	tp("new_user_added", "New user added", product, after, prod, "in_product", "customer_success", true, "A new user was added to the account."),
	tp("product_milestone", "Key product milestone", product, after, prod, "in_product", "customer_success", true, "The account reached a key usage milestone."),

	// Before purchase (website/emails, internet, mobile, in person, catalog).
	tp("testimonial_view", "Testimonial or case study view", marketing, before, mapP, "website", "marketing", false, "A testimonial or case study page was read."),
	tp("product_page_visit", "Product page visit", marketing, before, mapP, "website", "marketing", false, "A product page was visited."),
	tp("newsletter_signup", "eNewsletter sign-up", marketing, before, mapP, "website", "marketing", false, "The contact signed up for the newsletter."),
	tp("microsite_visit", "Microsite visit", marketing, before, mapP, "website", "marketing", false, "A campaign microsite was visited."),
	tp("whitepaper_download", "Whitepaper download", marketing, before, mapP, "website", "marketing", false, "A whitepaper was downloaded."),
	tp("remarketing_ad_click", "Remarketing ad click", marketing, before, mapP, "advertising", "marketing", false, "A click on a remarketing campaign ad."),
	tp("text_message", "Text message", marketing, before, mapP, "mobile", "marketing", false, "A text message to the contact's mobile phone."),
	tp("referral", "Word-of-mouth referral", social, before, crm, "in_person", "sales", false, "The account was referred by someone it knows."),
	tp("tradeshow_visit", "Trade show visit", marketing, before, mapP, "event", "marketing", false, "A visit to the company's trade show booth."),
	tp("sponsored_event", "Sponsored event", marketing, before, mapP, "event", "marketing", false, "Attendance at an event the company sponsors."),
	tp("networking_event", "Networking event", sales, before, crm, "in_person", "sales", false, "A meeting at a networking event."),
	tp("focus_group", "Focus group", marketing, before, mapP, "in_person", "marketing", false, "Participation in a focus group."),
	tp("direct_mail", "Direct mail", marketing, before, mapP, "postal_mail", "marketing", false, "A catalog or letter by regular mail."),
	// During purchase.
	tp("search_result_click", "Search result click", marketing, during, mapP, "website", "marketing", false, "The account reached the website from a search result."),
	tp("contact_us_form", "Contact-us form", marketing, during, mapP, "website", "marketing", false, "A contact-us form was submitted."),
	// After purchase.
	tp("order_confirmation_email", "Order confirmation email", finance, after, erp, "email", "finance", false, "The order confirmation was sent."),
	tp("billing_statement", "Billing statement", finance, after, erp, "billing", "finance", false, "A billing statement was sent."),
	tp("help_center_visit", "Online help center visit", support, after, desk, "support_portal", "support", false, "A visit to the online help center."),
	tp("post_sale_survey", "Post-sale survey", support, after, mapP, "email", "customer_success", false, "A post-sale satisfaction survey was answered."),
	tp("accounts_receivable_call", "Accounts receivable call", finance, after, erp, "phone", "finance", false, "A call from or to the accounts receivable team."),
	tp("technical_support_call", "Technical support call", support, after, desk, "phone", "support", false, "A call to the technical support team."),
	tp("sales_follow_up", "Sales follow-up", sales, after, crm, "email", "sales", false, "A follow-up by sales or marketing after the purchase."),
}

// Vendors and Technologies are the demo martech stack of a B2B software
// company: which system captures each touchpoint type, where it is used,
// what it stores. It is deliberately imperfect, so that the gap analysis
// finds something of every kind (see blueprint.go): some types are captured
// by nothing (online reviews, posted questions, trade shows), some by two
// tools (Gong and DocuSign only duplicate Salesforce and NetSuite), Hootsuite
// and Qualtrics have no integration to a system of record (silos), and the
// Segment CDP is a system of record no touchpoint is sent from.
//
// The order matters to the generator: a generated touchpoint's source is the
// first technology here that captures its type (see touchpointSources).
var Vendors = []journey.Vendor{
	{Key: "salesforce", Name: "Salesforce"},
	{Key: "hubspot", Name: "HubSpot"},
	{Key: "twilio", Name: "Twilio"},
	{Key: "on24", Name: "ON24"},
	{Key: "oracle", Name: "Oracle"},
	{Key: "docusign", Name: "DocuSign"},
	{Key: "zendesk", Name: "Zendesk"},
	{Key: "pendo", Name: "Pendo"},
	{Key: "hootsuite", Name: "Hootsuite"},
	{Key: "qualtrics", Name: "Qualtrics"},
	{Key: "linkedin", Name: "LinkedIn"},
	{Key: "gong", Name: "Gong"},
}

var Technologies = []journey.Technology{
	{Key: "salesforce_sales_cloud", Name: "Salesforce Sales Cloud", Category: journey.TechCRM, VendorKey: "salesforce", SystemOfRecord: true,
		CaptureKeys: []string{"in_person_meeting", "proposal", "inbound_email", "outbound_email", "inbound_call", "outbound_call", "demo", "referral", "networking_event", "sales_follow_up"},
		StageKeys:   []string{"mql", "sql", "opportunity", "quote", "customer", "renewal", "churn_risk"},
		FieldKeys:   []string{"email", "first_name", "last_name", "company_name", "job_title", "phone", "budget", "purchase_timeline", "contract_value", "support_issue", "product_usage"}},
	{Key: "hubspot_marketing_hub", Name: "HubSpot Marketing Hub", Category: journey.TechMarketingAutomation, VendorKey: "hubspot",
		CaptureKeys: []string{"nurture_email", "email_open", "email_click", "content_download", "website_visit", "digital_ad_click", "blog_visit", "testimonial_view",
			"product_page_visit", "newsletter_signup", "microsite_visit", "whitepaper_download", "remarketing_ad_click", "search_result_click", "contact_us_form"},
		StageKeys: []string{"lead", "prospect_1", "prospect_2", "mql"},
		FieldKeys: []string{"email", "first_name", "last_name", "company_name", "job_title", "phone", "company_size", "industry"}},
	{Key: "sendgrid", Name: "Twilio SendGrid", Category: journey.TechEmailService, VendorKey: "twilio",
		CaptureKeys: []string{"email_open", "email_click", "text_message"},
		StageKeys:   []string{"prospect_1", "customer"},
		FieldKeys:   []string{"email"}},
	{Key: "on24", Name: "ON24 Webinars", Category: journey.TechWebinar, VendorKey: "on24",
		CaptureKeys: []string{"webinar_attendance"},
		StageKeys:   []string{"lead", "prospect_2"},
		FieldKeys:   []string{"email", "first_name", "last_name", "company_name", "job_title"}},
	{Key: "netsuite", Name: "Oracle NetSuite", Category: journey.TechERPFinance, VendorKey: "oracle",
		CaptureKeys: []string{"contract_signature", "cancellation", "purchase_order", "renewal", "upsell", "cross_sell", "invoice", "refund",
			"order_confirmation_email", "billing_statement", "accounts_receivable_call"},
		StageKeys: []string{"quote", "customer", "renewal", "churned"},
		FieldKeys: []string{"company_name", "billing_address", "vat_number", "po_number", "contract_value"}},
	{Key: "docusign_esignature", Name: "DocuSign eSignature", Category: journey.TechESignature, VendorKey: "docusign",
		CaptureKeys: []string{"contract_signature", "proposal"},
		StageKeys:   []string{"quote", "customer"},
		FieldKeys:   []string{"email", "job_title", "contract_value"}},
	{Key: "zendesk_suite", Name: "Zendesk Suite", Category: journey.TechSupportDesk, VendorKey: "zendesk",
		CaptureKeys: []string{"support_call", "case_opened", "case_closed", "help_center_visit", "technical_support_call", "faq_visit"},
		StageKeys:   []string{"onboarding", "adoption", "churn_risk"},
		FieldKeys:   []string{"email", "phone", "support_issue"}},
	{Key: "pendo", Name: "Pendo", Category: journey.TechProductAnalytics, VendorKey: "pendo",
		CaptureKeys: []string{"product_login", "product_logout", "share", "trial_registration", "role_change", "new_user_added", "product_milestone", "faq_visit"},
		StageKeys:   []string{"opportunity", "onboarding", "adoption", "churn_risk"},
		FieldKeys:   []string{"email", "product_usage"}},
	{Key: "hootsuite", Name: "Hootsuite", Category: journey.TechSocialManagement, VendorKey: "hootsuite",
		CaptureKeys: []string{"tweet", "facebook_post"},
		StageKeys:   []string{"adoption", "churn_risk"},
		FieldKeys:   []string{}},
	{Key: "segment", Name: "Twilio Segment", Category: journey.TechCDP, VendorKey: "twilio", SystemOfRecord: true,
		CaptureKeys: []string{"website_visit", "product_page_visit", "product_login", "trial_registration"},
		StageKeys:   []string{"lead", "prospect_1", "onboarding", "adoption"},
		FieldKeys:   []string{"email", "company_name", "industry", "product_usage"}},
	{Key: "qualtrics_xm", Name: "Qualtrics XM", Category: journey.TechSurvey, VendorKey: "qualtrics",
		CaptureKeys: []string{"survey_completion", "post_sale_survey"},
		StageKeys:   []string{"adoption", "renewal"},
		FieldKeys:   []string{"email", "company_size", "nps_score"}},
	{Key: "linkedin_ads", Name: "LinkedIn Ads", Category: journey.TechAdvertising, VendorKey: "linkedin",
		CaptureKeys: []string{"digital_ad_click", "remarketing_ad_click"},
		StageKeys:   []string{"lead", "prospect_2"},
		FieldKeys:   []string{"email", "first_name", "last_name", "company_name", "job_title"}},
	{Key: "gong", Name: "Gong", Category: journey.TechConversationIntel, VendorKey: "gong",
		CaptureKeys: []string{"outbound_call", "inbound_call", "demo"},
		StageKeys:   []string{"sql", "opportunity", "quote"},
		FieldKeys:   []string{"budget", "purchase_timeline"}},
}

// Catalog returns the reference data as one value for store.LoadCatalog.
func Catalog() journey.Catalog {
	return journey.Catalog{
		Departments:     Departments,
		Channels:        Channels,
		Stages:          Stages,
		TouchpointTypes: TouchpointTypes,
		Vendors:         Vendors,
		Technologies:    Technologies,

		DataFields:        DataFields,
		TouchpointDesigns: TouchpointDesigns,
		StageDesigns:      StageDesigns,
		Integrations:      Integrations,
	}
}
