// Command explorer drives the Journey Explorer in headless Chromium against a
// running API. By default it measures every view: the time from navigation to
// the view's data-ready marker (median of -runs loads, with the browser cache
// off and on), how much of it the GraphQL requests took, and the page weight
// (bytes transferred, compressed, as Chromium's Network domain counts them).
// scripts/bench-explorer.sh (make bench-explorer) runs it on the
// 1M-touchpoint data set. With -screenshots DIR it instead writes one PNG of
// each view at 1280×800 (scripts/screenshots.sh, make screenshots).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// views lists every view the explorer has, in the order of its navigation
// bar; the account view's path gets an account id appended.
var views = []struct{ name, path string }{
	{"funnel", "/explore/funnel"},
	{"paths", "/explore/paths"},
	{"linkages", "/explore/linkages"},
	{"account", "/explore/accounts/"},
	{"attribution", "/explore/attribution"},
	{"coverage", "/explore/coverage"},
	{"map", "/explore/map"},
}

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "explorer:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("explorer", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "the API's base URL (local development mode: no key)")
	runs := fs.Int("runs", 5, "measured loads per view and cache state")
	account := fs.String("account", "", "account id for the account view (default: the longest journey among the first 50 accounts)")
	only := fs.String("views", "", "comma-separated views to measure or capture (default: all)")
	shots := fs.String("screenshots", "", "write one PNG per view into this directory instead of measuring")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long one load may take before the run fails")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	baseURL, err := url.Parse(strings.TrimRight(*base, "/"))
	if err != nil {
		return fmt.Errorf("-base: %w", err)
	}
	if *account == "" {
		if *account, err = longestJourney(ctx, baseURL.String()); err != nil {
			return fmt.Errorf("choose an account: %w", err)
		}
	}
	var targets []target
	for _, v := range views {
		if *only != "" && !contains(strings.Split(*only, ","), v.name) {
			continue
		}
		path := v.path
		if v.name == "account" {
			path += url.PathEscape(*account)
		}
		targets = append(targets, target{name: v.name, url: baseURL.String() + path})
	}
	if len(targets) == 0 {
		return fmt.Errorf("-views %q names no view", *only)
	}
	b, err := startBrowser(ctx)
	if err != nil {
		return err
	}
	defer b.close()
	if *shots != "" {
		return screenshots(b, targets, *shots, *timeout)
	}
	return measure(b, targets, *runs, *timeout, os.Stdout, os.Stderr)
}

// target is one view's URL.
type target struct{ name, url string }

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}
