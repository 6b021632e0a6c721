// Package storetest is the test suite every api.Store passes (the memory
// store's, and those in SQLite and PostgreSQL), so that they keep the
// Store contract alike: upsert outcomes by credential equality and
// comparison, paging in creation order, since, owners kept apart,
// profiles, and concurrent upserts that never create a credential twice
// nor lose a newer one.
package storetest
