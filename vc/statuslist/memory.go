package statuslist

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// MemoryStore is a Store in memory, for tests and demonstrations: it keeps
// nothing once the process ends. The sqlite and postgres stores keep lists
// on disk.
type MemoryStore struct {
	mu      sync.Mutex
	now     func() time.Time
	lists   map[string]*memList
	open    map[[2]string]string // issuer, purpose → URL of the list in use
	seq     map[[2]string]int    // issuer, purpose → lists opened
	entries map[[2]string]Entry  // credential id, purpose → entry
}

type memList struct {
	StoredList
	alloc *Allocations
}

// NewMemoryStore returns an empty MemoryStore; now (time.Now when nil)
// stamps list changes.
func NewMemoryStore(now func() time.Time) *MemoryStore {
	if now == nil {
		now = time.Now
	}
	return &MemoryStore{now: now, lists: map[string]*memList{}, open: map[[2]string]string{},
		seq: map[[2]string]int{}, entries: map[[2]string]Entry{}}
}

var _ Store = (*MemoryStore)(nil)

// Allocate implements Store.
func (s *MemoryStore) Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[[2]string{credentialID, purpose}]; ok {
		if other := s.lists[e.ListCredential].Issuer; other != issuer {
			return Entry{}, fmt.Errorf("%w: %s has the %s entry %s of %s", ErrIDInUse, credentialID, purpose, e.ListCredential, other)
		}
		return e, nil
	}
	key := [2]string{issuer, purpose}
	for {
		l := s.lists[s.open[key]]
		if l == nil || l.alloc.Count() == l.alloc.Len() || newListURL(s.seq[key]) != l.URL {
			n := s.seq[key] + 1
			url := newListURL(n)
			if _, taken := s.lists[url]; taken || url == "" {
				return Entry{}, fmt.Errorf("statuslist: list URL %q is empty or in use", url)
			}
			l = &memList{StoredList: StoredList{URL: url, Issuer: issuer, Purpose: purpose, Bits: New(0), Updated: s.now()},
				alloc: NewAllocations(0)}
			s.lists[url], s.open[key], s.seq[key] = l, url, n
		}
		i, err := l.alloc.Take()
		if errors.Is(err, ErrFull) {
			continue // open the next list
		}
		if err != nil {
			return Entry{}, err
		}
		l.Allocated = l.alloc.Count()
		e := Entry{ListCredential: l.URL, Purpose: purpose, Index: i}
		s.entries[[2]string{credentialID, purpose}] = e
		return e, nil
	}
}

// SetStatus implements Store.
func (s *MemoryStore) SetStatus(ctx context.Context, credentialID, purpose string, set bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[[2]string{credentialID, purpose}]
	if !ok {
		return fmt.Errorf("%w: no %s entry for %s", ErrNotFound, purpose, credentialID)
	}
	l := s.lists[e.ListCredential]
	if changed, err := ChangeBit(l.Bits, e.Index, purpose, set); !changed {
		return err
	}
	l.Version++
	l.Updated = s.now()
	return nil
}

// Entry implements Store.
func (s *MemoryStore) Entry(ctx context.Context, credentialID, purpose string) (Entry, bool, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[[2]string{credentialID, purpose}]
	if !ok {
		return Entry{}, false, fmt.Errorf("%w: no %s entry for %s", ErrNotFound, purpose, credentialID)
	}
	set, err := s.lists[e.ListCredential].Bits.Get(e.Index)
	return e, set, err
}

// List implements Store. The list returned is a copy.
func (s *MemoryStore) List(ctx context.Context, url string) (*StoredList, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.lists[url]
	if !ok {
		return nil, fmt.Errorf("%w: no list at %s", ErrNotFound, url)
	}
	c := l.StoredList
	c.Bits = &List{bits: append([]byte(nil), l.Bits.bits...)}
	return &c, nil
}

// Close implements Store; a MemoryStore holds nothing to release.
func (s *MemoryStore) Close() error { return nil }
