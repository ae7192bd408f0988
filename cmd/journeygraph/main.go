// Command journeygraph is the JourneyGraph API server and its admin commands.
//
//	journeygraph [flags]            serve the GraphQL API (same as `serve`)
//	journeygraph serve [flags]      serve the GraphQL API
//	journeygraph migrate [flags]    create constraints and indexes, then exit
//	journeygraph import -kind KIND [flags] FILE.csv
//	                                import a CSV export's touchpoints (docs/import.md)
//	journeygraph seed [flags]       load deterministic synthetic journeys (demo and benchmark data)
//	journeygraph bulkload -out DIR | -finish
//	                                the same journeys as CSV for neo4j-admin's offline import (docs/bulk-load.md)
//	journeygraph export -format xes|ocel2-json [-o FILE] [scope flags]
//	                                write an event log for process mining (docs/export.md)
//
// Settings come from the environment; flags override them (`-h` lists both).
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "journeygraph:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	command := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		command, args = args[0], args[1:]
	}
	if command == "import" {
		return importCommand(ctx, args, getenv, stderr)
	}
	if command == "export" {
		return exportCommand(ctx, args, getenv, stderr)
	}
	if command == "bulkload" {
		return bulkloadCommand(ctx, args, getenv, stderr)
	}
	if command == "seed" {
		// Its own flags, on top of the settings.
		return seedCommand(ctx, args, getenv, stderr)
	}
	cfg, rest, err := config.Load("journeygraph "+command, args, getenv, stderr)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments: %v", rest)
	}
	logger := server.NewLogger(cfg, stderr)

	switch command {
	case "serve":
		return server.Run(ctx, cfg, logger, nil)
	case "migrate":
		return migrate(ctx, cfg, logger)
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, import, seed, bulkload or export)", command)
	}
}

func migrate(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	st, err := store.Open(cfg.Neo4j, nil)
	if err != nil {
		return err
	}
	st.SetLogger(logger)
	defer st.Close(context.WithoutCancel(ctx))
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", cfg.Neo4j.URI, err)
	}
	migrations, _ := store.Migrations()
	fmt.Printf("applied %d schema statements to database %q\n", len(migrations), cfg.Neo4j.Database)
	return nil
}
