package segment

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

//go:embed default-mapping.json
var defaultMapping []byte

// DefaultMappingJSON is the mapping used when no file is configured, and a
// starting point for one.
func DefaultMappingJSON() []byte { return append([]byte(nil), defaultMapping...) }

// Mapping turns track event names and page paths into touchpoint type keys.
type Mapping struct {
	exact       map[string]string // lower-cased event name → type
	patterns    []rule            // in file order
	pages       []rule            // in file order
	pageDefault string            // "" maps other pages to nothing (skipped)
}

type rule struct {
	re      *regexp.Regexp
	typeKey string
}

type mappingFile struct {
	Track []struct {
		Event   string `json:"event"`
		Pattern string `json:"pattern"`
		Type    string `json:"type"`
	} `json:"track"`
	Page []struct {
		Path string `json:"path"`
		Type string `json:"type"`
	} `json:"page"`
	PageDefault *string `json:"pageDefault"`
	Comment     any     `json:"_comment"`
}

// ParseMapping reads a mapping file (see default-mapping.json); source names
// it in errors.
func ParseMapping(b []byte, source string) (*Mapping, error) {
	var f mappingFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: not a Segment mapping: %w", source, err)
	}
	m := &Mapping{exact: map[string]string{}}
	checkType := func(where, key string) error {
		if err := journey.ValidateKey("type", key); err != nil {
			return fmt.Errorf("%s: %s: type %q is not a touchpoint type key", source, where, key)
		}
		return nil
	}
	for i, t := range f.Track {
		where := fmt.Sprintf("track[%d]", i)
		if err := checkType(where, t.Type); err != nil {
			return nil, err
		}
		switch {
		case (t.Event == "") == (t.Pattern == ""):
			return nil, fmt.Errorf("%s: %s: give exactly one of event and pattern", source, where)
		case t.Event != "":
			name := normalizeEvent(t.Event)
			if _, dup := m.exact[name]; dup {
				return nil, fmt.Errorf("%s: %s: event %q is mapped twice", source, where, t.Event)
			}
			m.exact[name] = t.Type
		default:
			m.patterns = append(m.patterns, rule{re: glob(normalizeEvent(t.Pattern)), typeKey: t.Type})
		}
	}
	for i, p := range f.Page {
		where := fmt.Sprintf("page[%d]", i)
		if err := checkType(where, p.Type); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(p.Path, "/") {
			return nil, fmt.Errorf("%s: %s: path %q must start with /", source, where, p.Path)
		}
		m.pages = append(m.pages, rule{re: glob(p.Path), typeKey: p.Type})
	}
	if f.PageDefault != nil && *f.PageDefault != "" {
		if err := checkType("pageDefault", *f.PageDefault); err != nil {
			return nil, err
		}
		m.pageDefault = *f.PageDefault
	}
	return m, nil
}

// normalizeEvent compares event names case-insensitively, with runs of
// spaces as one.
func normalizeEvent(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// glob compiles a pattern whose * matches any run of characters.
func glob(p string) *regexp.Regexp {
	parts := strings.Split(p, "*")
	for i, part := range parts {
		parts[i] = regexp.QuoteMeta(part)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// Track returns the type of a track event: an exact name first, then the
// first pattern that matches.
func (m *Mapping) Track(event string) (string, bool) {
	name := normalizeEvent(event)
	if t, ok := m.exact[name]; ok {
		return t, true
	}
	for _, r := range m.patterns {
		if r.re.MatchString(name) {
			return r.typeKey, true
		}
	}
	return "", false
}

// Page returns the type of a page view by its path: the first matching path
// rule, else the default.
func (m *Mapping) Page(path string) (string, bool) {
	for _, r := range m.pages {
		if r.re.MatchString(path) {
			return r.typeKey, true
		}
	}
	return m.pageDefault, m.pageDefault != ""
}

// Mapper holds the current mapping: the built-in default, or a file read at
// start and again when it changes (Watch) or on Reload (SIGHUP).
type Mapper struct {
	path    string
	current atomic.Pointer[Mapping]
	mu      sync.Mutex
	stamp   fileStamp
}

type fileStamp struct {
	mod  time.Time
	size int64
}

// NewMapper loads path, or the default mapping when path is empty. A bad
// file is an error: the server does not start with a mapping it cannot read.
func NewMapper(path string) (*Mapper, error) {
	mp := &Mapper{path: path}
	if path == "" {
		m, err := ParseMapping(defaultMapping, "default mapping")
		if err != nil {
			return nil, err
		}
		mp.current.Store(m)
		return mp, nil
	}
	if _, err := mp.Reload(); err != nil {
		return nil, err
	}
	return mp, nil
}

// Mapping returns the mapping in force.
func (mp *Mapper) Mapping() *Mapping { return mp.current.Load() }

// Path is the mapping file, "" for the built-in default.
func (mp *Mapper) Path() string { return mp.path }

// Reload reads the file again and reports whether it was read; on an error
// the mapping in force stays.
func (mp *Mapper) Reload() (bool, error) {
	if mp.path == "" {
		return false, nil
	}
	mp.mu.Lock()
	defer mp.mu.Unlock()
	info, err := os.Stat(mp.path)
	if err != nil {
		return false, fmt.Errorf("segment mapping: %w", err)
	}
	b, err := os.ReadFile(mp.path)
	if err != nil {
		return false, fmt.Errorf("segment mapping: %w", err)
	}
	m, err := ParseMapping(b, mp.path)
	if err != nil {
		return false, err
	}
	mp.current.Store(m)
	mp.stamp = fileStamp{mod: info.ModTime(), size: info.Size()}
	return true, nil
}

// changed reports whether the file's modification time or size differ from
// the version loaded.
func (mp *Mapper) changed() bool {
	info, err := os.Stat(mp.path)
	if err != nil {
		return false
	}
	mp.mu.Lock()
	defer mp.mu.Unlock()
	return info.ModTime() != mp.stamp.mod || info.Size() != mp.stamp.size
}

// Watch reloads the file whenever it changes, checking every interval, until
// done is closed. A file that does not parse is logged and the mapping in
// force stays.
func (mp *Mapper) Watch(done <-chan struct{}, interval time.Duration, logger *slog.Logger) {
	if mp.path == "" {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if mp.changed() {
				mp.ReloadAndLog(logger, "file changed")
			}
		}
	}
}

// ReloadAndLog reloads and logs the outcome; why says what triggered it.
func (mp *Mapper) ReloadAndLog(logger *slog.Logger, why string) {
	if ok, err := mp.Reload(); err != nil {
		logger.Error("segment mapping not reloaded; the previous one stays in force", "trigger", why, "error", err)
	} else if ok {
		logger.Info("segment mapping reloaded", "trigger", why, "file", mp.path)
	}
}
