package sqlitestore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/sqlitestore"
	"github.com/clrkit/clrkit/vc/statuslist/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) statuslist.Store {
		s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "status.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestReopen: what was acknowledged survives closing and opening the file
// again, and opening applies no migration twice.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "status.db")
	s, err := sqlitestore.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	url := func(n int) string { return "https://example.edu/status/1" }
	e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:1", url)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, "urn:c:1", statuslist.PurposeRevocation, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = sqlitestore.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, set, err := s.Entry(ctx, "urn:c:1", statuslist.PurposeRevocation)
	if err != nil || got != e || !set {
		t.Fatalf("after reopening: %+v %v %v; want %+v revoked", got, set, err, e)
	}
}

func TestDurable(t *testing.T) {
	storetest.RunDurable(t, func(t *testing.T) (statuslist.Store, func() statuslist.Store) {
		path := filepath.Join(t.TempDir(), "status.db")
		open := func() statuslist.Store {
			s, err := sqlitestore.Open(context.Background(), path, nil)
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
		s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "status.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s, s.Fill
	})
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) statuslist.Store {
		s, err := sqlitestore.Open(context.Background(), filepath.Join(b.TempDir(), "status.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		return s
	})
}
