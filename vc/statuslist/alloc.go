package statuslist

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
)

// ErrFull reports a list whose every entry has been handed out: a new list
// is needed.
var ErrFull = errors.New("statuslist: every entry of the list is allocated")

// Allocations records which entries of a list have been handed to
// credentials. An entry is handed out once: a revoked credential's entry is
// never given to another, whose status it would then carry.
type Allocations struct {
	used  []byte // one bit per entry, as List
	count int
}

// NewAllocations returns the record of a list of n entries (rounded as New
// rounds them), none handed out.
func NewAllocations(n int) *Allocations {
	n = max(n, MinEntries)
	return &Allocations{used: make([]byte, (n+7)/8)}
}

// AllocationsFrom restores a record saved with Bytes.
func AllocationsFrom(b []byte) (*Allocations, error) {
	if 8*len(b) < MinEntries {
		return nil, fmt.Errorf("statuslist: an allocation record of %d entries, fewer than %d", 8*len(b), MinEntries)
	}
	a := &Allocations{used: append([]byte(nil), b...)}
	for _, x := range b {
		a.count += bits.OnesCount8(x)
	}
	return a, nil
}

// Bytes returns the record for saving (one bit per entry).
func (a *Allocations) Bytes() []byte { return append([]byte(nil), a.used...) }

// Len returns the number of entries of the list.
func (a *Allocations) Len() int { return 8 * len(a.used) }

// Count returns how many entries have been handed out.
func (a *Allocations) Count() int { return a.count }

// Used reports whether entry i has been handed out.
func (a *Allocations) Used(i int) bool {
	return i >= 0 && i < a.Len() && a.used[i/8]&(0x80>>(i%8)) != 0
}

// Take hands out an entry not handed out before, chosen uniformly at random
// among the free ones with crypto/rand, so that an entry's index says
// nothing about when, or to whom, the credential was issued (Bitstring
// Status List v1.0, section 6.1). It returns ErrFull when none is left.
func (a *Allocations) Take() (int, error) {
	free := a.Len() - a.count
	if free == 0 {
		return 0, ErrFull
	}
	// Rejection sampling: a uniformly random entry, kept when free, is
	// uniform among the free ones, and takes one draw or two until the
	// list is nearly full; after 32 misses, count to the k-th free entry.
	for range 32 {
		iBig, err := rand.Int(rand.Reader, big.NewInt(int64(a.Len())))
		if err != nil {
			return 0, fmt.Errorf("statuslist: random index: %w", err)
		}
		if i := int(iBig.Int64()); !a.Used(i) {
			a.used[i/8] |= 0x80 >> (i % 8)
			a.count++
			return i, nil
		}
	}
	kBig, err := rand.Int(rand.Reader, big.NewInt(int64(free)))
	if err != nil {
		return 0, fmt.Errorf("statuslist: random index: %w", err)
	}
	k := int(kBig.Int64()) // the k-th free entry, counting from 0
	for byteIdx, x := range a.used {
		zeros := 8 - bits.OnesCount8(x)
		if k >= zeros {
			k -= zeros
			continue
		}
		for bit := range 8 {
			if x&(0x80>>bit) != 0 {
				continue
			}
			if k == 0 {
				a.used[byteIdx] |= 0x80 >> bit
				a.count++
				return 8*byteIdx + bit, nil
			}
			k--
		}
	}
	return 0, errors.New("statuslist: allocation record inconsistent with its count") // unreachable
}
