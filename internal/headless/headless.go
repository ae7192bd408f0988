// Package headless finds and configures Debian's Chromium (installed by
// scripts/ensure-chromium.sh) the way the explorer's browser tests and the
// explorer's benchmark and screenshot tool run it: headless, 1280×800.
package headless

import (
	"errors"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary.
func Path() (string, error) {
	// Debian's /usr/bin/chromium is a launcher script; the binary itself
	// takes the flags directly.
	if _, err := os.Stat("/usr/lib/chromium/chromium"); err == nil {
		return "/usr/lib/chromium/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium is not installed: run scripts/ensure-chromium.sh (make test does)")
}

// Options are the allocator options for the Chromium at path.
func Options(path string) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("lang", "en-US"),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run its sandbox as root (CI containers).
		opts = append(opts, chromedp.NoSandbox)
	}
	return opts
}
