package seed

import (
	"github.com/journeygraph/journeygraph/journey"
)

// The demo blueprint: the designed journey of the demo company, after the
// journey map "scroll" of the seed articles. Every stage says what the
// customer does, feels and wants, with pain points and moments of truth;
// touchpoints carry owners, internal and customer ratings and the data they
// create; technologies (catalog.go) say where they are used and what they
// store, and integrations say which fields flow where. Its flaws are
// deliberate (see catalog.go and the README's gap analysis).

func text(s string) *string { return &s }

func rating(v float64) *float64 { return &v }

func emotion(e journey.Emotion) *journey.Emotion { return &e }

// DataFields are the fields touchpoints create and technologies store.
var DataFields = []journey.DataField{
	{Key: "email", Name: "Email address"},
	{Key: "first_name", Name: "First name"},
	{Key: "last_name", Name: "Last name"},
	{Key: "company_name", Name: "Company name"},
	{Key: "job_title", Name: "Job title"},
	{Key: "phone", Name: "Phone number"},
	{Key: "company_size", Name: "Company size", Description: text("Employees, as a range.")},
	{Key: "industry", Name: "Industry"},
	{Key: "budget", Name: "Budget", Description: text("The buyer's budget for the purchase.")},
	{Key: "purchase_timeline", Name: "Purchase timeline"},
	{Key: "billing_address", Name: "Billing address"},
	{Key: "vat_number", Name: "VAT number"},
	{Key: "po_number", Name: "Purchase order number"},
	{Key: "contract_value", Name: "Contract value"},
	{Key: "product_usage", Name: "Product usage", Description: text("Logins, features used, milestones reached.")},
	{Key: "support_issue", Name: "Support issue", Description: text("What went wrong, in the customer's words.")},
	{Key: "nps_score", Name: "NPS score"},
}

func asked(keys ...string) []*journey.CollectedFieldInput {
	out := make([]*journey.CollectedFieldInput, len(keys))
	for i, k := range keys {
		out[i] = &journey.CollectedFieldInput{Field: k, AskedOfCustomer: true}
	}
	return out
}

func recorded(keys ...string) []*journey.CollectedFieldInput {
	out := make([]*journey.CollectedFieldInput, len(keys))
	for i, k := range keys {
		out[i] = &journey.CollectedFieldInput{Field: k}
	}
	return out
}

func design(typ string, team, region *string, impInt, impCust, perfInt, perfCust float64, fields ...[]*journey.CollectedFieldInput) journey.TouchpointDesignInput {
	d := journey.TouchpointDesignInput{TouchpointType: typ, Team: team, Region: region}
	if impInt > 0 {
		d.ImportanceInternal, d.ImportanceCustomer = rating(impInt), rating(impCust)
	}
	if perfInt > 0 {
		d.PerformanceInternal, d.PerformanceCustomer = rating(perfInt), rating(perfCust)
	}
	for _, f := range fields {
		d.DataFields = append(d.DataFields, f...)
	}
	return d
}

// TouchpointDesigns: owner team and region, importance and performance as
// rated internally and by customers (1–5; 0 here means not rated), and the
// data each touchpoint creates. Forms ask for the same details again and
// again: that is the friction the gap analysis reports.
var TouchpointDesigns = []journey.TouchpointDesignInput{
	design("website_visit", text("Web team"), nil, 4, 3, 4, 3.5),
	design("content_download", text("Demand generation"), nil, 4, 3, 3.5, 3, asked("email", "company_name", "job_title", "company_size")),
	design("newsletter_signup", text("Demand generation"), nil, 2, 2, 4, 4, asked("email")),
	design("contact_us_form", text("Web team"), nil, 3, 4.5, 4, 3.2, asked("email", "first_name", "last_name", "company_name", "job_title", "phone")),
	design("webinar_attendance", text("Field marketing"), text("EMEA"), 3.5, 3.5, 3.5, 4, asked("email", "first_name", "last_name", "company_name", "job_title")),
	design("nurture_email", text("Marketing operations"), nil, 4, 1.5, 3.5, 2, recorded("email")),
	design("outbound_call", text("SDR team"), nil, 4, 2, 3.5, 2.5, recorded("phone")),
	design("outbound_email", text("SDR team"), nil, 3, 2, 3, 2.5, recorded("email")),
	design("demo", text("Solution engineering"), nil, 5, 4.5, 4.5, 3, recorded("budget", "purchase_timeline")),
	design("trial_registration", text("Growth team"), nil, 4, 4, 4, 3.5, asked("email", "company_name", "company_size", "phone")),
	design("proposal", text("Account executives"), nil, 4, 5, 4, 3.5, recorded("contract_value")),
	design("purchase_order", text("Order management"), nil, 3, 4, 4, 3, asked("billing_address", "vat_number", "po_number")),
	design("contract_signature", text("Deal desk"), nil, 5, 5, 4, 2.5, asked("billing_address", "job_title"), recorded("contract_value")),
	design("invoice", text("Accounts receivable"), nil, 2, 4, 4, 2.8, recorded("billing_address", "contract_value")),
	design("new_user_added", text("Onboarding team"), nil, 3, 4.5, 4, 3, recorded("email")),
	design("product_login", nil, nil, 3, 4, 4, 4, recorded("product_usage")),
	design("case_opened", text("Tier 1 support"), text("Global"), 3, 5, 4, 2.5, asked("support_issue", "phone")),
	design("support_call", text("Tier 1 support"), text("Global"), 3, 5, 4, 2, asked("support_issue", "phone")),
	design("survey_completion", text("Customer insights"), nil, 3, 2, 3, 3, asked("nps_score", "company_size")),
	design("post_sale_survey", text("Customer insights"), nil, 3, 2.5, 3, 3, asked("nps_score", "company_size")),
	design("renewal", text("Renewals team"), nil, 5, 4, 4, 3.5, recorded("contract_value")),
	design("online_review", nil, nil, 2, 4.5, 0, 0),
}

