package sqlitestore

import (
	"context"

	"github.com/clrkit/clrkit/internal/sqldb/sqlite"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/internal/sqlstore"
)

// Store is an api.Store in an SQLite database. Its methods are those of
// api.Store, and Close.
type Store struct {
	sqlstore.Store
}

var _ api.Store = (*Store)(nil)

// Open opens, creating it when missing, the store in the SQLite file at
// path and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlite.Open(path, "api sqlitestore")
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, sqlstore.Component, sqlstore.Migrations(db.Dialect()), nil); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{sqlstore.Store{DB: db}}, nil
}
