package rdfc

import "sync"

// scratch holds the buffers a Canonicalize call needs only while it runs:
// the encoded terms and internal quads of the dataset, the lines hashed and
// sorted, and their boundaries. Calls reuse them through scratchPool, so a
// verifier canonicalizing document after document does not hand the garbage
// collector these tens of kilobytes each time: with a small live heap the
// collector's cycles, not the work itself, are what keeps concurrent
// verifications from scaling with cores. None of them holds a pointer, and
// nothing in a Result refers to them.
type scratch struct {
	enc   []byte   // dataset.enc
	quads []iquad  // dataset.quads
	from  []int32  // dataset.from
	lines []byte   // canon.lines, and the unsorted output lines
	spans []span   // canon.spans, and the output line boundaries
	order []int32  // the output order
	heads []uint64 // the first eight bytes of each output line (sortLines)
	out   []byte   // the sorted document handed to Options.Output

	blankIDs map[string]int32 // newDataset's blank node numbers
	seen     map[uint64]int32 // newDataset's quad keys
}

// maps returns newDataset's two maps, empty (put empties them).
func (s *scratch) maps() (blankIDs map[string]int32, seen map[uint64]int32) {
	if s.blankIDs == nil {
		s.blankIDs, s.seen = make(map[string]int32), make(map[uint64]int32)
	}
	return s.blankIDs, s.seen
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratchBytes bounds the buffers kept for reuse: a call on an unusually
// large dataset does not leave its buffers pinned in the pool.
const maxScratchBytes = 1 << 20

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// put returns the buffers to the pool, unless they grew too large to keep.
func (s *scratch) put() {
	if len(s.blankIDs) > 4096 || len(s.seen) > 4096 {
		return // a map keeps its size once grown: let it go
	}
	clear(s.blankIDs) // the labels are the caller's strings
	clear(s.seen)
	if cap(s.enc)+cap(s.lines)+cap(s.out)+32*cap(s.quads)+8*cap(s.spans)+4*(cap(s.from)+cap(s.order))+8*cap(s.heads) > maxScratchBytes {
		return
	}
	scratchPool.Put(s)
}
