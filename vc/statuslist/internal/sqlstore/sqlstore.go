// Package sqlstore is what the SQL stores of statuslist (sqlitestore,
// pgstore) have in common: the schema's tables, their migrations, and
// the queries of every Store method, run in a transaction of either
// driver. A store opens transactions, takes its database's locks and
// passes them here, so that both keep the Store contract the same way.
package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Row is a row of a query's result, as both drivers give it.
type Row interface {
	Scan(dest ...any) error
}

// Tx runs queries in one transaction (or, for reads, on the database).
// Queries are written with ? placeholders; a Tx for a database that numbers
// them ($1, $2, ...) rewrites them with Numbered.
type Tx interface {
	QueryRow(ctx context.Context, query string, args ...any) Row
	Exec(ctx context.Context, query string, args ...any) error
}

// Dialect is how a database differs in what this package runs.
type Dialect struct {
	// Name prefixes errors ("sqlitestore", "pgstore").
	Name string
	// NoRows is the driver's error for a query that found nothing.
	NoRows error
	// ForUpdate is appended to the query that reads a list's bits before
	// a change rewrites them: " FOR UPDATE" where rows are locked one by
	// one, "" where a write transaction excludes all others.
	ForUpdate string
	// Blob is the column type of bytes (BLOB, BYTEA); Time that of a
	// time, which the driver reads back as a time.Time or as the RFC 3339
	// text Stamp wrote.
	Blob, Time string
	// Stamp is a time as a query argument for a Time column.
	Stamp func(time.Time) any
}

// Migrations returns the statements that create and update the schema, in
// order; Migrate applies each once. (Version 1 is both tables.)
func (d *Dialect) Migrations() []string {
	return []string{
		`CREATE TABLE status_lists (
			url       TEXT PRIMARY KEY,
			issuer    TEXT NOT NULL,
			purpose   TEXT NOT NULL,
			seq       INTEGER NOT NULL,
			bits      ` + d.Blob + ` NOT NULL,
			alloc     ` + d.Blob + ` NOT NULL,
			allocated INTEGER NOT NULL,
			version   BIGINT NOT NULL,
			updated   ` + d.Time + ` NOT NULL,
			UNIQUE (issuer, purpose, seq)
		);
		CREATE TABLE status_entries (
			credential_id TEXT NOT NULL,
			purpose       TEXT NOT NULL,
			list_url      TEXT NOT NULL REFERENCES status_lists (url),
			idx           INTEGER NOT NULL,
			PRIMARY KEY (credential_id, purpose),
			UNIQUE (list_url, idx)
		);`,
	}
}

// Component is the name under which the status lists' schema version is
// recorded in clrkit_migrations; other parts of clrkit that keep tables in
// the same database record theirs under their own names.
const Component = "statuslist"