// StageDesigns: per stage, the customer's experience, the touchpoints the
// company designs into it (with moments of truth) and designed exceptions to
// the stage order. Advocacy is designed but no technology supports it.
var StageDesigns = []journey.StageDesignSeed{
	{StageDesignInput: journey.StageDesignInput{Stage: "lead",
		Doing: text("Researching the problem; reads content, clicks an ad, fills a form."), Feeling: text("Curious but wary of being sold to."),
		Wanting: text("Useful answers without a sales call."), DesiredEmotion: emotion(journey.EmotionCurious), ObservedEmotion: emotion(journey.EmotionCurious),
		PainPoints: []string{"Gated content asks for too much information"}},
		Expected:       []string{"website_visit", "digital_ad_click", "content_download", "contact_us_form", "webinar_attendance", "tradeshow_visit"},
		MomentsOfTruth: map[string]string{"contact_us_form": "The first answer to a request: fast and relevant, or the lead goes cold."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "prospect_1",
		Doing: text("Reads nurture emails and the blog."), Feeling: text("Interested, comparing options."), Wanting: text("To learn what good looks like."),
		DesiredEmotion: emotion(journey.EmotionCurious), ObservedEmotion: emotion(journey.EmotionNeutral),
		PainPoints: []string{"Generic nurture emails"}},
		Expected: []string{"nurture_email", "email_open", "email_click", "blog_visit", "whitepaper_download"}},
	{StageDesignInput: journey.StageDesignInput{Stage: "prospect_2",
		Doing: text("Several colleagues attend webinars and compare products."), Feeling: text("Building a shortlist."), Wanting: text("Proof from companies like theirs."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionUncertain)},
		Expected: []string{"webinar_attendance", "product_page_visit", "testimonial_view", "remarketing_ad_click"}},
	{StageDesignInput: journey.StageDesignInput{Stage: "mql",
		Doing: text("Takes the first call from sales."), Feeling: text("Unsure whether it is worth the time."), Wanting: text("A conversation about their problem, not a pitch."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionUncertain),
		PainPoints: []string{"Asked again for details already given in forms", "Called by several reps"}},
		Expected:       []string{"outbound_call", "outbound_email"},
		MomentsOfTruth: map[string]string{"outbound_call": "The first conversation decides whether they take sales seriously."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "sql",
		Doing: text("Explains requirements and budget."), Feeling: text("Cautiously engaged."), Wanting: text("To be understood."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionNeutral)},
		Expected: []string{"inbound_email", "in_person_meeting"}},
	{StageDesignInput: journey.StageDesignInput{Stage: "opportunity",
		Doing: text("Sees a demo; the technical evaluator tries the product."), Feeling: text("Hopeful, testing claims."), Wanting: text("Evidence that it works for them."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionConfident),
		PainPoints: []string{"Trial set-up needs a call"}},
		Expected:       []string{"demo", "trial_registration", "in_person_meeting"},
		MomentsOfTruth: map[string]string{"demo": "The demo shows their own use case working, or the deal stalls."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "quote",
		Doing: text("Reviews the proposal with procurement."), Feeling: text("Under pressure to justify the spend."), Wanting: text("Clear, fair pricing."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionAnxious),
		PainPoints: []string{"Pricing is hard to compare"}},
		Expected:       []string{"proposal", "purchase_order"},
		MomentsOfTruth: map[string]string{"proposal": "A proposal that mirrors their requirements."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "customer",
		Doing: text("Signs the contract and receives the first invoice."), Feeling: text("Relieved, slightly anxious about delivery."), Wanting: text("A smooth start."),
		DesiredEmotion: emotion(journey.EmotionDelighted), ObservedEmotion: emotion(journey.EmotionAnxious),
		PainPoints: []string{"Billing details asked for twice", "Invoice arrives before anyone has logged in"}},
		Expected:       []string{"contract_signature", "order_confirmation_email", "invoice"},
		MomentsOfTruth: map[string]string{"contract_signature": "Signing is effortless and the promised start date holds."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "onboarding",
		Doing: text("Sets up users and learns the product."), Feeling: text("Busy, needs quick wins."), Wanting: text("To be productive fast."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionFrustrated),
		PainPoints: []string{"No single onboarding contact"}},
		Expected:       []string{"new_user_added", "product_login", "help_center_visit", "case_opened"},
		MomentsOfTruth: map[string]string{"new_user_added": "The first team is live within two weeks."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "adoption",
		Doing: text("Uses the product every week."), Feeling: text("Getting value."), Wanting: text("More value from what they pay for."),
		DesiredEmotion: emotion(journey.EmotionDelighted), ObservedEmotion: emotion(journey.EmotionConfident)},
		Expected:  []string{"product_login", "product_milestone", "share", "faq_visit", "survey_completion"},
		MayMoveTo: []string{"churn_risk"}},
	{StageDesignInput: journey.StageDesignInput{Stage: "renewal",
		Doing: text("Reviews the value received before renewing."), Feeling: text("Evaluating."), Wanting: text("Proof of ROI, no surprises."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionNeutral)},
		Expected:       []string{"renewal", "upsell", "cross_sell", "post_sale_survey", "billing_statement"},
		MomentsOfTruth: map[string]string{"renewal": "The renewal conversation is about value delivered."},
		MayMoveTo:      []string{"churn_risk"}},
	{StageDesignInput: journey.StageDesignInput{Stage: "churn_risk",
		Doing: text("Escalates a problem."), Feeling: text("Let down."), Wanting: text("A fix and someone who owns it."),
		DesiredEmotion: emotion(journey.EmotionConfident), ObservedEmotion: emotion(journey.EmotionFrustrated),
		PainPoints: []string{"Has to repeat the issue to every agent"}},
		Expected:       []string{"case_opened", "support_call", "technical_support_call", "accounts_receivable_call"},
		MomentsOfTruth: map[string]string{"support_call": "The escalation call decides between a fix and a cancellation."}},
	{StageDesignInput: journey.StageDesignInput{Stage: "churned",
		Doing: text("Cancels."), Feeling: text("Disappointed."), Wanting: text("A clean exit."),
		DesiredEmotion: emotion(journey.EmotionNeutral), ObservedEmotion: emotion(journey.EmotionFrustrated)},
		Expected: []string{"cancellation", "refund"}},
	{StageDesignInput: journey.StageDesignInput{Stage: "advocate",
		Doing: text("Recommends the company: reviews, answers in communities, speaks at events."), Feeling: text("Proud of the choice."), Wanting: text("Recognition."),
		DesiredEmotion: emotion(journey.EmotionDelighted), ObservedEmotion: emotion(journey.EmotionDelighted)},
		Expected: []string{"online_review", "posted_question", "conference_attendance"}},
}

