package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// ServerDSN returns CLRKIT_POSTGRES_DSN once a connection to it succeeds.
func ServerDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("CLRKIT_POSTGRES_DSN")
	required := os.Getenv("CLRKIT_REQUIRE_POSTGRES") == "1"
	if dsn == "" {
		if required {
			t.Fatal("CLRKIT_REQUIRE_POSTGRES=1 but CLRKIT_POSTGRES_DSN is not set")
		}
		t.Skip("PostgreSQL tests did not run: set CLRKIT_POSTGRES_DSN (for example postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)")
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		if required {
			t.Fatalf("PostgreSQL at CLRKIT_POSTGRES_DSN: %v", err)
		}
		t.Skipf("PostgreSQL tests did not run: %v", err)
	}
	conn.Close(context.Background())
	return dsn
}

// Database creates an empty database on the server and returns its DSN (a
// URL); the database is dropped when the test ends.
func Database(t testing.TB) string {
	t.Helper()
	dsn := ServerDSN(t)
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		t.Fatalf("CLRKIT_POSTGRES_DSN must be a postgres:// URL: %q", dsn)
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	name := "clrkit_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Logf("dropping %s: %v", name, err)
			return
		}
		defer a.Close(context.Background())
		if _, err := a.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("dropping %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
