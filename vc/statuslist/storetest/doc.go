// Package storetest is the test suite every statuslist.Store passes: the
// in-memory store's tests run it, and so do those of the stores on disk,
// so that they all keep the Store contract alike. Run holds the contract
// (allocation, status changes, issuers and base URLs, cancellation, 16
// goroutines at once against the published list), RunDurable a store
// closed under load, RunRollover a full list; Bench measures a store.
package storetest
