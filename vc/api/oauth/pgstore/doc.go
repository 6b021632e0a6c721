// Package pgstore keeps the OAuth 2.0 server's records (vc/api/oauth:
// clients, authorizations, tokens, keys) in PostgreSQL, through
// github.com/jackc/pgx/v5, for several servers on one database: they
// share the keys that encrypt access tokens, and so accept each other's.
package pgstore
