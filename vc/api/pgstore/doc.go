// Package pgstore keeps what the OB 3.0 and CLR 2.0 REST APIs serve
// (api.Store: each owner's credentials and profile) in PostgreSQL, through
// github.com/jackc/pgx/v5, for several API servers on one database: an
// owner's upserts are serialized by a transaction-scoped advisory lock, so
// that concurrent servers never create one credential twice. The database
// may be the one the status lists are kept in (vc/statuslist/pgstore).
package pgstore
