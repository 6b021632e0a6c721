package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/clrkit/clrkit/internal/sqldb"
)

// TestCommitAfterCancel: a context that ends after the work of a
// transaction, before its commit, makes InTx fail: database/sql has
// rolled the transaction back, and nothing may say it was kept.
func TestCommitAfterCancel(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Read().Exec(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	err = db.InTx(cctx, func(tx sqldb.Tx) error {
		if err := tx.Exec(cctx, `INSERT INTO t (x) VALUES (1)`); err != nil {
			return err
		}
		cancel()
		return nil
	})
	var n int
	if qerr := db.Read().QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); qerr != nil {
		t.Fatal(qerr)
	}
	if err == nil && n == 0 {
		t.Fatal("InTx returned nil for a transaction that was rolled back")
	}
	t.Logf("InTx: %v; rows kept: %d", err, n)
}
