// Package sqlstore is the statuslist.Store of both SQL stores
// (sqlitestore, pgstore): the schema's tables, their migrations and the
// queries of every method, on a sqldb.DB of either database, so that both
// keep the Store contract the same way.
package sqlstore
