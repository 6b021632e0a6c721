package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore"
	"github.com/clrkit/clrkit/vc/statuslist/sqlitestore"
)

// storeHelp describes the --store flag of status and serve.
const storeHelp = "the store: sqlite:PATH (an SQLite file, created when missing) or postgres:DSN (a PostgreSQL database, as a postgres:// URL or key=value DSN; a bare postgres:// URL works too)"

// openStore opens the status-list store a --store value names.
func openStore(ctx context.Context, spec string) (statuslist.Store, error) {
	kind, where, _ := strings.Cut(spec, ":")
	switch {
	case strings.HasPrefix(spec, "postgres://"), strings.HasPrefix(spec, "postgresql://"):
		kind, where = "postgres", spec
	case where == "":
		return nil, fmt.Errorf("--store %q: want sqlite:PATH or postgres:DSN", spec)
	}
	var s statuslist.Store
	var err error
	switch kind {
	case "sqlite":
		s, err = sqlitestore.Open(ctx, where, nil)
	case "postgres", "postgresql":
		s, err = pgstore.Open(ctx, where, nil)
	default:
		return nil, fmt.Errorf("--store %q: unknown kind %q (want sqlite:PATH or postgres:DSN)", spec, kind)
	}
	if err != nil {
		return nil, fmt.Errorf("--store %s: %w", redactStore(spec), err)
	}
	return s, nil
}

// redactStore hides a password in a PostgreSQL DSN before it is printed.
func redactStore(spec string) string {
	if i := strings.Index(spec, "://"); i >= 0 {
		rest := spec[i+3:]
		if at := strings.IndexByte(rest, '@'); at >= 0 {
			if user, _, ok := strings.Cut(rest[:at], ":"); ok {
				return spec[:i+3] + user + ":xxxxx" + rest[at:]
			}
		}
	}
	if strings.Contains(spec, "password=") {
		f := strings.Fields(spec)
		for i, kv := range f {
			if strings.HasPrefix(kv, "password=") {
				f[i] = "password=xxxxx"
			}
		}
		return strings.Join(f, " ")
	}
	return spec
}

// closeStore closes s, reporting a failure (which can lose nothing
// acknowledged, but says the database was not left cleanly).
func closeStore(e *env, s statuslist.Store) {
	if err := s.Close(); err != nil && !errors.Is(err, context.Canceled) {
		e.fail(exitUsage, "closing the store: %v", err)
	}
}
