package pgstore

import (
	"context"
	"time"

	"github.com/clrkit/clrkit/internal/sqldb"
	"github.com/clrkit/clrkit/internal/sqldb/pg"
	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/internal/sqlstore"
)

// Store is a statuslist.Store in a PostgreSQL database. Its methods are
// those of statuslist.Store.
type Store struct {
	sqlstore.Store
	db *pg.DB
}

var _ statuslist.Store = (*Store)(nil)

// Open connects to the database at dsn (a PostgreSQL URL or key=value
// string) and brings its schema up to date. now (time.Now when nil) stamps
// list changes.
func Open(ctx context.Context, dsn string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	db, err := pg.Open(ctx, dsn, "pgstore")
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, sqlstore.Component, sqlstore.Migrations(db.Dialect()), legacy); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{Store: sqlstore.Store{DB: db, Now: now}, db: db}, nil
}

// legacy returns the version a database made before clrkit_migrations
// recorded in clrkit_schema_version (the same tables), and drops that
// table; 0 for a new database.
func legacy(ctx context.Context, tx sqldb.Tx) (int, error) {
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
