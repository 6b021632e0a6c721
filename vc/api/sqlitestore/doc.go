// Package sqlitestore keeps what the OB 3.0 and CLR 2.0 REST APIs serve
// (api.Store: each owner's credentials and profile) in an SQLite database
// file, through the pure-Go driver modernc.org/sqlite. The file may be the
// one the status lists are kept in (vc/statuslist/sqlitestore): each
// records its schema version under its own name in clrkit_migrations.
package sqlitestore
