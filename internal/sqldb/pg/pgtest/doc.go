// Package pgtest gives tests a PostgreSQL database of their own: the
// pgstore tests, the clrkit command's, and those of anything else kept in
// PostgreSQL.
//
// CLRKIT_POSTGRES_DSN names the server (a URL whose user may create
// databases). Without it, or with the server unreachable, a test that asks
// for a database is skipped with a message saying it did not run and why;
// with CLRKIT_REQUIRE_POSTGRES=1, as .ci/run sets, it fails instead.
package pgtest
