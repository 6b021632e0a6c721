// Package pgstore keeps status lists (statuslist.Store) in PostgreSQL,
// through github.com/jackc/pgx/v5, for deployments that outgrow one
// machine: several stateless servers share one database. Allocations for
// one issuer and purpose are serialized by a transaction-scoped advisory
// lock, status changes by the list row's lock, so concurrent servers never
// lose or double an entry.
//
// The schema is versioned in the table clrkit_migrations (component
// "statuslist") and brought up to date at Open, under an advisory lock so
// that servers starting together apply each migration once; other parts
// of clrkit may keep their tables in the same database.
package pgstore
