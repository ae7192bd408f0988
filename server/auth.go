package server

import (
	"net/http"
	"strings"

	"github.com/journeygraph/journeygraph/auth"
)

// authenticate resolves the caller of every request it wraps. With a keyring,
// a request without `Authorization: Bearer <key>`, or with a key that is not
// configured, gets 401 and never reaches GraphQL. Without one (development
// mode, never the default) every caller is an anonymous ADMIN. The key itself
// is never stored in the context or logged; only its name and role are.
func authenticate(keys *auth.Keyring, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if keys == nil {
			next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), developmentPrincipal)))
			return
		}
		if r.Method == http.MethodOptions {
			// CORS preflights carry no credentials by design; they run nothing.
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("Upgrade") != "" {
			// A WebSocket: browsers cannot send headers with it, so the key
			// comes in connection_init (see live.initWebsocket).
			next.ServeHTTP(w, r)
			return
		}
		p, ok := principalFor(keys, r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="journeygraph"`)
			writeError(w, r, http.StatusUnauthorized, "UNAUTHENTICATED",
				"missing or unknown API key: send Authorization: Bearer <key>")
			return
		}
		next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
	})
}

// principalFor resolves an Authorization value, `Bearer <key>`.
func principalFor(keys *auth.Keyring, authorization string) (auth.Principal, bool) {
	scheme, token, _ := strings.Cut(authorization, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return auth.Principal{}, false
	}
	key, ok := keys.Lookup(strings.TrimSpace(token))
	return auth.Principal{Name: key.Name, Role: key.Role}, ok
}

// developmentPrincipal is every caller when authentication is disabled.
var developmentPrincipal = auth.Principal{Name: "development", Role: auth.Admin}
