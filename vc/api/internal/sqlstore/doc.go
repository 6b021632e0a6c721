// Package sqlstore is the api.Store of both SQL stores (vc/api/sqlitestore,
// vc/api/pgstore): the tables, their migrations and the queries, on a
// sqldb.DB of either database.
package sqlstore
