package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshots writes dir/<view>.png for every target: the 1280×800 viewport
// once the view is ready and its charts' entry animations have ended.
func screenshots(b *browser, targets []target, dir string, timeout time.Duration) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, v := range targets {
		t, err := b.newTab(false)
		if err != nil {
			return err
		}
		err = capture(t, v, filepath.Join(dir, v.name+".png"), timeout)
		t.cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

const scrollToResults = `(() => {
  const chart = document.querySelector('[data-view] [data-chart]');
  const results = document.querySelector('[data-view] .results');
  if (!chart || !results || chart.getBoundingClientRect().bottom <= innerHeight) return 0;
  window.scrollTo(0, results.getBoundingClientRect().top + scrollY - 8);
  return scrollY;
})()`

func capture(t *tab, v target, file string, timeout time.Duration) error {
	if _, err := t.open(v, timeout); err != nil {
		return err
	}
	// When the controls push the first chart below the fold, show the
	// results from their top instead: the picture is there to show the chart.
	if _, err := chromedp.Run(t.ctx, chromedp.Evaluate[float64](scrollToResults)); err != nil {
		return fmt.Errorf("%s: scroll: %w", v.name, err)
	}
	// ECharts animates a chart in for up to a second after drawing it.
	time.Sleep(1500 * time.Millisecond)
	shot, err := chromedp.Run(t.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return fmt.Errorf("%s: screenshot: %w", v.name, err)
	}
	// Chromium writes quickly rather than small; the best compression
	// roughly halves the file the repository keeps.
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		return fmt.Errorf("%s: screenshot: %w", v.name, err)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return err
	}
	if buf.Len() < len(shot) {
		shot = buf.Bytes()
	}
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %s (%s)\n", v.name, file, kb(float64(len(shot))))
	return nil
}
