package statuslist

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrNotFound reports a list or credential the store does not hold.
var ErrNotFound = errors.New("statuslist: not found")

// ErrIDInUse reports a credential id that already has an entry of another
// issuer in the store: credential ids are unique within a store, which
// finds an entry by id alone.
var ErrIDInUse = errors.New("statuslist: the credential id has another issuer's entry")

// ErrIrreversible reports an attempt to clear a revocation: the
// specification makes revocation final (section 2.1, statusPurpose), so a
// revoked credential stays revoked; suspension is the purpose that can be
// lifted.
var ErrIrreversible = errors.New("statuslist: a revocation cannot be undone")

// Store keeps issuers' status lists: each list's bits and allocation
// record, and which entry each credential was given, by credential id (ids
// are unique within a store, across its issuers). Implementations are safe
// for concurrent use, also by several processes on one database where they
// say so, and make every method atomic: an allocation or a status change
// either happens whole or not at all, and is never lost once the method
// has returned nil.
type Store interface {
	// Allocate gives credentialID an entry in the list that issuer uses
	// for purpose, at a random free index, and returns it. Lists are
	// numbered 1, 2, ... per issuer and purpose, list n published at
	// newListURL(n) (a non-empty URL no other list has). The issuer's
	// latest list is used while it has a free entry and newListURL still
	// gives its URL; otherwise the next one is opened (a changed base URL
	// takes effect at once, for new entries). A credential given an entry
	// for a purpose before gets the same entry again; one whose entry is
	// another issuer's is refused with ErrIDInUse.
	Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (Entry, error)
	// SetStatus sets (revoked, suspended) or clears the bit of
	// credentialID's entry for purpose, as ChangeBit decides. ErrNotFound
	// when the credential has no such entry, ErrIrreversible when the
	// change would clear a revocation.
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

// ChangeBit applies a SetStatus request to entry i of l, the list of
// purpose, and reports whether l changed: setting a set bit or clearing a
// clear one changes nothing (and is not an error), clearing the bit of a
// revocation list is ErrIrreversible. Every Store changes bits through it,
// so that all of them keep the same rules.
func ChangeBit(l *List, i int, purpose string, set bool) (changed bool, err error) {
	was, err := l.Get(i)
	if err != nil || was == set {
		return false, err
	}
	if was && purpose == PurposeRevocation {
		return false, fmt.Errorf("%w: entry %d of the revocation list is set for good", ErrIrreversible, i)
	}
	return true, l.Set(i, set)
}
