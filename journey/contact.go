package journey

import (
	"strings"
	"time"
)

// BuyingRole is a contact's role in the account's buying committee.
type BuyingRole string

const (
	RoleChampion           BuyingRole = "CHAMPION"
	RoleEconomicBuyer      BuyingRole = "ECONOMIC_BUYER"
	RoleDecisionMaker      BuyingRole = "DECISION_MAKER"
	RoleTechnicalEvaluator BuyingRole = "TECHNICAL_EVALUATOR"
	RoleInfluencer         BuyingRole = "INFLUENCER"
	RoleEndUser            BuyingRole = "END_USER"
	RoleUserAdmin          BuyingRole = "USER_ADMIN"
	RoleProcurement        BuyingRole = "PROCUREMENT"
)

// Valid reports whether r is a known role.
func (r BuyingRole) Valid() bool {
	switch r {
	case RoleChampion, RoleEconomicBuyer, RoleDecisionMaker, RoleTechnicalEvaluator,
		RoleInfluencer, RoleEndUser, RoleUserAdmin, RoleProcurement:
		return true
	}
	return false
}

// Contact is a person on an account's buying committee.
type Contact struct {
	ID        string
	Email     string
	FirstName *string
	LastName  *string
	Title     *string
	Role      *BuyingRole
	AccountID *string // nil while no account owns the contact's email domain
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ContactInput creates or updates a contact by external id. When AccountID is
// nil the contact attaches to the account whose domain matches its email's.
type ContactInput struct {
	ID        string
	Email     string
	FirstName *string
	LastName  *string
	Title     *string
	Role      *BuyingRole
	AccountID *string
}

// Normalize validates the input and canonicalises the email; field paths are
// prefixed with prefix.
func (in *ContactInput) Normalize(prefix string) error {
	in.ID = TrimID(in.ID)
	if err := ValidateID(prefix+".id", in.ID); err != nil {
		return err
	}
	email, err := NormalizeEmail(prefix+".email", in.Email)
	if err != nil {
		return err
	}
	in.Email = email
	for field, v := range map[string]*string{"firstName": in.FirstName, "lastName": in.LastName, "title": in.Title} {
		if v != nil {
			*v = strings.TrimSpace(*v)
			if err := validateText(prefix+"."+field, *v); err != nil {
				return err
			}
		}
	}
	if in.Role != nil && !in.Role.Valid() {
		return Invalid(prefix+".role", "unknown buying role %q", *in.Role)
	}
	if in.AccountID != nil {
		*in.AccountID = TrimID(*in.AccountID)
		if err := ValidateID(prefix+".accountId", *in.AccountID); err != nil {
			return err
		}
	}
	return nil
}
