package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/clrkit/clrkit/internal/sqldb"
)

// DB is an SQLite database.
type DB struct {
	db      *sql.DB // writes: IMMEDIATE transactions
	reader  *sql.DB // ReadTx: deferred transactions, which readers in WAL mode need no lock for
	dialect *sqldb.Dialect
}

var _ sqldb.DB = (*DB)(nil)

// Open opens, creating it when missing, the SQLite file at path; name
// prefixes its errors.
func Open(path, name string) (*DB, error) {
	// The driver hands SQLite a URI: a path's %, ? and # would otherwise
	// be read as an escape, the query or the fragment.
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", "file:"+escaped+"?_txlock=immediate&"+pragmas)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	reader, err := sql.Open("sqlite", "file:"+escaped+"?"+pragmas)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &DB{db: db, reader: reader, dialect: &sqldb.Dialect{Name: name, NoRows: sql.ErrNoRows, Blob: "BLOB", Time: "TEXT", Stamp: sqldb.TextStamp,
		Lock: func(context.Context, sqldb.Tx, ...string) error { return nil }}}, nil
}

// Dialect implements sqldb.DB.
func (d *DB) Dialect() *sqldb.Dialect { return d.dialect }

// Read implements sqldb.DB.
func (d *DB) Read() sqldb.Tx { return queries{d.db} }

// Close implements sqldb.DB.
func (d *DB) Close() error { return errors.Join(d.reader.Close(), d.db.Close()) }

// SQL returns the database/sql handle, for tests that look inside.
func (d *DB) SQL() *sql.DB { return d.db }

// InTx implements sqldb.DB with an IMMEDIATE transaction (the DSN's
// _txlock: it takes the write lock at its start).
func (d *DB) InTx(ctx context.Context, f func(sqldb.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", d.dialect.Name, err)
	}
	defer tx.Rollback()
	if err := f(queries{tx}); err != nil {
		return err
	}
	// Every Commit error counts: ErrTxDone included, which database/sql
	// returns when the context ended after f and it rolled back itself.
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", d.dialect.Name, err)
	}
	return nil
}

// ReadTx implements sqldb.DB with a deferred, read-only transaction.
func (d *DB) ReadTx(ctx context.Context, f func(sqldb.Tx) error) error {
	tx, err := d.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%s: %w", d.dialect.Name, err)
	}
	defer tx.Rollback()
	if err := f(queries{tx}); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrate implements sqldb.DB: one write transaction excludes others.
func (d *DB) Migrate(ctx context.Context, component string, migrations []string, legacy func(context.Context, sqldb.Tx) (int, error)) error {
	return d.InTx(ctx, func(tx sqldb.Tx) error {
		return sqldb.Migrate(ctx, tx, d.dialect, component, migrations, legacy)
	})
}

// queries is a sqldb.Tx over a *sql.DB or *sql.Tx.
type queries struct {
	q interface {
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	}
}

func (q queries) Query(ctx context.Context, query string, args ...any) (sqldb.Rows, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

// sqlRows are *sql.Rows as sqldb.Rows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

func (q queries) QueryRow(ctx context.Context, query string, args ...any) sqldb.Row {
	return q.q.QueryRowContext(ctx, query, args...)
}

func (q queries) Exec(ctx context.Context, query string, args ...any) error {
	_, err := q.q.ExecContext(ctx, query, args...)
	return err
}
