// Package sqlitestore keeps status lists (statuslist.Store) in an SQLite
// database file, through the pure-Go driver modernc.org/sqlite: nothing to
// install, one file beside the issuing service. Writers are serialized by
// SQLite's own locking (each change is one IMMEDIATE transaction), so
// several processes may share the file on one machine; a deployment that
// outgrows one machine uses the PostgreSQL store.
//
// The schema is versioned in the table clrkit_migrations (component
// "statuslist") and brought up to date when the file is opened; other
// parts of clrkit may keep their tables in the same file.
package sqlitestore
