package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/loaders"
	"github.com/journeygraph/journeygraph/resolvers"
	"github.com/journeygraph/journeygraph/store"
)

// Subscriptions are served by gqlgen's own transports on /graphql:
// GraphQL over WebSocket (graphql-transport-ws) and GraphQL over SSE
// (graphql-sse, distinct connections). This file configures them and adds
// what the API needs around them: authentication from connection_init,
// origin checks, limits and a clean end at shutdown.

// LiveOptions are the subscription settings.
type LiveOptions struct {
	// MaxSubscriptionsPerConnection bounds the operations one WebSocket runs
	// at once; more get an error with code LIMIT_EXCEEDED.
	MaxSubscriptionsPerConnection int
	// MaxConnectionsPerKey bounds the WebSocket and SSE streams one API key
	// holds open at once; more are refused (WebSocket 1013, SSE 429).
	MaxConnectionsPerKey int
	// IdleTimeout closes a WebSocket that has run no operation for this long.
	IdleTimeout time.Duration
	// InitTimeout closes a WebSocket that has not sent connection_init in time.
	InitTimeout time.Duration
	// KeepAlive is the interval of pings on idle streams (WebSocket ping
	// messages, SSE comments) that keep proxies from closing them.
	KeepAlive time.Duration
	// WriteTimeout bounds one write to a subscriber's socket (a WebSocket
	// message, an SSE event or flush). A subscriber that does not take a
	// write in time has stopped reading: its connection is cut, which frees
	// its key's slot. 0 takes DefaultWriteTimeout.
	WriteTimeout time.Duration
	// Shutdown, when done, closes every WebSocket with 1001 (going away).
	Shutdown context.Context
	// WebSockets, when not nil, counts the open WebSockets, so that
	// shutdown can wait for their close frames.
	WebSockets *OpenWebSockets
}

// OpenWebSockets counts WebSockets until their connection is closed, which
// is after the close handshake (or its timeout). http.Server.Shutdown does
// not track hijacked connections: without waiting for these, the process
// can exit before the close frames of its subscriptions are written.
type OpenWebSockets struct{ n atomic.Int64 }

// Wait returns once every counted WebSocket is closed, or ctx's error.
func (o *OpenWebSockets) Wait(ctx context.Context) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for o.n.Load() > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d WebSockets still closing: %w", o.n.Load(), ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

// track counts c until it is closed.
func (o *OpenWebSockets) track(c net.Conn) net.Conn {
	if o == nil {
		return c
	}
	o.n.Add(1)
	return &trackedConn{Conn: c, open: o}
}

type trackedConn struct {
	net.Conn
	open   *OpenWebSockets
	closed sync.Once
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.closed.Do(func() { c.open.n.Add(-1) })
	return err
}

// DefaultWriteTimeout is LiveOptions.WriteTimeout's default.
const DefaultWriteTimeout = 10 * time.Second

// Close codes of the WebSocket, as graphql-transport-ws defines them where it
// does.
const (
	closeForbidden = 4403 // connection_init without a valid key
	// The key holds MaxConnectionsPerKey streams. Not graphql-transport-ws's
	// 4429 (too many connection_init messages on one socket): its reference
	// client gives up for good on 4429, while a slot frees as soon as another
	// stream of the key ends. 1013 (RFC 6455: Try Again Later) is retried.
	closeTryAgainLater = 1013
	closeGoingAway     = 1001 // the server is shutting down
)

// codeLimitExceeded is the extensions.code of a refused subscription.
const codeLimitExceeded = "LIMIT_EXCEEDED"

// live is the state of the process's subscriptions.
type live struct {
	opts    LiveOptions
	keys    *auth.Keyring // nil: development mode
	store   *store.Store
	present graphql.ErrorPresenterFunc
	logger  *slog.Logger

	mu     sync.Mutex
	perKey map[string]int // open streams by key name
}

func newLive(opts LiveOptions, keys *auth.Keyring, st *store.Store, present graphql.ErrorPresenterFunc, logger *slog.Logger) *live {
	if opts.Shutdown == nil {
		opts.Shutdown = context.Background()
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = DefaultWriteTimeout
	}
	return &live{opts: opts, keys: keys, store: st, present: present, logger: logger, perKey: map[string]int{}}
}

// acquire counts one more stream for p, refusing one over the limit.
func (l *live) acquire(p auth.Principal) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.opts.MaxConnectionsPerKey > 0 && l.perKey[p.Name] >= l.opts.MaxConnectionsPerKey {
		return false
	}
	l.perKey[p.Name]++
	return true
}

