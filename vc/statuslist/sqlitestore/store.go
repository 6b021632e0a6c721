// Package sqlitestore keeps status lists (statuslist.Store) in an SQLite
// database file, through the pure-Go driver modernc.org/sqlite: nothing to
// install, one file beside the issuing service. Writers are serialized by
// SQLite's own locking (each change is one IMMEDIATE transaction), so
// several processes may share the file on one machine; a deployment that
// outgrows one machine uses the PostgreSQL store.
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Store is a statuslist.Store in an SQLite database.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

var _ statuslist.Store = (*Store)(nil)

// migrations are applied in order, each once, at Open; their index + 1 is
// the schema version recorded in schema_version.
var migrations = []string{
	`CREATE TABLE lists (
		url       TEXT PRIMARY KEY,
		issuer    TEXT NOT NULL,
		purpose   TEXT NOT NULL,
		seq       INTEGER NOT NULL,
		bits      BLOB NOT NULL,
		alloc     BLOB NOT NULL,
		allocated INTEGER NOT NULL,
		version   INTEGER NOT NULL,
		updated   TEXT NOT NULL,
		UNIQUE (issuer, purpose, seq)
	);
	CREATE TABLE entries (
		credential_id TEXT NOT NULL,
		purpose       TEXT NOT NULL,
		list_url      TEXT NOT NULL REFERENCES lists (url),
		idx           INTEGER NOT NULL,
		PRIMARY KEY (credential_id, purpose),
		UNIQUE (list_url, idx)
	);`,
}

// Open opens, creating it when missing, the store in the SQLite file at
// path and brings its schema up to date. now (time.Now when nil) stamps
// list changes.
func Open(ctx context.Context, path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	s := &Store{db: db, now: now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	var v int
	switch err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("sqlitestore: %w", err)
		}
	case err != nil:
		return fmt.Errorf("sqlitestore: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("sqlitestore: the database has schema version %d, newer than this program's %d", v, len(migrations))
	}
	for ; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("sqlitestore: migration %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, v); err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Allocate implements statuslist.Store.
func (s *Store) Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return statuslist.Entry{}, fmt.Errorf("sqlitestore: %w", err)
	}
	defer tx.Rollback()
	e := statuslist.Entry{Purpose: purpose}
	err = tx.QueryRowContext(ctx, `SELECT list_url, idx FROM entries WHERE credential_id = ? AND purpose = ?`,
		credentialID, purpose).Scan(&e.ListCredential, &e.Index)
	if err == nil {
		return e, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return statuslist.Entry{}, fmt.Errorf("sqlitestore: %w", err)
	}
	var url string
	var seq int
	var raw []byte
	err = tx.QueryRowContext(ctx, `SELECT url, seq, alloc FROM lists WHERE issuer = ? AND purpose = ? ORDER BY seq DESC LIMIT 1`,
		issuer, purpose).Scan(&url, &seq, &raw)
	var alloc *statuslist.Allocations
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return statuslist.Entry{}, fmt.Errorf("sqlitestore: %w", err)
	default:
		if alloc, err = statuslist.AllocationsFrom(raw); err != nil {
			return statuslist.Entry{}, fmt.Errorf("sqlitestore: list %s: %w", url, err)
		}
	}
	if alloc == nil || alloc.Count() == alloc.Len() {
		seq++
		url = newListURL(seq)
		alloc = statuslist.NewAllocations(0)
		if _, err := tx.ExecContext(ctx, `INSERT INTO lists (url, issuer, purpose, seq, bits, alloc, allocated, version, updated)
			VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)`, url, issuer, purpose, seq, statuslist.New(0).Bytes(), alloc.Bytes(),
			s.now().UTC().Format(time.RFC3339Nano)); err != nil {
			return statuslist.Entry{}, fmt.Errorf("sqlitestore: opening list %q: %w", url, err)
		}
	}
	i, err := alloc.Take()
	if err != nil {
		return statuslist.Entry{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE lists SET alloc = ?, allocated = ? WHERE url = ?`, alloc.Bytes(), alloc.Count(), url); err != nil {
		return statuslist.Entry{}, fmt.Errorf("sqlitestore: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO entries (credential_id, purpose, list_url, idx) VALUES (?, ?, ?, ?)`,
		credentialID, purpose, url, i); err != nil {
		return statuslist.Entry{}, fmt.Errorf("sqlitestore: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return statuslist.Entry{}, fmt.Errorf("sqlitestore: %w", err)
	}
	e.ListCredential, e.Index = url, i
	return e, nil
}

// SetStatus implements statuslist.Store.
func (s *Store) SetStatus(ctx context.Context, credentialID, purpose string, set bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	defer tx.Rollback()
	var url string
	var idx int
	var raw []byte
	err = tx.QueryRowContext(ctx, `SELECT e.list_url, e.idx, l.bits FROM entries e JOIN lists l ON l.url = e.list_url
		WHERE e.credential_id = ? AND e.purpose = ?`, credentialID, purpose).Scan(&url, &idx, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return fmt.Errorf("sqlitestore: list %s: %w", url, err)
	}
	if changed, err := statuslist.ChangeBit(bits, idx, purpose, set); !changed {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE lists SET bits = ?, version = version + 1, updated = ? WHERE url = ?`,
		bits.Bytes(), s.now().UTC().Format(time.RFC3339Nano), url); err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	return nil
}

// Entry implements statuslist.Store.
func (s *Store) Entry(ctx context.Context, credentialID, purpose string) (statuslist.Entry, bool, error) {
	e := statuslist.Entry{Purpose: purpose}
	var raw []byte
	err := s.db.QueryRowContext(ctx, `SELECT e.list_url, e.idx, l.bits FROM entries e JOIN lists l ON l.url = e.list_url
		WHERE e.credential_id = ? AND e.purpose = ?`, credentialID, purpose).Scan(&e.ListCredential, &e.Index, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return statuslist.Entry{}, false, fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("sqlitestore: %w", err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("sqlitestore: list %s: %w", e.ListCredential, err)
	}
	set, err := bits.Get(e.Index)
	return e, set, err
}

// List implements statuslist.Store.
func (s *Store) List(ctx context.Context, url string) (*statuslist.StoredList, error) {
	l := &statuslist.StoredList{URL: url}
	var raw []byte
	var updated string
	err := s.db.QueryRowContext(ctx, `SELECT issuer, purpose, bits, allocated, version, updated FROM lists WHERE url = ?`, url).
		Scan(&l.Issuer, &l.Purpose, &raw, &l.Allocated, &l.Version, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: no list at %s", statuslist.ErrNotFound, url)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	if l.Bits, err = statuslist.FromBytes(raw); err != nil {
		return nil, fmt.Errorf("sqlitestore: list %s: %w", url, err)
	}
	if l.Updated, err = time.Parse(time.RFC3339Nano, updated); err != nil {
		return nil, fmt.Errorf("sqlitestore: list %s: updated %q: %w", url, updated, err)
	}
	return l, nil
}
