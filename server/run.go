package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/journeys"
	"github.com/journeygraph/journeygraph/segment"
	"github.com/journeygraph/journeygraph/server/explorer"
	"github.com/journeygraph/journeygraph/server/guide"
	"github.com/journeygraph/journeygraph/store"
)

// Run connects to Neo4j, applies migrations when configured, and serves the
// API until ctx is cancelled, then drains in-flight requests. ready, when not
// nil, is called with the bound address once the listener is open.
func Run(ctx context.Context, cfg config.Config, logger *slog.Logger, ready func(addr string)) error {
	if err := cfg.CheckServe(); err != nil {
		return err
	}
	keys, err := auth.NewKeyring(cfg.APIKeys)
	if err != nil {
		return err
	}
	if cfg.AuthDisabled {
		logger.Warn("!!! AUTHENTICATION DISABLED (JOURNEYGRAPH_AUTH_DISABLED=true): every caller is ADMIN. "+
			"Local development only; never expose this server.", "listen", cfg.ListenAddr)
	} else {
		logger.Info("API keys loaded", "keys", keys.Len())
	}
	metrics := NewMetrics(logger, cfg.SlowThreshold)
	st, err := store.Open(cfg.Neo4j, metrics.ObserveQuery)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	st.SetLogger(logger)

	if cfg.MigrateOnStart {
		mctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		err := st.Migrate(mctx)
		cancel()
		if err != nil {
			return fmt.Errorf("migrate %s (database %q): %w", cfg.Neo4j.URI, cfg.Neo4j.Database, err)
		}
		logger.Info("schema migrations applied")
	}

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	// The feed's poller stops, and streams are closed, when shutdown starts:
	// Shutdown does not wait for hijacked WebSockets, and would wait for SSE
	// streams until its timeout.
	stopping, stopStreams := context.WithCancel(context.WithoutCancel(ctx))
	defer stopStreams()
	hub := feed.New(st, feed.Config{PollInterval: cfg.FeedPollInterval, Retention: cfg.FeedRetention, Backlog: cfg.SubscriptionBacklog}, logger)
	hubDone := make(chan struct{})
	go func() { defer close(hubDone); hub.Run(stopping) }()
	defer func() { stopStreams(); <-hubDone }()

	opts := OptionsFromConfig(cfg, keys, metrics)
	opts.ListenAddr = ln.Addr().String() // the bound port, also when configured as :0
	opts.Feed = hub
	if cfg.JourneyCache {
		opts.Journeys = journeys.New(st)
	}
	opts.Live.Shutdown = stopping
	webSockets := &OpenWebSockets{}
	opts.Live.WebSockets = webSockets
	if cfg.SegmentEnabled() {
		seg, err := segmentOptions(ctx, cfg, logger)
		if err != nil {
			ln.Close()
			return err
		}
		opts.Segment = seg
	}
	srv := &http.Server{
		Handler:           NewHandler(st, opts, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	addr := ln.Addr().String()
	graphiqlURL := "off"
	if cfg.GraphiQL {
		graphiqlURL = "http://" + addr + "/"
	}
	explorerURL := "off"
	if cfg.Explorer {
		explorerURL = "http://" + addr + explorer.Prefix
	}
	guideURL := "off"
	if cfg.Guide {
		guideURL = "http://" + addr + guide.Prefix
	}
	logger.Info("JourneyGraph API listening",
		"explorer", explorerURL, "guide", guideURL, "graphiql", graphiqlURL, "graphql", "http://"+addr+"/graphql", "introspection", cfg.Introspection,
		"neo4j", cfg.Neo4j.URI, "database", cfg.Neo4j.Database)
	if ready != nil {
		ready(addr)
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: draining in-flight requests", "timeout", cfg.ShutdownTimeout)
	stopStreams()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// Every WebSocket is being closed with 1001 (stopStreams): wait until
	// their close frames are written, within the same timeout.
	if err := webSockets.Wait(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// segmentOptions loads the write keys and the mapping, and keeps the
// mapping current: re-read when the file changes (checked every 2 s) and on
// SIGHUP, until ctx ends. Every replica reading the same file maps alike.
func segmentOptions(ctx context.Context, cfg config.Config, logger *slog.Logger) (*SegmentOptions, error) {
	writeKeys, err := auth.NewKeyring(cfg.SegmentWriteKeys)
	if err != nil {
		return nil, fmt.Errorf("segment write keys: %w", err)
	}
	mapper, err := segment.NewMapper(cfg.SegmentMappingFile)
	if err != nil {
		return nil, err
	}
	mapping := "built-in default"
	if mapper.Path() != "" {
		mapping = mapper.Path()
		go mapper.Watch(ctx.Done(), 2*time.Second, logger)
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		go func() {
			defer signal.Stop(hup)
			for {
				select {
				case <-ctx.Done():
					return
				case <-hup:
					mapper.ReloadAndLog(logger, "SIGHUP")
				}
			}
		}()
	}
	logger.Info("Segment source on: POST /v1/track, /v1/identify, /v1/group, /v1/page, /v1/batch", "writeKeys", writeKeys.Len(), "mapping", mapping)
	return &SegmentOptions{WriteKeys: writeKeys, Mapper: mapper}, nil
}

// OptionsFromConfig turns the process configuration into handler options;
// tests use it to check the production defaults, not their own.
func OptionsFromConfig(cfg config.Config, keys *auth.Keyring, metrics *Metrics) Options {
	return Options{
		Keys:            keys,
		AuthDisabled:    cfg.AuthDisabled,
		Introspection:   cfg.Introspection,
		GraphiQL:        cfg.GraphiQL,
		ListenAddr:      cfg.ListenAddr,
		DevHosts:        cfg.DevHosts,
		Explorer:        cfg.Explorer,
		Guide:           cfg.Guide,
		MaxDepth:        cfg.MaxDepth,
		MaxAliases:      cfg.MaxAliases,
		MaxDirectives:   cfg.MaxDirectives,
		Metrics:         metrics,
		SlowThreshold:   cfg.SlowThreshold,
		CORSOrigins:     cfg.CORSOrigins,
		RequestTimeout:  cfg.RequestTimeout,
		ComplexityLimit: cfg.ComplexityLimit,
		MaxBodyBytes:    cfg.MaxBodyBytes,
		ParserTokens:    cfg.ParserTokens,
		QueryCacheSize:  cfg.QueryCacheSize,
		APQCacheSize:    cfg.APQCacheSize,
		Live: LiveOptions{
			MaxSubscriptionsPerConnection: cfg.MaxSubscriptionsPerConnection,
			MaxConnectionsPerKey:          cfg.MaxConnectionsPerKey,
			IdleTimeout:                   cfg.SubscriptionIdleTimeout,
			InitTimeout:                   10 * time.Second,
			KeepAlive:                     25 * time.Second,
		},
	}
}

// NewLogger builds the process logger from the configured format and level.
func NewLogger(cfg config.Config, w interface{ Write([]byte) (int, error) }) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(ContextHandler{h})
}
