// Package sqldb is what clrkit's SQL stores share whichever database they
// run on: a transaction and a row as both drivers give them, queries
// written once with ? placeholders, schema migrations versioned per
// component in one table, and the differences of the databases (a
// Dialect). sqldb/sqlite opens an SQLite file (modernc.org/sqlite), sqldb/pg
// a PostgreSQL database (pgx); each store package imports the one it needs,
// so that no program links a driver it does not use.
package sqldb
