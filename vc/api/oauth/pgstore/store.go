package pgstore

import (
	"context"

	"github.com/clrkit/clrkit/internal/sqldb/pg"
	"github.com/clrkit/clrkit/vc/api/oauth"
)

// Open connects to the database at dsn and brings the records' schema up
// to date, for oauth.Options.Records. Close them when done.
func Open(ctx context.Context, dsn string) (*oauth.Records, error) {
	db, err := pg.Open(ctx, dsn, "oauth pgstore")
	if err != nil {
		return nil, err
	}
	r, err := oauth.SQLRecords(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return r, nil
}
