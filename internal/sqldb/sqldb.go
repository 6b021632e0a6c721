package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Row is a row of a query's result.
type Row interface {
	Scan(dest ...any) error
}

// Rows are the rows of a query's result, read one at a time: Next, Scan,
// and Err once Next has said there are no more. Close them when done.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Tx runs queries in one transaction, or, for reads, on the database.
// Queries are written with ? placeholders; a database that numbers them
// ($1, $2, ...) rewrites them (Numbered).
type Tx interface {
	QueryRow(ctx context.Context, query string, args ...any) Row
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	Exec(ctx context.Context, query string, args ...any) error
}

// DB is an open database.
type DB interface {
	// InTx runs f in a transaction that excludes every other change of
	// what it reads (SQLite: a write transaction; PostgreSQL: with the
	// locks f takes through Dialect.Lock and ForUpdate), committed when f
	// returns nil. It returns nil only when the commit succeeded.
	InTx(ctx context.Context, f func(Tx) error) error
	// ReadTx runs f in a read-only transaction that sees one snapshot of
	// the database (SQLite: a deferred transaction, which does not hold
	// off writers; PostgreSQL: REPEATABLE READ), for reads that must
	// agree with each other, such as a count and a page.
	ReadTx(ctx context.Context, f func(Tx) error) error
	// Read runs single queries outside a transaction.
	Read() Tx
	// Dialect says how the database differs.
	Dialect() *Dialect
	// Migrate brings component's schema up to date (the package function
	// Migrate), serialized against other processes doing the same.
	Migrate(ctx context.Context, component string, migrations []string, legacy func(context.Context, Tx) (int, error)) error
	// Close closes the database.
	Close() error
}

// Dialect is how a database differs in what the stores run.
type Dialect struct {
	// Name prefixes errors ("sqlitestore", "pgstore").
	Name string
	// NoRows is the driver's error for a query that found nothing.
	NoRows error
	// ForUpdate is appended to a SELECT of rows a transaction goes on to
	// change: " FOR UPDATE" where rows are locked one by one, "" where a
	// write transaction excludes all others.
	ForUpdate string
	// Blob is the column type of bytes (BLOB, BYTEA); Time that of a
	// time, read back as a time.Time or as TextStamp's text (ReadTime).
	Blob, Time string
	// Stamp is a time as a query argument for a Time column.
	Stamp func(time.Time) any
	// Lock serializes, until the end of tx, the transactions that lock the
	// same keys (PostgreSQL: an advisory lock; SQLite: nothing, as its
	// write transactions exclude each other already).
	Lock func(ctx context.Context, tx Tx, keys ...string) error
}

// Migrate brings the schema of component up to date in tx: it applies the
// migrations not yet recorded in the clrkit_migrations table, in order,
// and records the new version. legacy, when not nil, returns the version a
// database made before clrkit_migrations existed recorded elsewhere (0 for
// none). The caller serializes concurrent Migrates (DB.Migrate does).
func Migrate(ctx context.Context, tx Tx, d *Dialect, component string, migrations []string, legacy func(context.Context, Tx) (int, error)) error {
	if err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS clrkit_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	var v int
	err := tx.QueryRow(ctx, `SELECT version FROM clrkit_migrations WHERE component = ?`, component).Scan(&v)
	switch {
	case errors.Is(err, d.NoRows):
		if legacy != nil {
			if v, err = legacy(ctx, tx); err != nil {
				return fmt.Errorf("%s: %w", d.Name, err)
			}
		}
		if err := tx.Exec(ctx, `INSERT INTO clrkit_migrations (component, version) VALUES (?, ?)`, component, v); err != nil {
			return fmt.Errorf("%s: %w", d.Name, err)
		}
	case err != nil:
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%s: the database's %s schema is version %d, newer than this program's %d", d.Name, component, v, len(migrations))
	}
	for from := v; v < len(migrations); v++ {
		if err := tx.Exec(ctx, migrations[v]); err != nil {
			return fmt.Errorf("%s: %s migration %d (from version %d): %w", d.Name, component, v+1, from, err)
		}
	}
	if err := tx.Exec(ctx, `UPDATE clrkit_migrations SET version = ? WHERE component = ?`, v, component); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	return nil
}

// TextStamp is a Stamp for a database that keeps times as text: RFC 3339
// in UTC with all nine fractional digits, so that the texts sort (and
// compare in SQL) as the times do.
func TextStamp(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000000000Z07:00") }

// ReadTime reads a time column scanned into an any: a time.Time, or the
// text of TextStamp.
func ReadTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case string:
		return time.Parse(time.RFC3339Nano, t)
	case []byte:
		return time.Parse(time.RFC3339Nano, string(t))
	}
	return time.Time{}, fmt.Errorf("unexpected %T", v)
}

// Numbered rewrites the ? placeholders of query as $1, $2, ... (the
// stores' queries hold no ? in literals).
func Numbered(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
