package pgstore_test

import (
	"context"
	"encoding/hex"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore/pgtest"
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

// TestTwoServers: two stores on one database (two servers) allocate and
// revoke as one: entries unique across both, each one's changes visible
// to the other; opening applies no migration twice.
func TestTwoServers(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
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
