// Package sqlitestore keeps status lists (statuslist.Store) in an SQLite
// database file, through the pure-Go driver modernc.org/sqlite: nothing to
// install, one file beside the issuing service. Writers are serialized by
// SQLite's own locking (each change is one IMMEDIATE transaction), so
// several processes may share the file on one machine; a deployment that
// outgrows one machine uses the PostgreSQL store.
//
// The schema is versioned in the table clrkit_migrations (component
// "statuslist") and brought up to date when the file is opened.
package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/internal/sqlstore"
)

// Store is a statuslist.Store in an SQLite database.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

var _ statuslist.Store = (*Store)(nil)

var dialect = &sqlstore.Dialect{Name: "sqlitestore", NoRows: sql.ErrNoRows, Blob: "BLOB", Time: "TEXT", Stamp: sqlstore.TextStamp}

// Open opens, creating it when missing, the store in the SQLite file at
// path and brings its schema up to date. now (time.Now when nil) stamps
// list changes.
func Open(ctx context.Context, path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	// The driver hands SQLite a URI: a path's %, ? and # would otherwise
	// be read as an escape, the query or the fragment.
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	dsn := "file:" + escaped + "?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	s := &Store{db: db, now: now}
	if err := s.inTx(ctx, func(tx sqlstore.Tx) error {
		return sqlstore.Migrate(ctx, tx, dialect, sqlstore.Component, dialect.Migrations(), func() (int, error) { return legacy(ctx, tx) })
	}); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// legacy brings a file made before clrkit_migrations (a schema_version
// table, tables lists and entries) to the current names and returns its
// version; 0 for a new file.
func legacy(ctx context.Context, tx sqlstore.Tx) (int, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&n); err != nil || n == 0 {
		return 0, err
	}
	var v int
	if err := tx.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil {
		return 0, err
	}
	if v != 1 {
		return 0, fmt.Errorf("schema_version %d is not one this program made", v)
	}
	for _, q := range []string{`ALTER TABLE lists RENAME TO status_lists`, `ALTER TABLE entries RENAME TO status_entries`, `DROP TABLE schema_version`} {
		if err := tx.Exec(ctx, q); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Allocate implements statuslist.Store.
func (s *Store) Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	var e statuslist.Entry
	err := s.inTx(ctx, func(tx sqlstore.Tx) (err error) {
		e, err = sqlstore.Allocate(ctx, tx, dialect, s.now(), issuer, purpose, credentialID, newListURL)
		return err
	})
	return e, err
}

// SetStatus implements statuslist.Store.
func (s *Store) SetStatus(ctx context.Context, credentialID, purpose string, set bool) error {
	return s.inTx(ctx, func(tx sqlstore.Tx) error {
		return sqlstore.SetStatus(ctx, tx, dialect, s.now(), credentialID, purpose, set)
	})
}

// Entry implements statuslist.Store.
func (s *Store) Entry(ctx context.Context, credentialID, purpose string) (statuslist.Entry, bool, error) {
	return sqlstore.Entry(ctx, queries{s.db}, dialect, credentialID, purpose)
}

// List implements statuslist.Store.
func (s *Store) List(ctx context.Context, url string) (*statuslist.StoredList, error) {
	return sqlstore.List(ctx, queries{s.db}, dialect, url)
}

// inTx runs f in an IMMEDIATE transaction (the DSN's _txlock: it takes the
// write lock at its start), committed when f returns nil.
func (s *Store) inTx(ctx context.Context, f func(sqlstore.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	defer tx.Rollback()
	if err := f(queries{tx}); err != nil {
		return err
	}
	// Every Commit error counts: ErrTxDone included, which database/sql
	// returns when the context ended after f and it rolled back itself.
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	return nil
}

// queries is a sqlstore.Tx over a *sql.DB or *sql.Tx.
type queries struct {
	q interface {
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	}
}

func (q queries) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.q.QueryRowContext(ctx, query, args...)
}

func (q queries) Exec(ctx context.Context, query string, args ...any) error {
	_, err := q.q.ExecContext(ctx, query, args...)
	return err
}
