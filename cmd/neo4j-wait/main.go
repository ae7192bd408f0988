// Command neo4j-wait blocks until a Neo4j server answers the Go driver's
// VerifyConnectivity, so scripts/neo4j.sh reports "ready" exactly when the API
// could connect. It gives up at -timeout, or at once when the server process
// named by -pid has died.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "neo4j-wait:", err)
		os.Exit(1)
	}
}

func run() error {
	uri := flag.String("uri", "bolt://127.0.0.1:7687", "Bolt URI")
	user := flag.String("user", "neo4j", "user name")
	password := flag.String("password", "", "password")
	timeout := flag.Duration("timeout", 3*time.Minute, "how long to wait")
	pid := flag.Int("pid", 0, "server process id; stop waiting when it exits")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.BasicAuth(*user, *password, ""))
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())

	var lastErr error
	for {
		if *pid > 0 && syscall.Kill(*pid, 0) != nil {
			return fmt.Errorf("server process %d exited before it was ready", *pid)
		}
		attempt, cancelAttempt := context.WithTimeout(ctx, 5*time.Second)
		lastErr = driver.VerifyConnectivity(attempt)
		cancelAttempt()
		if lastErr == nil {
			return nil
		}
		var neoErr *neo4j.Neo4jError
		if errors.As(lastErr, &neoErr) && neoErr.Code == "Neo.ClientError.Security.Unauthorized" {
			return fmt.Errorf("server is up but rejected the credentials: %w", lastErr)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready after %s: %w", *timeout, lastErr)
		case <-time.After(500 * time.Millisecond):
		}
	}
}
