// Package sqlitestore keeps the OAuth 2.0 server's records (vc/api/oauth:
// clients, authorizations, tokens, keys) in an SQLite file, through the
// pure-Go driver modernc.org/sqlite; the file may be the one the REST
// API's credentials and the status lists are kept in.
package sqlitestore
