package statuslist

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound reports a list or credential the store does not hold.
var ErrNotFound = errors.New("statuslist: not found")

// Store keeps an issuer's status lists: each list's bits and allocation
// record, and which entry each credential was given. Implementations are
// safe for concurrent use, also by several processes on one database where
// they say so, and make every method atomic: an allocation or a status
// change either happens whole or not at all, and is never lost once the
// method has returned nil.
type Store interface {
	// Allocate gives credentialID an entry in the list that issuer uses
	// for purpose, at a random free index, and returns it. When that list
	// is full (or there is none yet) it opens a new one, published at
	// newListURL(n) for its sequence number n (1, 2, ...). A credential
	// given an entry for a purpose before gets the same entry again.
	Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (Entry, error)
	// SetStatus sets (revoked, suspended) or clears the bit of
	// credentialID's entry for purpose. ErrNotFound when the credential
	// has no such entry.
	SetStatus(ctx context.Context, credentialID, purpose string, set bool) error
	// Entry returns credentialID's entry for purpose and whether its bit
	// is set. ErrNotFound when there is none.
	Entry(ctx context.Context, credentialID, purpose string) (Entry, bool, error)
	// List returns the list published at url. ErrNotFound when the store
	// has none there.
	List(ctx context.Context, url string) (*StoredList, error)
	// Close releases the store.
	Close() error
}

// StoredList is a list as a Store holds it.
type StoredList struct {
	URL     string
	Issuer  string
	Purpose string
	// Bits is the list; Allocated how many of its entries are handed out
	// (the number of entries set in its allocation record, which stores on
	// disk keep beside the record so that List need not decode it).
	Bits      *List
	Allocated int
	// Version counts the changes to Bits (0 for a new list), for ETags;
	// Updated is the time of the last one.
	Version int64
	Updated time.Time
}