// Migrate brings the schema of component up to date in tx: it applies the
// migrations not yet recorded in the clrkit_migrations table, in order,
// and records the new version. legacy, when not nil, returns the version a
// database made before clrkit_migrations existed recorded elsewhere (0 for
// none). The caller serializes concurrent Migrates (a lock, or a write
// transaction).
func Migrate(ctx context.Context, tx Tx, d *Dialect, component string, migrations []string, legacy func() (int, error)) error {
	if err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS clrkit_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	var v int
	err := tx.QueryRow(ctx, `SELECT version FROM clrkit_migrations WHERE component = ?`, component).Scan(&v)
	switch {
	case errors.Is(err, d.NoRows):
		if legacy != nil {
			if v, err = legacy(); err != nil {
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

// Allocate is Store.Allocate in tx, which the caller has made the only
// allocation for issuer and purpose in progress (a lock, or a write
// transaction); now stamps a new list.
func Allocate(ctx context.Context, tx Tx, d *Dialect, now time.Time, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	e := statuslist.Entry{Purpose: purpose}
	var owner string
	err := tx.QueryRow(ctx, `SELECT e.list_url, e.idx, l.issuer FROM status_entries e JOIN status_lists l ON l.url = e.list_url
		WHERE e.credential_id = ? AND e.purpose = ?`, credentialID, purpose).Scan(&e.ListCredential, &e.Index, &owner)
	if err == nil {
		if owner != issuer {
			return statuslist.Entry{}, fmt.Errorf("%w: %s has the %s entry %s of %s", statuslist.ErrIDInUse, credentialID, purpose, e.ListCredential, owner)
		}
		return e, nil // given before
	}
	if !errors.Is(err, d.NoRows) {
		return e, fmt.Errorf("%s: %w", d.Name, err)
	}
	var url string
	var seq int
	var raw []byte
	var alloc *statuslist.Allocations
	err = tx.QueryRow(ctx, `SELECT url, seq, alloc FROM status_lists WHERE issuer = ? AND purpose = ? ORDER BY seq DESC LIMIT 1`,
		issuer, purpose).Scan(&url, &seq, &raw)
	switch {
	case errors.Is(err, d.NoRows):
	case err != nil:
		return e, fmt.Errorf("%s: %w", d.Name, err)
	default:
		if alloc, err = statuslist.AllocationsFrom(raw); err != nil {
			return e, fmt.Errorf("%s: list %s: %w", d.Name, url, err)
		}
	}
	if alloc == nil || alloc.Count() == alloc.Len() || newListURL(seq) != url {
		seq++
		url = newListURL(seq)
		if url == "" {
			return e, fmt.Errorf("%s: an empty URL for list %d", d.Name, seq)
		}
		alloc = statuslist.NewAllocations(0)
		if err := tx.Exec(ctx, `INSERT INTO status_lists (url, issuer, purpose, seq, bits, alloc, allocated, version, updated)
			VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)`, url, issuer, purpose, seq, statuslist.New(0).Bytes(), alloc.Bytes(), d.Stamp(now)); err != nil {
			return e, fmt.Errorf("%s: opening list %q (is the URL another list's?): %w", d.Name, url, err)
		}
	}
	i, err := alloc.Take()
	if err != nil {
		return e, err
	}
	if err := tx.Exec(ctx, `UPDATE status_lists SET alloc = ?, allocated = ? WHERE url = ?`, alloc.Bytes(), alloc.Count(), url); err != nil {
		return e, fmt.Errorf("%s: %w", d.Name, err)
	}
	if err := tx.Exec(ctx, `INSERT INTO status_entries (credential_id, purpose, list_url, idx) VALUES (?, ?, ?, ?)`,
		credentialID, purpose, url, i); err != nil {
		return e, fmt.Errorf("%s: %w", d.Name, err)
	}
	e.ListCredential, e.Index = url, i
	return e, nil
}

// SetStatus is Store.SetStatus in tx; now stamps the change.
func SetStatus(ctx context.Context, tx Tx, d *Dialect, now time.Time, credentialID, purpose string, set bool) error {
	var url string
	var idx int
	err := tx.QueryRow(ctx, `SELECT list_url, idx FROM status_entries WHERE credential_id = ? AND purpose = ?`,
		credentialID, purpose).Scan(&url, &idx)
	if errors.Is(err, d.NoRows) {
		return fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	var raw []byte
	if err := tx.QueryRow(ctx, `SELECT bits FROM status_lists WHERE url = ?`+d.ForUpdate, url).Scan(&raw); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return fmt.Errorf("%s: list %s: %w", d.Name, url, err)
	}
	if changed, err := statuslist.ChangeBit(bits, idx, purpose, set); !changed {
		return err
	}
	if err := tx.Exec(ctx, `UPDATE status_lists SET bits = ?, version = version + 1, updated = ? WHERE url = ?`,
		bits.Bytes(), d.Stamp(now), url); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	return nil
}

// Entry is Store.Entry, read through q.
func Entry(ctx context.Context, q Tx, d *Dialect, credentialID, purpose string) (statuslist.Entry, bool, error) {
	e := statuslist.Entry{Purpose: purpose}
	var raw []byte
	err := q.QueryRow(ctx, `SELECT e.list_url, e.idx, l.bits FROM status_entries e JOIN status_lists l ON l.url = e.list_url
		WHERE e.credential_id = ? AND e.purpose = ?`, credentialID, purpose).Scan(&e.ListCredential, &e.Index, &raw)
	if errors.Is(err, d.NoRows) {
		return statuslist.Entry{}, false, fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("%s: %w", d.Name, err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("%s: list %s: %w", d.Name, e.ListCredential, err)
	}
	set, err := bits.Get(e.Index)
	return e, set, err
}

// List is Store.List, read through q.
func List(ctx context.Context, q Tx, d *Dialect, url string) (*statuslist.StoredList, error) {
	l := &statuslist.StoredList{URL: url}
	var raw []byte
	var updated any
	err := q.QueryRow(ctx, `SELECT issuer, purpose, bits, allocated, version, updated FROM status_lists WHERE url = ?`, url).
		Scan(&l.Issuer, &l.Purpose, &raw, &l.Allocated, &l.Version, &updated)
	if errors.Is(err, d.NoRows) {
		return nil, fmt.Errorf("%w: no list at %s", statuslist.ErrNotFound, url)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, err)
	}
	if l.Bits, err = statuslist.FromBytes(raw); err != nil {
		return nil, fmt.Errorf("%s: list %s: %w", d.Name, url, err)
	}
	if l.Updated, err = readTime(updated); err != nil {
		return nil, fmt.Errorf("%s: list %s: updated: %w", d.Name, url, err)
	}
	return l, nil
}

// TextStamp is a Stamp for a database that keeps times as text: RFC 3339
// with nanoseconds, in UTC.
func TextStamp(t time.Time) any { return t.UTC().Format(time.RFC3339Nano) }

// readTime reads a time column: a time.Time, or the text of TextStamp.
func readTime(v any) (time.Time, error) {
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
// queries of this package hold no ? in literals).
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
