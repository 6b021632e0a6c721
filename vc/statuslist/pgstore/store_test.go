package pgstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore"
	"github.com/clrkit/clrkit/vc/statuslist/storetest"
)

// The PostgreSQL tests need a server: CLRKIT_POSTGRES_DSN names one (a
// URL whose user may create databases; each test gets a database of its
// own, dropped afterwards). Without it they say they did not run; with
// CLRKIT_REQUIRE_POSTGRES=1, as .ci/run sets, a missing or unreachable
// server is a failure.
func serverDSN(t *testing.T) string {
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

// freshDatabase creates an empty database on the server and returns its
// DSN; it is dropped when the test ends.
func freshDatabase(t *testing.T) string {
	t.Helper()
	dsn := serverDSN(t)
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
			return
		}
		defer a.Close(context.Background())
		a.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("CLRKIT_POSTGRES_DSN must be a URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) statuslist.Store {
		s, err := pgstore.Open(context.Background(), freshDatabase(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestTwoServers: two stores on one database (two servers) allocate and
// revoke as one: entries unique across both, each one's changes visible
// to the other; opening applies no migration twice.
func TestTwoServers(t *testing.T) {
	ctx := context.Background()
	dsn := freshDatabase(t)
	a, err := pgstore.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := pgstore.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	u := func(n int) string { return "https://example.edu/status/1" }
	seen := map[int]bool{}
	for i := range 200 {
		s := []statuslist.Store{a, b}[i%2]
		id := "urn:c:" + hex.EncodeToString([]byte{byte(i), byte(i >> 8)})
		e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, id, u)
		if err != nil {
			t.Fatal(err)
		}
		if seen[e.Index] {
			t.Fatalf("index %d handed out twice", e.Index)
		}
		seen[e.Index] = true
	}
	e, err := a.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:x", u)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetStatus(ctx, "urn:c:x", statuslist.PurposeRevocation, true); err != nil {
		t.Fatal(err)
	}
	l, err := a.List(ctx, e.ListCredential)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bits.Get(e.Index); !got || l.Allocated != 201 {
		t.Fatalf("revocation by the other server: bit %v, %d allocated", got, l.Allocated)
	}
}

func TestDurable(t *testing.T) {
	storetest.RunDurable(t, func(t *testing.T) (statuslist.Store, func() statuslist.Store) {
		dsn := freshDatabase(t)
		open := func() statuslist.Store {
			s, err := pgstore.Open(context.Background(), dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		return open(), open
	})
}

func TestRollover(t *testing.T) {
	storetest.RunRollover(t, func(t *testing.T) (statuslist.Store, func(string, int) error) {
		s, err := pgstore.Open(context.Background(), freshDatabase(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s, s.Fill
	})
}