func (l *live) release(p auth.Principal) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perKey[p.Name]--; l.perKey[p.Name] <= 0 {
		delete(l.perKey, p.Name)
	}
}

// connection is one WebSocket's state, in its context.
type connection struct {
	principal auth.Principal
	active    atomic.Int64 // operations running
	lastEnd   atomic.Int64 // unix nanos when the last operation ended (or init)
	released  atomic.Bool
}

type connectionKey struct{}

func (l *live) addTransports(gql *handler.Server) {
	gql.AddTransport(websocketTransport{transport.Websocket{
		Implementation: goingAway{shutdown: l.opts.Shutdown, open: l.opts.WebSockets, writeTimeout: l.opts.WriteTimeout, logger: l.logger, CoderWebsocketImplementation: transport.CoderWebsocketImplementation{
			// The origin was checked against the CORS settings before the
			// upgrade (checkOrigin).
			AcceptOptions: coderws.AcceptOptions{InsecureSkipVerify: true},
		}},
		InitFunc:         l.initWebsocket,
		InitTimeout:      l.opts.InitTimeout,
		CloseFunc:        l.closeWebsocket,
		PingPongInterval: l.opts.KeepAlive,
		MissingPongOk:    true,
	}})
	gql.AddTransport(sse{l: l, SSE: transport.SSE{KeepAlivePingInterval: l.opts.KeepAlive}})
	gql.AroundOperations(l.limitOperations)
	gql.AroundResponses(l.freshPerEvent)
}

// initWebsocket authenticates connection_init: its payload carries the key
// as {"Authorization": "Bearer <key>"}.
func (l *live) initWebsocket(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	p, ok := l.principal(payload.Authorization())
	if !ok {
		return transport.WithWebsocketCloseCode(ctx, closeForbidden),
			nil, errors.New("forbidden: send {\"Authorization\": \"Bearer <key>\"} as the connection_init payload")
	}
	if !l.acquire(p) {
		return transport.WithWebsocketCloseCode(ctx, closeTryAgainLater), nil,
			fmt.Errorf("too many connections for this key (at most %d)", l.opts.MaxConnectionsPerKey)
	}
	if w, ok := ctx.Value(awaitingInitKey{}).(*awaitingInit); ok {
		w.initialised() // watchIdle ends it at shutdown from here on
	}
	conn := &connection{principal: p}
	conn.lastEnd.Store(time.Now().UnixNano())
	ctx = context.WithValue(auth.WithPrincipal(ctx, p), connectionKey{}, conn)
	ctx, cancel := context.WithCancel(ctx)
	go l.watchIdle(ctx, cancel, conn)
	return ctx, nil, nil
}

func (l *live) closeWebsocket(ctx context.Context, _ int) {
	if conn, ok := ctx.Value(connectionKey{}).(*connection); ok && conn.released.CompareAndSwap(false, true) {
		l.release(conn.principal)
	}
}

// watchIdle cancels the connection (gqlgen then closes it) once it has run
// no operation for IdleTimeout, or when the server shuts down.
func (l *live) watchIdle(ctx context.Context, cancel context.CancelFunc, conn *connection) {
	defer cancel()
	tick := l.opts.IdleTimeout / 4
	if tick <= 0 || tick > time.Second {
		tick = time.Second
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.opts.Shutdown.Done():
			return
		case <-t.C:
			idle := time.Since(time.Unix(0, conn.lastEnd.Load()))
			if l.opts.IdleTimeout > 0 && conn.active.Load() == 0 && idle >= l.opts.IdleTimeout {
				return
			}
		}
	}
}

// principal resolves an Authorization value as authenticate does.
func (l *live) principal(authorization string) (auth.Principal, bool) {
	if l.keys == nil {
		return developmentPrincipal, true
	}
	return principalFor(l.keys, authorization)
}

// limitOperations bounds the operations one WebSocket runs at once and
// notes when the last one ended (for the idle timeout).
func (l *live) limitOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	conn, _ := ctx.Value(connectionKey{}).(*connection)
	if conn == nil {
		return next(ctx)
	}
	if n := conn.active.Add(1); l.opts.MaxSubscriptionsPerConnection > 0 && n > int64(l.opts.MaxSubscriptionsPerConnection) {
		conn.active.Add(-1)
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
			Message:    fmt.Sprintf("too many operations on this connection (at most %d)", l.opts.MaxSubscriptionsPerConnection),
			Extensions: map[string]any{"code": codeLimitExceeded},
		}}})
	}
	responses := next(ctx)
	var done atomic.Bool
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil || graphql.GetOperationContext(ctx).Operation.Operation != ast.Subscription {
			if done.CompareAndSwap(false, true) {
				conn.active.Add(-1)
				conn.lastEnd.Store(time.Now().UnixNano())
			}
		}
		return resp
	}
}

