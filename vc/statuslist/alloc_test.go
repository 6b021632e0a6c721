package statuslist_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// TestAllocationsUniqueUntilFull: entries are handed out once each, and
// only free ones: from a fresh list, then from a saved record whose list is
// all handed out but 2,000 entries, until ErrFull.
func TestAllocationsUniqueUntilFull(t *testing.T) {
	a := statuslist.NewAllocations(0)
	seen := map[int]bool{}
	for range 5000 {
		i, err := a.Take()
		require.NoError(t, err)
		require.False(t, seen[i], "entry %d handed out twice", i)
		require.True(t, a.Used(i))
		seen[i] = true
	}
	require.Equal(t, 5000, a.Count())

	record := make([]byte, statuslist.MinEntries/8)
	for i := range record {
		record[i] = 0xff
	}
	free := map[int]bool{}
	for i := 0; len(free) < 2000; i += 37 {
		p := (i * 7919) % statuslist.MinEntries
		free[p] = true
		record[p/8] &^= 0x80 >> (p % 8)
	}
	b, err := statuslist.AllocationsFrom(record)
	require.NoError(t, err)
	require.Equal(t, statuslist.MinEntries-2000, b.Count())
	for range 2000 {
		i, err := b.Take()
		require.NoError(t, err)
		require.True(t, free[i], "entry %d was not free", i)
		delete(free, i)
	}
	_, err = b.Take()
	require.True(t, errors.Is(err, statuslist.ErrFull), "%v", err)
	require.Equal(t, b.Len(), b.Count())
	_, err = statuslist.AllocationsFrom(record[:100])
	require.Error(t, err, "a record shorter than a list")
}

// TestAllocationsSpread: the first entries handed out are spread over the
// whole list, not taken in order (a weak check of randomness: 1,000 draws
// land in every sixteenth of the list, and are not increasing).
func TestAllocationsSpread(t *testing.T) {
	a := statuslist.NewAllocations(0)
	buckets := make([]int, 16)
	increasing := true
	prev := -1
	for range 1000 {
		i, err := a.Take()
		require.NoError(t, err)
		buckets[i*16/a.Len()]++
		if i < prev {
			increasing = false
		}
		prev = i
	}
	for b, n := range buckets {
		require.Positive(t, n, "no entry in sixteenth %d of the list", b)
	}
	require.False(t, increasing)
}
