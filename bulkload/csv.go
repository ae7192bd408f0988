package bulkload

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// csvFile is one import file: a header line naming each column's property
// and type in neo4j-admin's syntax, then one row per node or relationship.
type csvFile struct {
	path string
	f    *os.File
	w    *bufio.Writer // nil in a Part: rows collect in out
	out  []byte
	cols int
	rows int
	row  []byte
	n    int // fields in the current row
}

func createCSV(dir, name string, header ...string) (*csvFile, error) {
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	c := &csvFile{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20), cols: len(header)}
	_, err = c.w.WriteString(strings.Join(header, ",") + "\n")
	return c, err
}

// The field appenders write one value each; a nil pointer is an empty,
// unquoted field, which the importer reads as "no property".

func (c *csvFile) sep() {
	if c.n > 0 {
		c.row = append(c.row, ',')
	}
	c.n++
}

// str writes a string quoted (quotes doubled, RFC 4180), so that an empty
// string stays a property.
func (c *csvFile) str(s string) *csvFile {
	c.sep()
	c.row = append(c.row, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			c.row = append(c.row, '"')
		}
		c.row = append(c.row, s[i])
	}
	c.row = append(c.row, '"')
	return c
}

func (c *csvFile) optStr(s *string) *csvFile {
	if s == nil {
		return c.null()
	}
	return c.str(*s)
}

func (c *csvFile) null() *csvFile { c.sep(); return c }

func (c *csvFile) float(v float64) *csvFile {
	c.sep()
	c.row = strconv.AppendFloat(c.row, v, 'g', -1, 64)
	return c
}

func (c *csvFile) optFloat(v *float64) *csvFile {
	if v == nil {
		return c.null()
	}
	return c.float(*v)
}

func (c *csvFile) int(v int) *csvFile {
	c.sep()
	c.row = strconv.AppendInt(c.row, int64(v), 10)
	return c
}

// time writes a datetime as the driver stores a UTC time.Time: in the named
// zone UTC ("…Z[UTC]"), so that imported and online values print the same.
func (c *csvFile) time(t time.Time) *csvFile {
	c.sep()
	c.row = t.UTC().AppendFormat(c.row, "2006-01-02T15:04:05.999999999Z07:00")
	c.row = append(c.row, "[UTC]"...)
	return c
}

// bytes writes a byte[] property: signed values (Java bytes) joined by the
// importer's array delimiter.
func (c *csvFile) bytes(b []byte) *csvFile {
	c.sep()
	for i, v := range b {
		if i > 0 {
			c.row = append(c.row, ';')
		}
		c.row = strconv.AppendInt(c.row, int64(int8(v)), 10)
	}
	return c
}

// end finishes the row. A value with a line break would need the importer's
// slow multi-line mode, so it is refused instead.
func (c *csvFile) end() error {
	defer func() { c.row, c.n = c.row[:0], 0 }()
	if c.n != c.cols {
		return fmt.Errorf("%s: row has %d fields, header %d", c.path, c.n, c.cols)
	}
	if bytes.ContainsAny(c.row, "\r\n") {
		return fmt.Errorf("%s: a value contains a line break, which the bulk load does not support: %.80s", c.path, c.row)
	}
	c.row = append(c.row, '\n')
	c.rows++
	if c.w == nil {
		c.out = append(c.out, c.row...)
		return nil
	}
	_, err := c.w.Write(c.row)
	return err
}

// appendPart writes the rows a Part's file collected and empties it.
func (c *csvFile) appendPart(part *csvFile) error {
	_, err := c.w.Write(part.out)
	c.rows += part.rows
	part.out, part.rows = part.out[:0], 0
	return err
}

func (c *csvFile) close() error {
	if c.w == nil {
		return nil
	}
	err := c.w.Flush()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}