// freshPerEvent gives each event of a subscription its own loaders and wait
// budget (a subscription lives for hours: one request's cache would grow and
// go stale), and reports the error a subscription ended with.
func (l *live) freshPerEvent(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil || op.Operation.Operation != ast.Subscription {
		return next(ctx)
	}
	ctx = l.store.WithWaitBudget(loaders.WithLoaders(ctx, loaders.New(l.store)))
	resp := next(ctx)
	if resp == nil || !nullData(resp.Data) {
		return resp
	}
	if err := resolvers.SubscriptionEnd(ctx); err != nil {
		// The nil event that carried the end: its only error is gqlgen's
		// "must not be null"; say why instead.
		e := l.present(ctx, err)
		if len(resp.Errors) > 0 {
			e.Path = resp.Errors[0].Path
		}
		resp.Errors = gqlerror.List{e}
	}
	return resp
}

// nullData reports whether a subscription response has no data: null, or
// its one root field null.
func nullData(data json.RawMessage) bool {
	var fields map[string]json.RawMessage
	if len(data) == 0 || string(data) == "null" {
		return true
	}
	if json.Unmarshal(data, &fields) != nil {
		return false
	}
	for _, v := range fields {
		if string(v) != "null" {
			return false
		}
	}
	return true
}

// sseShutdownGrace is how long an SSE stream may outlive the start of
// shutdown before it is cut.
const sseShutdownGrace = 2 * time.Second

// sse is gqlgen's SSE transport, counted per key and freed from the
// server's read deadline, which would otherwise end the stream.
type sse struct {
	transport.SSE
	l *live
}

func (t sse) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	p := auth.FromContext(r.Context())
	if !t.l.acquire(p) {
		writeError(w, r, http.StatusTooManyRequests, codeLimitExceeded,
			fmt.Sprintf("too many streams for this key (at most %d)", t.l.opts.MaxConnectionsPerKey))
		return
	}
	defer t.l.release(p)
	_ = http.NewResponseController(w).SetReadDeadline(time.Time{})
	// At shutdown the feed ends every subscription with SHUTTING_DOWN, which
	// ends its stream; a stream still open after a grace period (one running
	// something else) is cut.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(t.l.opts.Shutdown, func() { time.AfterFunc(sseShutdownGrace, cancel) })
	defer stop()
	t.SSE.Do(&deadlineStream{ResponseWriter: w, rc: http.NewResponseController(w), timeout: t.l.opts.WriteTimeout, cut: func(err error) {
		t.l.logger.WarnContext(ctx, "subscription stream cut: the client takes no writes", "transport", "sse", "error", err)
		cancel()
	}}, r.WithContext(ctx), exec)
}

// deadlineStream gives every write and flush of an SSE stream the write
// timeout; the first one that fails ends the stream (cut), whose
// subscription then stops. Without it, a client that stops reading blocks
// its stream's writer for good once the socket buffers are full.
type deadlineStream struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	cut     func(error)
	failed  bool // gqlgen's SSE transport writes under its own lock
}

func (d *deadlineStream) Write(p []byte) (int, error) {
	if d.failed {
		return 0, net.ErrClosed
	}
	_ = d.rc.SetWriteDeadline(time.Now().Add(d.timeout))
	n, err := d.ResponseWriter.Write(p)
	d.check(err)
	return n, err
}

func (d *deadlineStream) Flush() {
	if d.failed {
		return
	}
	_ = d.rc.SetWriteDeadline(time.Now().Add(d.timeout))
	d.check(d.rc.Flush())
}

func (d *deadlineStream) check(err error) {
	if err != nil {
		d.failed = true
		d.cut(err)
		return
	}
	_ = d.rc.SetWriteDeadline(time.Time{})
}

// goingAway is gqlgen's coder/websocket adapter with two changes: it closes
// WebSockets with 1001 rather than gqlgen's 1000 once the server shuts down,
// so clients know to reconnect (to another replica), and every write carries
// a deadline (gqlgen's have none), so a client that stops reading is cut
// instead of holding its connection and its key's slot for good.
type goingAway struct {
	transport.CoderWebsocketImplementation
	shutdown     context.Context
	open         *OpenWebSockets
	writeTimeout time.Duration
	logger       *slog.Logger
}

