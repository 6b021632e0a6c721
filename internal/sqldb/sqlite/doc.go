// Package sqlite opens an SQLite database file as a sqldb.DB, through the
// pure-Go driver modernc.org/sqlite: WAL journal, synchronous FULL (a
// commit is on disk when it returns), foreign keys on, and every
// transaction IMMEDIATE, so that writers exclude each other from their
// start and several processes may share the file.
package sqlite
