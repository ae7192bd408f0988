// Package auth holds JourneyGraph's API keys and roles. Keys are configured as
// SHA-256 hashes, never in clear text, and a presented key is hashed and
// compared with every configured hash in constant time, so neither the
// configuration nor the timing of a lookup reveals a key.
package auth

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Role is what a key may do. Roles are cumulative: Writer includes Reader,
// Admin includes Writer. The names match the schema's Role enum.
type Role int

const (
	None Role = iota // no role: nothing is allowed
	Reader
	Writer
	Admin
)

var roleNames = map[Role]string{None: "NONE", Reader: "READER", Writer: "WRITER", Admin: "ADMIN"}

func (r Role) String() string { return roleNames[r] }

// ParseRole reads a role name, in any case.
func ParseRole(s string) (Role, error) {
	for r, name := range roleNames {
		if r != None && strings.EqualFold(s, name) {
			return r, nil
		}
	}
	return None, fmt.Errorf("unknown role %q (want reader, writer or admin)", s)
}

// Allows reports whether a key with role r may use something that needs need.
func (r Role) Allows(need Role) bool { return r >= need && r > None }

// Key is one configured API key: who it belongs to, its role, and the SHA-256
// of the key.
type Key struct {
	Name string
	Role Role
	Hash [sha256.Size]byte
}

// Hash returns the hex SHA-256 of a key, the form keys are configured in.
func Hash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

var validName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ParseKey reads one key entry, `role:name:sha256hex`.
func ParseKey(entry string) (Key, error) {
	parts := strings.Split(strings.TrimSpace(entry), ":")
	if len(parts) != 3 {
		return Key{}, fmt.Errorf("key entry is not role:name:sha256hex")
	}
	role, err := ParseRole(parts[0])
	if err != nil {
		return Key{}, err
	}
	if !validName.MatchString(parts[1]) {
		return Key{}, fmt.Errorf("key name %q: want 1-64 letters, digits, '.', '_' or '-'", parts[1])
	}
	k := Key{Name: parts[1], Role: role}
	// The error never quotes the hash column: a key pasted there by mistake
	// must not end up in logs.
	if b, err := hex.DecodeString(strings.ToLower(parts[2])); err != nil || len(b) != sha256.Size {
		return Key{}, fmt.Errorf("key %q: the third part is not a SHA-256 in hex (64 characters); configure the hash of the key, not the key", k.Name)
	} else {
		copy(k.Hash[:], b)
	}
	return k, nil
}

// ParseKeys reads comma- or newline-separated entries; blank entries and
// lines starting with # are skipped. source names the origin in errors.
func ParseKeys(r io.Reader, source string) ([]Key, error) {
	return parseEntries(r, source, ParseKey)
}

// ParseWriteKeys reads Segment write keys, entries `name:sha256hex` (the
// SHA-256 of the key, never the key) separated as in ParseKeys. Every write
// key has the WRITER role.
func ParseWriteKeys(r io.Reader, source string) ([]Key, error) {
	return parseEntries(r, source, func(entry string) (Key, error) {
		if strings.Count(entry, ":") != 1 {
			return Key{}, fmt.Errorf("write key entry is not name:sha256hex")
		}
		return ParseKey("writer:" + entry)
	})
}

// LoadWriteKeysFile reads a write key file (see ParseWriteKeys).
func LoadWriteKeysFile(path string) ([]Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseWriteKeys(f, path)
}

func parseEntries(r io.Reader, source string, parse func(string) (Key, error)) ([]Key, error) {
	var keys []Key
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		for _, entry := range strings.Split(sc.Text(), ",") {
			entry = strings.TrimSpace(entry)
			if entry == "" || strings.HasPrefix(entry, "#") {
				break
			}
			k, err := parse(entry)
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %w", source, line, err)
			}
			keys = append(keys, k)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return keys, nil
}

// LoadFile reads a key file (see ParseKeys).
func LoadFile(path string) ([]Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseKeys(f, path)
}

// Keyring finds the key a request presents.
type Keyring struct{ keys []Key }

// NewKeyring returns a keyring of keys; two entries with one hash are refused.
func NewKeyring(keys []Key) (*Keyring, error) {
	seen := map[[sha256.Size]byte]string{}
	for _, k := range keys {
		if other, dup := seen[k.Hash]; dup {
			return nil, fmt.Errorf("keys %q and %q have the same hash", other, k.Name)
		}
		seen[k.Hash] = k.Name
	}
	return &Keyring{keys: keys}, nil
}

// Len is the number of keys.
func (kr *Keyring) Len() int { return len(kr.keys) }

// Lookup returns the key whose hash matches presented. Every configured hash
// is compared, in constant time, whether or not an earlier one matched.
func (kr *Keyring) Lookup(presented string) (Key, bool) {
	sum := sha256.Sum256([]byte(presented))
	var found Key
	match := 0
	for _, k := range kr.keys {
		if subtle.ConstantTimeCompare(sum[:], k.Hash[:]) == 1 {
			found, match = k, 1
		}
	}
	return found, match == 1 && presented != ""
}

// Principal is the caller of a request: a key's name and role, or the
// development mode's anonymous admin.
type Principal struct {
	Name string
	Role Role
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the request's caller; without one, the zero Principal,
// whose role None allows nothing (fail closed).
func FromContext(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}
