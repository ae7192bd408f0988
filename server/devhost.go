package server

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/journeygraph/journeygraph/config"
)

// devHosts is the Host header policy of the development mode, where every
// caller is ADMIN. A page on an attacker's domain can make the developer's
// browser reach 127.0.0.1 under the attacker's name (DNS rebinding); the
// browser then sends that name as Host and treats the answer as same-origin.
// Serving only Host values that name this machine closes that door.
type devHosts struct {
	listenPort string
	extra      []string // JOURNEYGRAPH_DEV_HOSTS: name (any port) or name:port
}

func newDevHosts(listenAddr string, extra []string) devHosts {
	_, port, err := net.SplitHostPort(listenAddr)
	if err != nil || port == "" || port == "0" {
		// The handler must know the port it is reached on: Run passes the
		// bound address.
		panic(fmt.Sprintf("server: development mode needs the bound listen address, got %q", listenAddr))
	}
	return devHosts{listenPort: port, extra: extra}
}

// allows reports whether a request's Host may be served: a loopback name
// (127.0.0.1, localhost, [::1]) with the listen port, or a configured name.
func (d devHosts) allows(hostHeader string) bool {
	host, port, err := net.SplitHostPort(hostHeader)
	if err != nil {
		host, port = strings.Trim(hostHeader, "[]"), "80" // no port: HTTP's default
	}
	if host == "" {
		return false
	}
	if config.IsLoopbackHost(host) && port == d.listenPort {
		return true
	}
	for _, h := range d.extra {
		if strings.EqualFold(h, host) || strings.EqualFold(h, net.JoinHostPort(host, port)) {
			return true
		}
	}
	return false
}

// allowsOrigin reports whether a browser origin names this machine (any
// port: a local frontend's dev server) or a configured name.
func (d devHosts) allowsOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return config.IsLoopbackHost(u.Hostname()) || config.DevHostName(u.Hostname(), d.extra)
}

// middleware refuses, with 403 HOST_NOT_ALLOWED, every request whose Host
// it does not allow, whatever the route: it wraps the whole mux.
func (d devHosts) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !d.allows(r.Host) {
			writeError(w, r, http.StatusForbidden, "HOST_NOT_ALLOWED", fmt.Sprintf(
				"Host %q is not served in the development mode (JOURNEYGRAPH_AUTH_DISABLED=true): "+
					"use 127.0.0.1:%s, localhost:%s or [::1]:%s, or add the name to JOURNEYGRAPH_DEV_HOSTS",
				r.Host, d.listenPort, d.listenPort, d.listenPort))
			return
		}
		next.ServeHTTP(w, r)
	})
}
