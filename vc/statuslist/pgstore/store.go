// Package pgstore keeps status lists (statuslist.Store) in PostgreSQL,
// through github.com/jackc/pgx/v5, for deployments that outgrow one
// machine: several stateless servers share one database. Allocations for
// one issuer and purpose are serialized by a transaction-scoped advisory
// lock, status changes by the list row's lock, so concurrent servers never
// lose or double an entry.
//
// The schema is versioned in the table clrkit_migrations (component
// "statuslist") and brought up to date at Open, under an advisory lock so
// that servers starting together apply each migration once.
package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/internal/sqlstore"
)

// Store is a statuslist.Store in a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

var _ statuslist.Store = (*Store)(nil)

var dialect = &sqlstore.Dialect{Name: "pgstore", NoRows: pgx.ErrNoRows, ForUpdate: " FOR UPDATE", Blob: "BYTEA", Time: "TIMESTAMPTZ",
	Stamp: func(t time.Time) any { return t }}

// migrationLock is the advisory lock key under which Open migrates.
const migrationLock = 0x636c726b // "clrk"

// Open connects to the database at dsn (a PostgreSQL URL or key=value
// string) and brings its schema up to date. now (time.Now when nil) stamps
// list changes.
func Open(ctx context.Context, dsn string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	s := &Store{pool: pool, now: now}
	if err := s.inTx(ctx, func(tx sqlstore.Tx) error {
		if err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, migrationLock); err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
		return sqlstore.Migrate(ctx, tx, dialect, sqlstore.Component, dialect.Migrations(), func() (int, error) { return legacy(ctx, tx) })
	}); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// legacy returns the version a database made before clrkit_migrations
// recorded in clrkit_schema_version (the same tables), and drops that
// table; 0 for a new database.
func legacy(ctx context.Context, tx sqlstore.Tx) (int, error) {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass('clrkit_schema_version') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	if err := tx.QueryRow(ctx, `SELECT version FROM clrkit_schema_version`).Scan(&v); err != nil {
		return 0, err
	}
	return v, tx.Exec(ctx, `DROP TABLE clrkit_schema_version`)
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Allocate implements statuslist.Store.
func (s *Store) Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	var e statuslist.Entry
	err := s.inTx(ctx, func(tx sqlstore.Tx) (err error) {
		// One allocation at a time per issuer and purpose, on every server.
		if err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))`, issuer, purpose); err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
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
	return sqlstore.Entry(ctx, queries{s.pool}, dialect, credentialID, purpose)
}

// List implements statuslist.Store.
func (s *Store) List(ctx context.Context, url string) (*statuslist.StoredList, error) {
	return sqlstore.List(ctx, queries{s.pool}, dialect, url)
}

// inTx runs f in a transaction, committed when f returns nil.
func (s *Store) inTx(ctx context.Context, f func(sqlstore.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return f(queries{tx}) })
}

// queries is a sqlstore.Tx over a pool or a transaction, with ?
// placeholders numbered.
type queries struct {
	q interface {
		QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	}
}

func (q queries) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.q.QueryRow(ctx, sqlstore.Numbered(query), args...)
}

func (q queries) Exec(ctx context.Context, query string, args ...any) error {
	_, err := q.q.Exec(ctx, sqlstore.Numbered(query), args...)
	return err
}
