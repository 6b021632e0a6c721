// Package loadtest holds the REST API's load test, a test of its own that
// runs only with the build tag clrkit_load (go test -tags clrkit_load
// ./vc/api/loadtest), without the race detector, as .ci/run does: four
// servers, each with the API and its OAuth 2.0 server, over TLS on one
// PostgreSQL database (sharing the OAuth records: the clients' one access
// token, from a login at the first server, is checked by all four), and
// one server on an SQLite file, each under 16 clients that upsert and list
// for a bounded time; then no credential acknowledged is lost or held
// twice, and the latency percentiles are reported. CLRKIT_LOAD_DURATION
// sets the time per store (default 60s).
package loadtest
