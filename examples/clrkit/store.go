package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore"
	"github.com/clrkit/clrkit/vc/statuslist/sqlitestore"
)

// storeHelp describes the --store flag of status and serve.
const storeHelp = "the store: sqlite:PATH (an SQLite file, created when missing) or postgres:DSN (a PostgreSQL database, as a postgres:// URL or key=value DSN; a bare postgres:// URL works too)"

// openStore opens the status-list store a --store value names. Its errors
// never repeat a PostgreSQL DSN, which may hold a password: they name the
// database by user, host, port and name.
func openStore(ctx context.Context, spec string) (statuslist.Store, error) {
	kind, where, _ := strings.Cut(spec, ":")
	switch {
	case strings.HasPrefix(spec, "postgres://"), strings.HasPrefix(spec, "postgresql://"):
		kind, where = "postgres", spec
	case where == "" && kind != "sqlite" && kind != "postgres" && kind != "postgresql":
		return nil, errors.New("--store: want sqlite:PATH or postgres:DSN")
	case where == "":
		return nil, fmt.Errorf("--store %s: the %s after the colon is missing", kind, map[bool]string{true: "PATH", false: "DSN"}[kind == "sqlite"])
	}
	var s statuslist.Store
	var err error
	switch kind {
	case "sqlite":
		if s, err = sqlitestore.Open(ctx, where, nil); err != nil {
			return nil, fmt.Errorf("--store sqlite:%s: %w", where, err)
		}
	case "postgres", "postgresql":
		if cfg, err := pgconn.ParseConfig(where); err == nil && strings.Contains(cfg.Host, "@") {
			// What the host would print holds the end of a password.
			return nil, errors.New("--store postgres: the DSN's host holds an @ (write an @ in a user name or password as %40)")
		}
		if s, err = pgstore.Open(ctx, where, nil); err != nil {
			var pe *pgconn.ParseConfigError
			if errors.As(err, &pe) {
				if inner := errors.Unwrap(pe); inner != nil {
					return nil, fmt.Errorf("--store postgres: the DSN does not parse: %v", inner)
				}
				return nil, errors.New("--store postgres: the DSN does not parse")
			}
			return nil, fmt.Errorf("--store %s: %w", pgName(where), err)
		}
	default:
		return nil, fmt.Errorf("--store: unknown kind %q (want sqlite:PATH or postgres:DSN)", kind)
	}
	return s, nil
}

// pgName names the database of a DSN that parses, without its password.
func pgName(dsn string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "postgres"
	}
	return fmt.Sprintf("postgres:%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// closeStore closes s; a failure (nothing acknowledged is lost, but the
// database was not left cleanly) is reported and turns a success into
// exit 2.
func closeStore(e *env, s statuslist.Store, code *int) {
	if err := s.Close(); err != nil {
		c := e.fail(exitUsage, "closing the store: %v", err)
		if *code == exitOK {
			*code = c
		}
	}
}
