package sqlitestore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TestMigrations: a file made before clrkit_migrations (schema_version 1,
// tables lists and entries) opens with its lists and entries under the
// current names, recorded as version 1; a file recorded newer than this
// program is refused.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	bits := statuslist.New(0)
	_ = bits.Set(7, true)
	record := statuslist.NewAllocations(0).Bytes()
	record[0] = 0x01 // entry 7 handed out
	alloc, err := statuslist.AllocationsFrom(record)
	if err != nil || !alloc.Used(7) || alloc.Count() != 1 {
		t.Fatalf("the allocation record: %v", err)
	}
	for _, q := range []string{
		// The schema of the first sqlitestore, as it was made.
		`CREATE TABLE schema_version (version INTEGER NOT NULL)`,
		`INSERT INTO schema_version (version) VALUES (1)`,
		`CREATE TABLE lists (url TEXT PRIMARY KEY, issuer TEXT NOT NULL, purpose TEXT NOT NULL, seq INTEGER NOT NULL,
			bits BLOB NOT NULL, alloc BLOB NOT NULL, allocated INTEGER NOT NULL, version INTEGER NOT NULL, updated TEXT NOT NULL,
			UNIQUE (issuer, purpose, seq));
		CREATE TABLE entries (credential_id TEXT NOT NULL, purpose TEXT NOT NULL, list_url TEXT NOT NULL REFERENCES lists (url),
			idx INTEGER NOT NULL, PRIMARY KEY (credential_id, purpose), UNIQUE (list_url, idx))`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO lists VALUES ('https://example.edu/s/1', 'iss', 'revocation', 1, ?, ?, 1, 1, '2026-12-01T00:00:00Z')`,
		bits.Bytes(), alloc.Bytes()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO entries VALUES ('urn:c:old', 'revocation', 'https://example.edu/s/1', 7)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := sqlitestore.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, set, err := s.Entry(ctx, "urn:c:old", statuslist.PurposeRevocation)
	if err != nil || !set || e.Index != 7 || e.ListCredential != "https://example.edu/s/1" {
		t.Fatalf("the old entry: %+v %v %v", e, set, err)
	}
	// The renamed tables keep their reference: a new entry goes in.
	if e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:new", func(n int) string { return "https://example.edu/s/" + strconv.Itoa(n) }); err != nil || e.ListCredential != "https://example.edu/s/1" || e.Index == 7 {
		t.Fatalf("allocating after the migration: %+v, %v", e, err)
	}
	s.Close()

	db, err = sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow(`SELECT version FROM clrkit_migrations WHERE component = 'statuslist'`).Scan(&v); err != nil || v != 1 {
		t.Fatalf("recorded version %d, %v", v, err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('schema_version', 'lists', 'entries')`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d old tables left, %v", n, err)
	}
	if _, err := db.Exec(`UPDATE clrkit_migrations SET version = 99 WHERE component = 'statuslist'`); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlitestore.Open(ctx, path, nil); err == nil || !strings.Contains(err.Error(), "version 99, newer than this program's 1") {
		t.Fatalf("a newer schema: %v", err)
	}
}

// TestPathCharacters: a path with characters a URI reads otherwise (%, ?,
// #) names the file it spells.
func TestPathCharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a#b.db", "d%41.db", "q?x=1.db", "sp ace.db"} {
		path := filepath.Join(dir, name)
		s, err := sqlitestore.Open(context.Background(), path, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), "-wal") && !strings.HasSuffix(e.Name(), "-shm") {
			names = append(names, e.Name())
		}
	}
	if len(names) != 4 {
		t.Errorf("files made: %q", names)
	}
}
