// Package pgstore keeps status lists (statuslist.Store) in PostgreSQL,
// through github.com/jackc/pgx/v5, for deployments that outgrow one
// machine: several stateless servers share one database. Allocations for
// one issuer and purpose are serialized by a transaction-scoped advisory
// lock, status changes by the list row's lock, so concurrent servers never
// lose or double an entry.
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Store is a statuslist.Store in a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

var _ statuslist.Store = (*Store)(nil)

// migrations are applied in order, each once, at Open; their index + 1 is
// the schema version recorded in clrkit_schema_version.
var migrations = []string{
	`CREATE TABLE status_lists (
		url       TEXT PRIMARY KEY,
		issuer    TEXT NOT NULL,
		purpose   TEXT NOT NULL,
		seq       INTEGER NOT NULL,
		bits      BYTEA NOT NULL,
		alloc     BYTEA NOT NULL,
		allocated INTEGER NOT NULL,
		version   BIGINT NOT NULL,
		updated   TIMESTAMPTZ NOT NULL,
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

// migrationLock is the advisory lock key under which Open migrates, so that
// servers starting together apply each migration once.
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
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS clrkit_schema_version (version INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
		var v int
		switch err := tx.QueryRow(ctx, `SELECT version FROM clrkit_schema_version`).Scan(&v); {
		case errors.Is(err, pgx.ErrNoRows):
			if _, err := tx.Exec(ctx, `INSERT INTO clrkit_schema_version (version) VALUES (0)`); err != nil {
				return fmt.Errorf("pgstore: %w", err)
			}
		case err != nil:
			return fmt.Errorf("pgstore: %w", err)
		}
		if v > len(migrations) {
			return fmt.Errorf("pgstore: the database has schema version %d, newer than this program's %d", v, len(migrations))
		}
		for ; v < len(migrations); v++ {
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return fmt.Errorf("pgstore: migration %d: %w", v+1, err)
			}
		}
		_, err := tx.Exec(ctx, `UPDATE clrkit_schema_version SET version = $1`, v)
		return err
	})
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Allocate implements statuslist.Store.
func (s *Store) Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	e := statuslist.Entry{Purpose: purpose}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// One allocation at a time per issuer and purpose, on every server.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, issuer, purpose); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `SELECT list_url, idx FROM status_entries WHERE credential_id = $1 AND purpose = $2`,
			credentialID, purpose).Scan(&e.ListCredential, &e.Index)
		if err == nil {
			return nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		var url string
		var seq int
		var raw []byte
		var alloc *statuslist.Allocations
		err = tx.QueryRow(ctx, `SELECT url, seq, alloc FROM status_lists WHERE issuer = $1 AND purpose = $2 ORDER BY seq DESC LIMIT 1`,
			issuer, purpose).Scan(&url, &seq, &raw)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			if alloc, err = statuslist.AllocationsFrom(raw); err != nil {
				return fmt.Errorf("list %s: %w", url, err)
			}
		}
		if alloc == nil || alloc.Count() == alloc.Len() {
			seq++
			url = newListURL(seq)
			alloc = statuslist.NewAllocations(0)
			if _, err := tx.Exec(ctx, `INSERT INTO status_lists (url, issuer, purpose, seq, bits, alloc, allocated, version, updated)
				VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7)`, url, issuer, purpose, seq, statuslist.New(0).Bytes(), alloc.Bytes(), s.now()); err != nil {
				return fmt.Errorf("opening list %q: %w", url, err)
			}
		}
		i, err := alloc.Take()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE status_lists SET alloc = $1, allocated = $2 WHERE url = $3`, alloc.Bytes(), alloc.Count(), url); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO status_entries (credential_id, purpose, list_url, idx) VALUES ($1, $2, $3, $4)`,
			credentialID, purpose, url, i); err != nil {
			return err
		}
		e.ListCredential, e.Index = url, i
		return nil
	})
	if err != nil {
		return statuslist.Entry{}, fmt.Errorf("pgstore: %w", err)
	}
	return e, nil
}

// SetStatus implements statuslist.Store.
func (s *Store) SetStatus(ctx context.Context, credentialID, purpose string, set bool) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var url string
		var idx int
		err := tx.QueryRow(ctx, `SELECT list_url, idx FROM status_entries WHERE credential_id = $1 AND purpose = $2`,
			credentialID, purpose).Scan(&url, &idx)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
		}
		if err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
		var raw []byte
		if err := tx.QueryRow(ctx, `SELECT bits FROM status_lists WHERE url = $1 FOR UPDATE`, url).Scan(&raw); err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
		bits, err := statuslist.FromBytes(raw)
		if err != nil {
			return fmt.Errorf("pgstore: list %s: %w", url, err)
		}
		if changed, err := statuslist.ChangeBit(bits, idx, purpose, set); !changed {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE status_lists SET bits = $1, version = version + 1, updated = $2 WHERE url = $3`,
			bits.Bytes(), s.now(), url); err != nil {
			return fmt.Errorf("pgstore: %w", err)
		}
		return nil
	})
}

// Entry implements statuslist.Store.
func (s *Store) Entry(ctx context.Context, credentialID, purpose string) (statuslist.Entry, bool, error) {
	e := statuslist.Entry{Purpose: purpose}
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT e.list_url, e.idx, l.bits FROM status_entries e JOIN status_lists l ON l.url = e.list_url
		WHERE e.credential_id = $1 AND e.purpose = $2`, credentialID, purpose).Scan(&e.ListCredential, &e.Index, &raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return statuslist.Entry{}, false, fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("pgstore: %w", err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("pgstore: list %s: %w", e.ListCredential, err)
	}
	set, err := bits.Get(e.Index)
	return e, set, err
}

// List implements statuslist.Store.
func (s *Store) List(ctx context.Context, url string) (*statuslist.StoredList, error) {
	l := &statuslist.StoredList{URL: url}
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT issuer, purpose, bits, allocated, version, updated FROM status_lists WHERE url = $1`, url).
		Scan(&l.Issuer, &l.Purpose, &raw, &l.Allocated, &l.Version, &l.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: no list at %s", statuslist.ErrNotFound, url)
	}
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	if l.Bits, err = statuslist.FromBytes(raw); err != nil {
		return nil, fmt.Errorf("pgstore: list %s: %w", url, err)
	}
	return l, nil
}
