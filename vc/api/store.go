package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// ErrNotFound reports a profile the store does not hold.
var ErrNotFound = errors.New("api: not found")

// Format says how a credential was sent and is kept.
type Format int

// Formats of a stored credential.
const (
	// FormatJSON is a credential as JSON, with an embedded proof.
	FormatJSON Format = iota
	// FormatJWS is a compact JWS (VC-JWT), kept as its text.
	FormatJWS
)

// StoredCredential is a credential as a Store keeps it: the bytes received
// and what upserts compare (credential equality and comparison: the same
// issuer id and id are the same credential, a later validFrom is newer).
type StoredCredential struct {
	IssuerID  string
	ID        string
	ValidFrom time.Time
	Format    Format
	Body      []byte
}

// Normalize checks what a Store needs of a credential (its issuer id and
// id; a validFrom in the years 1 to 9999) and returns it with validFrom in
// UTC, to the microsecond: what every store keeps (PostgreSQL keeps no
// finer time), so that all compare alike. Stores call it first.
func Normalize(c StoredCredential) (StoredCredential, error) {
	if c.IssuerID == "" || c.ID == "" {
		return c, errors.New("api: a stored credential needs its issuer id and id")
	}
	c.ValidFrom = c.ValidFrom.UTC().Truncate(time.Microsecond)
	if y := c.ValidFrom.Year(); y < 1 || y > 9999 {
		return c, fmt.Errorf("api: validFrom %s is outside the years 1 to 9999", c.ValidFrom)
	}
	return c, nil
}

// Outcome is what an upsert did.
type Outcome int

// Outcomes of an upsert.
const (
	// Created: no credential with the same issuer and id was held.
	Created Outcome = iota + 1
	// Replaced: an older one was held and is replaced.
	Replaced
	// NotNewer: the one held is as new or newer; nothing changed.
	NotNewer
)

// Query selects a page of an owner's credentials: those valid from after
// Since (all when zero), in the store's order, Offset of them skipped and
// at most Limit returned.
type Query struct {
	Since  time.Time
	Limit  int
	Offset int
}

// Store keeps, for each owner (the account an access token is for), the
// credentials upserted and the profile. Implementations are safe for
// concurrent use and make each method atomic: two upserts of the same
// credential never both create it.
type Store interface {
	// UpsertCredential adds c to owner's credentials, or replaces the one
	// with the same issuer id and id when c's validFrom is later; when the
	// one held is as new or newer it changes nothing and says NotNewer.
	UpsertCredential(ctx context.Context, owner string, c StoredCredential) (Outcome, error)
	// Credentials returns the page q selects of owner's credentials, in
	// the order they were first created, and how many q's Since selects
	// in all.
	Credentials(ctx context.Context, owner string, q Query) ([]StoredCredential, int, error)
	// Profile returns owner's profile (JSON); ErrNotFound when there is
	// none.
	Profile(ctx context.Context, owner string) ([]byte, error)
	// PutProfile sets owner's profile.
	PutProfile(ctx context.Context, owner string, profile []byte) error
}

// MemoryStore is a Store in memory, for tests and demonstrations.
type MemoryStore struct {
	mu       sync.Mutex
	creds    map[string][]StoredCredential // owner → in creation order
	index    map[memKey]int                // where each credential is in its owner's list
	profiles map[string][]byte
}

type memKey struct{ owner, issuer, id string }

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{creds: map[string][]StoredCredential{}, index: map[memKey]int{}, profiles: map[string][]byte{}}
}

var _ Store = (*MemoryStore)(nil)

// UpsertCredential implements Store.
func (s *MemoryStore) UpsertCredential(ctx context.Context, owner string, c StoredCredential) (Outcome, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	c, err := Normalize(c)
	if err != nil {
		return 0, err
	}
	c.Body = slices.Clone(c.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	k := memKey{owner, c.IssuerID, c.ID}
	if i, held := s.index[k]; held {
		if !c.ValidFrom.After(s.creds[owner][i].ValidFrom) {
			return NotNewer, nil
		}
		s.creds[owner][i] = c
		return Replaced, nil
	}
	s.index[k] = len(s.creds[owner])
	s.creds[owner] = append(s.creds[owner], c)
	return Created, nil
}

// Credentials implements Store.
func (s *MemoryStore) Credentials(ctx context.Context, owner string, q Query) ([]StoredCredential, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var selected []StoredCredential
	for _, c := range s.creds[owner] {
		if q.Since.IsZero() || c.ValidFrom.After(q.Since) {
			selected = append(selected, c)
		}
	}
	total := len(selected)
	if q.Offset >= total {
		return nil, total, nil
	}
	page := selected[q.Offset:]
	if q.Limit > 0 && len(page) > q.Limit {
		page = page[:q.Limit]
	}
	out := make([]StoredCredential, len(page))
	for i, c := range page {
		c.Body = slices.Clone(c.Body)
		out[i] = c
	}
	return out, total, nil
}

// Profile implements Store.
func (s *MemoryStore) Profile(ctx context.Context, owner string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.profiles[owner]
	if !ok {
		return nil, fmt.Errorf("%w: no profile for %s", ErrNotFound, owner)
	}
	return slices.Clone(p), nil
}

// PutProfile implements Store.
func (s *MemoryStore) PutProfile(ctx context.Context, owner string, profile []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profiles[owner] = slices.Clone(profile)
	return nil
}
