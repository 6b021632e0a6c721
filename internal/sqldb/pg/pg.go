package pg

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clrkit/clrkit/internal/sqldb"
)

// DB is a PostgreSQL database.
type DB struct {
	pool    *pgxpool.Pool
	dialect *sqldb.Dialect
}

var _ sqldb.DB = (*DB)(nil)

// migrationLock is the advisory lock key under which Migrate runs, so that
// servers starting together apply each migration once.
const migrationLock = 0x636c726b // "clrk"

// Open connects to the database at dsn (a PostgreSQL URL or key=value
// string); name prefixes its errors.
func Open(ctx context.Context, dsn, name string) (*DB, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &DB{pool: pool, dialect: &sqldb.Dialect{Name: name, NoRows: pgx.ErrNoRows, ForUpdate: " FOR UPDATE", Blob: "BYTEA", Time: "TIMESTAMPTZ",
		Stamp: func(t time.Time) any { return t },
		Lock: func(ctx context.Context, tx sqldb.Tx, keys ...string) error {
			if len(keys) == 0 {
				return nil
			}
			// Two 32-bit keys: the hash of all but the last, and of the
			// last.
			return tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))`, strings.Join(keys[:len(keys)-1], "\n"), keys[len(keys)-1])
		}}}, nil
}

// Dialect implements sqldb.DB.
func (d *DB) Dialect() *sqldb.Dialect { return d.dialect }

// Read implements sqldb.DB.
func (d *DB) Read() sqldb.Tx { return queries{d.pool} }

// Close implements sqldb.DB.
func (d *DB) Close() error {
	d.pool.Close()
	return nil
}

// InTx implements sqldb.DB.
func (d *DB) InTx(ctx context.Context, f func(sqldb.Tx) error) error {
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error { return f(queries{tx}) })
}

// ReadTx implements sqldb.DB: REPEATABLE READ, read only.
func (d *DB) ReadTx(ctx context.Context, f func(sqldb.Tx) error) error {
	return pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return f(queries{tx}) })
}

// Migrate implements sqldb.DB, under an advisory lock.
func (d *DB) Migrate(ctx context.Context, component string, migrations []string, legacy func(context.Context, sqldb.Tx) (int, error)) error {
	return d.InTx(ctx, func(tx sqldb.Tx) error {
		if err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, migrationLock); err != nil {
			return fmt.Errorf("%s: %w", d.dialect.Name, err)
		}
		return sqldb.Migrate(ctx, tx, d.dialect, component, migrations, legacy)
	})
}

// queries is a sqldb.Tx over a pool or a transaction, with ? placeholders
// numbered.
type queries struct {
	q interface {
		QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	}
}

func (q queries) Query(ctx context.Context, query string, args ...any) (sqldb.Rows, error) {
	return q.q.Query(ctx, sqldb.Numbered(query), args...)
}

func (q queries) QueryRow(ctx context.Context, query string, args ...any) sqldb.Row {
	return q.q.QueryRow(ctx, sqldb.Numbered(query), args...)
}

func (q queries) Exec(ctx context.Context, query string, args ...any) error {
	_, err := q.q.Exec(ctx, sqldb.Numbered(query), args...)
	return err
}
