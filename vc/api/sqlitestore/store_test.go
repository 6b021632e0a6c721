package sqlitestore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/sqlitestore"
	"github.com/clrkit/clrkit/vc/api/storetest"
	statussqlite "github.com/clrkit/clrkit/vc/statuslist/sqlitestore"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) api.Store {
		s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestSharedFile: the API's tables and the status lists' live in one file,
// each migrated under its own name.
func TestSharedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clrkit.db")
	lists, err := statussqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lists.Close()
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.PutProfile(ctx, "alice", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := lists.Allocate(ctx, "did:example:i", "revocation", "urn:c:1", func(n int) string { return "https://e.org/s/1" }); err != nil {
		t.Fatal(err)
	}
	again, err := sqlitestore.Open(ctx, path) // migrations recorded: nothing applied twice
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) api.Store {
		s, err := sqlitestore.Open(context.Background(), filepath.Join(b.TempDir(), "api.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}
