package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/oauth"
	oauthpg "github.com/clrkit/clrkit/vc/api/oauth/pgstore"
	oauthsqlite "github.com/clrkit/clrkit/vc/api/oauth/sqlitestore"
	apipg "github.com/clrkit/clrkit/vc/api/pgstore"
	apisqlite "github.com/clrkit/clrkit/vc/api/sqlitestore"
	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/pgstore"
	"github.com/clrkit/clrkit/vc/statuslist/sqlitestore"
)

// storeHelp describes the --store flag of status and serve.
const storeHelp = "the store: sqlite:PATH (an SQLite file, created when missing) or postgres:DSN (a PostgreSQL database, as a postgres:// URL or key=value DSN; a bare postgres:// URL works too)"

// storeSpec reads a --store value: the kind (sqlite, postgres) and where.
func storeSpec(spec string) (kind, where string, err error) {
	kind, where, _ = strings.Cut(spec, ":")
	switch {
	case strings.HasPrefix(spec, "postgres://"), strings.HasPrefix(spec, "postgresql://"):
		kind, where = "postgres", spec
	case kind == "postgresql":
		kind = "postgres"
	case kind != "sqlite" && kind != "postgres" && where == "":
		return "", "", errors.New("--store: want sqlite:PATH or postgres:DSN")
	case kind != "sqlite" && kind != "postgres":
		return "", "", fmt.Errorf("--store: unknown kind %q (want sqlite:PATH or postgres:DSN)", kind)
	}
	if where == "" {
		return "", "", fmt.Errorf("--store %s: the %s after the colon is missing", kind, map[bool]string{true: "PATH", false: "DSN"}[kind == "sqlite"])
	}
	if kind == "postgres" {
		if cfg, err := pgconn.ParseConfig(where); err == nil && strings.Contains(cfg.Host, "@") {
			// What the host would print holds the end of a password.
			return "", "", errors.New("--store postgres: the DSN's host holds an @ (write an @ in a user name or password as %40)")
		}
	}
	return kind, where, nil
}

// storeError says why a store did not open, without repeating a
// PostgreSQL DSN, which may hold a password: the database is named by
// user, host, port and name.
func storeError(kind, where string, err error) error {
	if kind == "sqlite" {
		return fmt.Errorf("--store sqlite:%s: %w", where, err)
	}
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		if inner := errors.Unwrap(pe); inner != nil {
			return fmt.Errorf("--store postgres: the DSN does not parse: %v", inner)
		}
		return errors.New("--store postgres: the DSN does not parse")
	}
	return fmt.Errorf("--store %s: %w", pgName(where), err)
}

// openStore opens the status-list store a --store value names.
func openStore(ctx context.Context, spec string) (statuslist.Store, error) {
	kind, where, err := storeSpec(spec)
	if err != nil {
		return nil, err
	}
	var s statuslist.Store
	if kind == "sqlite" {
		s, err = sqlitestore.Open(ctx, where, nil)
	} else {
		s, err = pgstore.Open(ctx, where, nil)
	}
	if err != nil {
		return nil, storeError(kind, where, err)
	}
	return s, nil
}

// apiStore is an api.Store that closes.
type apiStore interface {
	api.Store
	Close() error
}

// openAPIStore opens the REST API's store in the database a --store value
// names (the status lists' too).
func openAPIStore(ctx context.Context, spec string) (apiStore, error) {
	kind, where, err := storeSpec(spec)
	if err != nil {
		return nil, err
	}
	var s apiStore
	if kind == "sqlite" {
		s, err = apisqlite.Open(ctx, where)
	} else {
		s, err = apipg.Open(ctx, where)
	}
	if err != nil {
		return nil, storeError(kind, where, err)
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

// openOAuthRecords opens the OAuth 2.0 server's records in the database a
// --store value names, so that servers on one database share clients and
// tokens and a restart keeps them.
func openOAuthRecords(ctx context.Context, spec string) (*oauth.Records, error) {
	kind, where, err := storeSpec(spec)
	if err != nil {
		return nil, err
	}
	var r *oauth.Records
	if kind == "sqlite" {
		r, err = oauthsqlite.Open(ctx, where)
	} else {
		r, err = oauthpg.Open(ctx, where)
	}
	if err != nil {
		return nil, storeError(kind, where, err)
	}
	return r, nil
}
