// Package pg opens a PostgreSQL database as a sqldb.DB, through
// github.com/jackc/pgx/v5's pool: several servers may share the database,
// and Dialect.Lock serializes their transactions with transaction-scoped
// advisory locks.
package pg
