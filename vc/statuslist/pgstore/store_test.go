package pgstore_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/clrkit/clrkit/internal/sqldb/pg/pgtest"
	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore"
	"github.com/clrkit/clrkit/vc/statuslist/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) statuslist.Store {
		s, err := pgstore.Open(context.Background(), pgtest.Database(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestTwoServers: two stores on one database, opened at the same time
// (each migration applied once), allocate at the same time without
// handing out an entry twice, and a revocation through one is in the list
// the other reads.
func TestTwoServers(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	var stores [2]*pgstore.Store
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() {
			s, err := pgstore.Open(ctx, dsn, nil)
			if err != nil {
				t.Errorf("opening store %d: %v", i, err)
				return
			}
			stores[i] = s
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	a, b := stores[0], stores[1]
	defer a.Close()
	defer b.Close()
	u := func(n int) string { return "https://example.edu/status/" + strconv.Itoa(n) }
	var mu sync.Mutex
	seen := map[int]string{}
	for g := range 8 {
		wg.Go(func() {
			s := stores[g%2]
			for i := range 25 {
				id := fmt.Sprintf("urn:c:%d:%d", g, i)
				e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, id, u)
				if err != nil {
					t.Errorf("%s: %v", id, err)
					return
				}
				mu.Lock()
				if other, dup := seen[e.Index]; dup {
					t.Errorf("index %d handed to %s and %s", e.Index, other, id)
				}
				seen[e.Index] = id
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
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
		dsn := pgtest.Database(t)
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
		s, err := pgstore.Open(context.Background(), pgtest.Database(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s, s.Fill
	})
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) statuslist.Store {
		s, err := pgstore.Open(context.Background(), pgtest.Database(b), nil)
		if err != nil {
			b.Fatal(err)
		}
		return s
	})
}

// TestMigrations: a database made before clrkit_migrations (version 1 in
// clrkit_schema_version) opens with its data, recorded as version 1; one
// recorded newer than this program is refused.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	bits := statuslist.New(0)
	_ = bits.Set(7, true)
	for _, q := range []string{
		// The schema of the first pgstore, as it was made.
		`CREATE TABLE clrkit_schema_version (version INTEGER NOT NULL)`,
		`INSERT INTO clrkit_schema_version (version) VALUES (1)`,
		`CREATE TABLE status_lists (url TEXT PRIMARY KEY, issuer TEXT NOT NULL, purpose TEXT NOT NULL, seq INTEGER NOT NULL,
			bits BYTEA NOT NULL, alloc BYTEA NOT NULL, allocated INTEGER NOT NULL, version BIGINT NOT NULL, updated TIMESTAMPTZ NOT NULL,
			UNIQUE (issuer, purpose, seq));
		CREATE TABLE status_entries (credential_id TEXT NOT NULL, purpose TEXT NOT NULL, list_url TEXT NOT NULL REFERENCES status_lists (url),
			idx INTEGER NOT NULL, PRIMARY KEY (credential_id, purpose), UNIQUE (list_url, idx))`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec(ctx, `INSERT INTO status_lists VALUES ('https://example.edu/s/1', 'iss', 'revocation', 1, $1, $2, 1, 1, now())`,
		bits.Bytes(), statuslist.NewAllocations(0).Bytes()); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO status_entries VALUES ('urn:c:old', 'revocation', 'https://example.edu/s/1', 7)`); err != nil {
		t.Fatal(err)
	}

	s, err := pgstore.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, set, err := s.Entry(ctx, "urn:c:old", statuslist.PurposeRevocation)
	if err != nil || !set || e.Index != 7 {
		t.Fatalf("the old entry: %+v %v %v", e, set, err)
	}
	s.Close()
	var v int
	if err := conn.QueryRow(ctx, `SELECT version FROM clrkit_migrations WHERE component = 'statuslist'`).Scan(&v); err != nil || v != 1 {
		t.Fatalf("recorded version %d, %v", v, err)
	}
	var old bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('clrkit_schema_version') IS NOT NULL`).Scan(&old); err != nil || old {
		t.Fatalf("clrkit_schema_version left: %v %v", old, err)
	}
	if _, err := conn.Exec(ctx, `UPDATE clrkit_migrations SET version = 99 WHERE component = 'statuslist'`); err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.Open(ctx, dsn, nil); err == nil || !strings.Contains(err.Error(), "version 99, newer than this program's 1") {
		t.Fatalf("a newer schema: %v", err)
	}
}
