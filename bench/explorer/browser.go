package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/journeygraph/journeygraph/internal/headless"
)

// browser is one headless Chromium; every load gets a tab of its own.
type browser struct {
	ctx    context.Context
	cancel []context.CancelFunc
}

func startBrowser(ctx context.Context) (*browser, error) {
	path, err := headless.Path()
	if err != nil {
		return nil, err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, headless.Options(path)...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	b := &browser{ctx: browserCtx, cancel: []context.CancelFunc{cancelAlloc, cancelBrowser}}
	if err := chromedp.Do(browserCtx); err != nil {
		b.close()
		return nil, fmt.Errorf("headless Chromium: %w", err)
	}
	return b, nil
}

func (b *browser) close() {
	for i := len(b.cancel) - 1; i >= 0; i-- {
		b.cancel[i]()
	}
}

// markReady records, in the page, when each view root first carries
// data-ready="true" or data-error: performance.now() is milliseconds since the
// navigation started, so the mark is the time to data-ready without the
// delay of polling it from here.
const markReady = `(() => {
  window.__explorerMarks = {};
  const mark = () => {
    for (const el of document.querySelectorAll('[data-view]')) {
      const view = el.dataset.view;
      if (window.__explorerMarks[view]) continue;
      if (el.dataset.error) window.__explorerMarks[view] = { at: performance.now(), error: el.dataset.error, message: (el.querySelector('.error') || el).textContent.trim().slice(0, 300) };
      else if (el.dataset.ready === 'true') window.__explorerMarks[view] = { at: performance.now() };
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready', 'data-error'] });
})()`

// apiTiming sums the page's /graphql requests from its resource timing:
// from the request's start to the last byte of the answer, and the part of it
// spent waiting for the first byte (the server's work).
const apiTiming = `(() => {
  const entries = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/graphql');
  return {
    requests: entries.length,
    total: entries.reduce((s, e) => s + e.responseEnd - e.startTime, 0),
    waiting: entries.reduce((s, e) => s + e.responseStart - e.requestStart, 0),
    firstStart: entries.length ? Math.min(...entries.map((e) => e.startTime)) : 0,
  };
})()`

// tab is one browser tab that counts what its page transferred.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	bytes  float64  // encoded (compressed) bytes of finished requests, headers included
	counts int      // finished requests
	errs   []string // uncaught exceptions
}

func (b *browser) newTab(cacheDisabled bool) (*tab, error) {
	t := &tab{}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(t.listen))
	t.ctx, t.cancel = ctx, cancel
	// The first call opens the tab; chromedp enables the network events there.
	err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800))
	if err == nil {
		_, err = chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: cacheDisabled})
	}
	if err == nil {
		_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: markReady})
	}
	if err != nil {
		cancel()
		return nil, err
	}
	return t, nil
}

func (t *tab) listen(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventLoadingFinished:
		t.bytes += ev.EncodedDataLength
		t.counts++
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		desc := d.Text
		if d.Exception != nil {
			desc += " " + d.Exception.Description
		}
		t.errs = append(t.errs, desc)
	}
}

// load is what one navigation to a view measured.
type load struct {
	readyMS    float64 // navigation start to data-ready
	apiMS      float64 // the /graphql requests, start to last byte, summed
	waitMS     float64 // of which waiting for the first byte (the server's work)
	firstAPIMS float64 // navigation start to the first /graphql request (the app's files loaded and run)
	requests   int     // /graphql requests
	bytes      float64 // everything transferred, compressed
	files      int     // requests finished
}

// readyMark is what markReady recorded for a view.
type readyMark struct {
	At      float64 `json:"at"`
	Error   string  `json:"error"`
	Message string  `json:"message"`
}

// graphqlTiming is what apiTiming returns.
type graphqlTiming struct {
	Requests   int     `json:"requests"`
	Total      float64 `json:"total"`
	Waiting    float64 `json:"waiting"`
	FirstStart float64 `json:"firstStart"`
}

// open navigates the tab to v and waits for its data-ready mark; a data-error
// mark, an uncaught exception or the timeout fails the load.
func (t *tab) open(v target, timeout time.Duration) (load, error) {
	t.mu.Lock()
	t.bytes, t.counts, t.errs = 0, 0, nil
	t.mu.Unlock()
	ctx, cancel := context.WithTimeout(t.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(v.url)); err != nil {
		return load{}, fmt.Errorf("%s: %w", v.url, err)
	}
	mark, err := chromedp.Run(ctx, chromedp.Poll[readyMark](fmt.Sprintf(`window.__explorerMarks && window.__explorerMarks[%q]`, v.name),
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return load{}, fmt.Errorf("%s never became ready: %w", v.url, err)
	}
	api, err := chromedp.Run(ctx, chromedp.Evaluate[graphqlTiming](apiTiming))
	if err != nil {
		return load{}, fmt.Errorf("%s: %w", v.url, err)
	}
	if mark.Error != "" {
		return load{}, fmt.Errorf("%s answered with an error: %s: %s", v.url, mark.Error, mark.Message)
	}
	// Let the last loadingFinished events (sent after the answer was read) arrive.
	time.Sleep(200 * time.Millisecond)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.errs) > 0 {
		return load{}, fmt.Errorf("%s: the page threw: %s", v.url, strings.Join(t.errs, "; "))
	}
	return load{readyMS: mark.At, apiMS: api.Total, waitMS: api.Waiting, firstAPIMS: api.FirstStart,
		requests: api.Requests, bytes: t.bytes, files: t.counts}, nil
}

// longestJourney asks the API for the first 50 accounts and returns the one
// with the most touchpoints, so the account view shows a long timeline.
func longestJourney(ctx context.Context, base string) (string, error) {
	body, _ := json.Marshal(map[string]string{"query": `{ accounts(first: 50) { edges { node { id journey(first: 1) { totalCount } } } } }`})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var answer struct {
		Data struct {
			Accounts struct {
				Edges []struct {
					Node struct {
						ID      string `json:"id"`
						Journey struct {
							TotalCount int `json:"totalCount"`
						} `json:"journey"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"accounts"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		return "", fmt.Errorf("%s: %s: %w", base, res.Status, err)
	}
	if len(answer.Errors) > 0 {
		return "", fmt.Errorf("%s", answer.Errors[0].Message)
	}
	best, most := "", -1
	for _, e := range answer.Data.Accounts.Edges {
		if e.Node.Journey.TotalCount > most {
			best, most = e.Node.ID, e.Node.Journey.TotalCount
		}
	}
	if best == "" {
		return "", fmt.Errorf("the database has no account: seed it first")
	}
	return best, nil
}
