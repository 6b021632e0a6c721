package sqlitestore

import (
	"context"
	"fmt"
	"time"

	"github.com/clrkit/clrkit/internal/sqldb"
	"github.com/clrkit/clrkit/internal/sqldb/sqlite"
	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/internal/sqlstore"
)

// Store is a statuslist.Store in an SQLite database. Its methods are those
// of statuslist.Store.
type Store struct {
	sqlstore.Store
	db *sqlite.DB
}

var _ statuslist.Store = (*Store)(nil)

// Open opens, creating it when missing, the store in the SQLite file at
// path and brings its schema up to date. now (time.Now when nil) stamps
// list changes.
func Open(ctx context.Context, path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	db, err := sqlite.Open(path, "sqlitestore")
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, sqlstore.Component, sqlstore.Migrations(db.Dialect()), legacy); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{Store: sqlstore.Store{DB: db, Now: now}, db: db}, nil
}

// legacy brings a file made before clrkit_migrations (a schema_version
// table, tables lists and entries) to the current names and returns its
// version; 0 for a new file.
func legacy(ctx context.Context, tx sqldb.Tx) (int, error) {
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
