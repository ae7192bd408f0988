package seed

import (
	"fmt"
	"strings"
)

// Word lists for plausible companies and people. Company names are built from
// a prefix, a noun and a top-level domain; companyName walks the combinations
// with a stride coprime to their count, so neighbouring accounts get unrelated
// names and every account below len(prefixes)*len(nouns)*len(tlds) gets a
// distinct domain (beyond that a number is appended).
var (
	companyPrefixes = []string{
		"Acme", "Apex", "Arbor", "Atlas", "Aurora", "Beacon", "Birch", "Blue", "Bright", "Cascade",
		"Cedar", "Cobalt", "Copper", "Crest", "Crystal", "Delta", "Echo", "Ember", "Evergreen", "Falcon",
		"Fjord", "Granite", "Harbor", "Helix", "Horizon", "Indigo", "Iron", "Juniper", "Keystone", "Lake",
		"Lumen", "Maple", "Meridian", "Mesa", "Monarch", "Nimbus", "North", "Nova", "Oak", "Onyx",
		"Orbit", "Pacific", "Pine", "Pioneer", "Polar", "Prairie", "Quantum", "Quartz", "Radiant", "Redwood",
		"Ridge", "River", "Sable", "Sierra", "Silver", "Slate", "Solar", "Spruce", "Stone", "Summit",
		"Swift", "Terra", "Tidal", "Timber", "Titan", "Trident", "Union", "Vale", "Vector", "Velvet",
		"Vertex", "Vista", "Willow", "Wind", "Zenith", "Alder", "Basalt", "Cypress", "Harvest", "Lantern",
	}
	companyNouns = []string{
		"Analytics", "Bio", "Capital", "Cloud", "Consulting", "Data", "Dynamics", "Energy", "Engineering", "Foods",
		"Freight", "Health", "Industries", "Insights", "Labs", "Logistics", "Manufacturing", "Media", "Medical", "Metals",
		"Mobility", "Networks", "Partners", "Pharma", "Robotics", "Security", "Software", "Solutions", "Systems", "Technologies",
		"Telecom", "Textiles", "Therapeutics", "Tools", "Trading", "Travel", "Ventures", "Works", "Retail", "Foundry",
	}
	companyTLDs = []string{"com", "io", "co", "net"}

	industries = []string{
		"Software", "Financial services", "Healthcare", "Manufacturing", "Retail", "Logistics",
		"Telecommunications", "Energy", "Education", "Professional services", "Media", "Life sciences",
	}
	regions = []string{"North America", "EMEA", "APAC", "LATAM"}

	firstNames = []string{
		"Aisha", "Alex", "Amelia", "Ana", "Arjun", "Ben", "Carla", "Chen", "Chloe", "Daniel",
		"David", "Elena", "Emma", "Erik", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines",
		"Isaac", "Jonas", "Julia", "Kai", "Kenji", "Laura", "Leo", "Lina", "Lucas", "Maya",
		"Mei", "Mia", "Nadia", "Noah", "Olivia", "Omar", "Priya", "Rafael", "Ravi", "Sara",
		"Sofia", "Tariq", "Theo", "Tom", "Valentina", "Wei", "Yara", "Yusuf", "Zoe", "Marta",
	}
	lastNames = []string{
		"Adams", "Ahmed", "Alvarez", "Andersen", "Bauer", "Becker", "Brown", "Chen", "Costa", "Dubois",
		"Fischer", "Garcia", "Gupta", "Hansen", "Hughes", "Ito", "Jensen", "Kim", "Kowalski", "Larsen",
		"Lee", "Lopez", "Martin", "Meyer", "Moreau", "Mueller", "Nakamura", "Nguyen", "Novak", "Okafor",
		"Olsen", "Patel", "Petrov", "Quinn", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Smith",
		"Sato", "Tanaka", "Taylor", "Torres", "Wagner", "Walsh", "Wang", "Weber", "Wilson", "Yilmaz",
	}
)

// companyStride is coprime with len(companyPrefixes)*len(companyNouns)*len(companyTLDs)
// (12800 = 2^9 * 5^2), so index*stride mod 12800 visits every combination once.
const companyStride = 7919

// companyName returns a name and a domain unique to the account index.
func companyName(index int) (name, domain string) {
	combos := len(companyPrefixes) * len(companyNouns) * len(companyTLDs)
	c := (index % combos) * companyStride % combos
	prefix := companyPrefixes[c%len(companyPrefixes)]
	c /= len(companyPrefixes)
	noun := companyNouns[c%len(companyNouns)]
	tld := companyTLDs[c/len(companyNouns)]
	name = prefix + " " + noun
	label := strings.ToLower(prefix + noun)
	if round := index / combos; round > 0 {
		label += fmt.Sprint(round + 1)
	}
	return name, label + "." + tld
}

// titles per buying role; a contact's title is drawn from its role's list.
var roleTitles = map[string][]string{
	"CHAMPION":            {"Head of Operations", "Director of Marketing Operations", "VP Revenue Operations", "Head of Digital"},
	"ECONOMIC_BUYER":      {"Chief Financial Officer", "Chief Operating Officer", "VP Finance", "Chief Revenue Officer"},
	"DECISION_MAKER":      {"Chief Marketing Officer", "VP Sales", "Chief Information Officer"},
	"TECHNICAL_EVALUATOR": {"Solutions Architect", "IT Manager", "Data Engineer", "Head of IT"},
	"INFLUENCER":          {"Marketing Manager", "Sales Manager", "Customer Success Lead"},
	"END_USER":            {"Marketing Specialist", "Sales Representative", "Analyst", "Account Executive", "Campaign Manager"},
	"USER_ADMIN":          {"Systems Administrator", "CRM Administrator", "Operations Manager"},
	"PROCUREMENT":         {"Procurement Manager", "Purchasing Lead", "Vendor Manager"},
}
