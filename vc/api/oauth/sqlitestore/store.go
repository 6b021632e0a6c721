package sqlitestore

import (
	"context"

	"github.com/clrkit/clrkit/internal/sqldb/sqlite"
	"github.com/clrkit/clrkit/vc/api/oauth"
)

// Open opens, creating it when missing, the records in the SQLite file at
// path, for oauth.Options.Records. Close them when done.
func Open(ctx context.Context, path string) (*oauth.Records, error) {
	db, err := sqlite.Open(path, "oauth sqlitestore")
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