func (g goingAway) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	hw := &hijackRecorder{ResponseWriter: w, open: g.open}
	c, err := g.CoderWebsocketImplementation.Accept(hw, r, o)
	if err != nil {
		return nil, err
	}
	gc := goingAwayConn{WebsocketConn: c, shutdown: g.shutdown, netConn: hw.conn, writeTimeout: g.writeTimeout,
		logger: g.logger, ctx: r.Context()}
	if w, ok := r.Context().Value(awaitingInitKey{}).(*awaitingInit); ok {
		gc.awaitingInit = w
		w.watch(g.shutdown, func() { _ = gc.WriteClose(transport.WebsocketCloseNormalClosure, "") })
	}
	return gc, nil
}

// websocketTransport is gqlgen's WebSocket transport, with a WebSocket
// closed at shutdown also before its connection_init: until then gqlgen
// only waits for the message (up to InitTimeout) and nothing else watches
// the connection (watchIdle starts with the init).
type websocketTransport struct{ transport.Websocket }

func (t websocketTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.Websocket.Do(w, r.WithContext(context.WithValue(r.Context(), awaitingInitKey{}, &awaitingInit{})), exec)
}

type awaitingInitKey struct{}

// awaitingInit closes a WebSocket at shutdown until its connection_init
// is accepted.
type awaitingInit struct {
	mu   sync.Mutex
	done bool
	stop func() bool
}

func (a *awaitingInit) watch(shutdown context.Context, closeConn func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stop = context.AfterFunc(shutdown, func() {
		a.mu.Lock()
		done := a.done
		a.mu.Unlock()
		if !done {
			closeConn()
		}
	})
}

// initialised (or closed): shutdown no longer concerns it.
func (a *awaitingInit) initialised() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done = true
	if a.stop != nil {
		a.stop()
	}
}

// hijackRecorder keeps the connection the WebSocket library hijacks, for its
// write deadline, and counts it in open.
type hijackRecorder struct {
	http.ResponseWriter
	open *OpenWebSockets
	conn net.Conn
}

func (h *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.conn = h.open.track(c)
	return h.conn, rw, nil
}

type goingAwayConn struct {
	transport.WebsocketConn
	shutdown     context.Context
	netConn      net.Conn
	writeTimeout time.Duration
	logger       *slog.Logger
	ctx          context.Context
	awaitingInit *awaitingInit // nil outside the server's transport
}

func (c goingAwayConn) Close() error {
	if c.awaitingInit != nil {
		c.awaitingInit.initialised()
	}
	return c.WebsocketConn.Close()
}

// WriteJSON writes one message within the write timeout. gqlgen serialises
// these writes. A write that times out is a client that stopped reading: it
// leaves a frame half-written, no close frame can follow it, and the client
// could not read one, so the connection is cut; gqlgen's read loop then ends
// and closes it (CloseFunc frees the key's slot). Any other write error is
// a connection the peer or the server has already closed (a client closing
// normally while gqlgen writes a subscription's `complete`): nothing to
// report or close.
func (c goingAwayConn) WriteJSON(v any) error {
	_ = c.netConn.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	err := c.WebsocketConn.WriteJSON(v)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			c.logger.WarnContext(c.ctx, "subscription stream cut: the client takes no writes", "transport", "websocket", "error", err)
			_ = c.netConn.Close()
		}
		return err
	}
	_ = c.netConn.SetWriteDeadline(time.Time{})
	return nil
}

func (c goingAwayConn) WriteClose(code int, msg string) error {
	if c.shutdown.Err() != nil && code == transport.WebsocketCloseNormalClosure {
		code, msg = closeGoingAway, "server shutting down"
	}
	// The close frame gets the write timeout too (it is written in the
	// background, after which the connection is closed anyway).
	_ = c.netConn.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	return c.WebsocketConn.WriteClose(code, msg)
}

func (c goingAwayConn) SetReadLimit(n int64) {
	if rl, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		rl.SetReadLimit(n)
	}
}

func (c goingAwayConn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}

// isStream reports whether r opens a WebSocket or an SSE stream.
func isStream(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// checkOrigin refuses a WebSocket upgrade from a browser page of an origin
// the CORS settings do not allow (browsers do not apply CORS to WebSockets).
// Requests without Origin (not from a browser) and same-origin ones pass.
func checkOrigin(allowed []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if r.Header.Get("Upgrade") == "" || origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		u, err := url.Parse(origin)
		if err == nil && (strings.EqualFold(u.Host, r.Host) || slices.Contains(allowed, origin) || slices.Contains(allowed, "*")) {
			next.ServeHTTP(w, r)
			return
		}
		writeError(w, r, http.StatusForbidden, "ORIGIN_NOT_ALLOWED", "WebSocket connections from "+origin+" are not allowed (see JOURNEYGRAPH_CORS_ORIGINS)")
	})
}
