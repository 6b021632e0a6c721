package pgstore

import (
	"context"

	"github.com/clrkit/clrkit/internal/sqldb/pg"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/internal/sqlstore"
)

// Store is an api.Store in a PostgreSQL database. Its methods are those of
// api.Store, and Close.
type Store struct {
	sqlstore.Store
}

var _ api.Store = (*Store)(nil)

// Open connects to the database at dsn (a PostgreSQL URL or key=value
// string) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	db, err := pg.Open(ctx, dsn, "api pgstore")
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, sqlstore.Component, sqlstore.Migrations(db.Dialect()), nil); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{sqlstore.Store{DB: db}}, nil
}
