package pgstore_test

import (
	"context"
	"testing"

	"github.com/clrkit/clrkit/internal/sqldb/pg/pgtest"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/pgstore"
	"github.com/clrkit/clrkit/vc/api/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) api.Store {
		s, err := pgstore.Open(context.Background(), pgtest.Database(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestTwoServers: two stores on one database, upserting the same
// credentials at once, create each once and keep the newest.
func TestTwoServers(t *testing.T) {
	dsn := pgtest.Database(t)
	var stores []api.Store
	for range 2 {
		s, err := pgstore.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	storetest.RunShared(t, stores...)
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) api.Store {
		s, err := pgstore.Open(context.Background(), pgtest.Database(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}
