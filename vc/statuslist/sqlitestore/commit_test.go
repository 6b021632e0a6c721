package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist/internal/sqlstore"
)

// TestCommitAfterCancel: a context that ends after the work of a
// transaction, before its commit, makes the change fail: database/sql has
// rolled it back, and nothing may say it was kept.
func TestCommitAfterCancel(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "status.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	err = s.inTx(ctx, func(tx sqlstore.Tx) error {
		if err := tx.Exec(ctx, `INSERT INTO clrkit_migrations (component, version) VALUES ('test', 1)`); err != nil {
			return err
		}
		cancel()
		return nil
	})
	var n int
	if qerr := s.db.QueryRow(`SELECT count(*) FROM clrkit_migrations WHERE component = 'test'`).Scan(&n); qerr != nil {
		t.Fatal(qerr)
	}
	if err == nil && n == 0 {
		t.Fatal("inTx returned nil for a transaction that was rolled back")
	}
	t.Logf("inTx: %v; rows kept: %d", err, n)
}