func flow(from, to string, fields ...string) journey.Integration {
	return journey.Integration{FromKey: from, ToKey: to, FieldKeys: fields}
}

// Integrations: the designed data flows. Hootsuite and Qualtrics have none:
// they are the silos.
var Integrations = []journey.Integration{
	flow("hubspot_marketing_hub", "salesforce_sales_cloud", "email", "first_name", "last_name", "company_name", "job_title", "company_size"),
	flow("salesforce_sales_cloud", "hubspot_marketing_hub", "email", "company_name"),
	flow("sendgrid", "hubspot_marketing_hub", "email"),
	flow("on24", "hubspot_marketing_hub", "email", "first_name", "last_name", "company_name", "job_title"),
	flow("linkedin_ads", "hubspot_marketing_hub", "email", "first_name", "last_name", "company_name", "job_title"),
	flow("netsuite", "salesforce_sales_cloud", "contract_value", "po_number"),
	flow("salesforce_sales_cloud", "netsuite", "company_name", "billing_address"),
	flow("docusign_esignature", "salesforce_sales_cloud", "contract_value"),
	flow("zendesk_suite", "salesforce_sales_cloud", "support_issue"),
	flow("gong", "salesforce_sales_cloud", "purchase_timeline"),
	flow("pendo", "segment", "product_usage"),
	flow("segment", "salesforce_sales_cloud", "product_usage", "industry"),
}
