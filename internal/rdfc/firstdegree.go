package rdfc

import (
	"bytes"
	"encoding/hex"
	"hash"
	"slices"
)

// hasher computes lowercase hex digests with one reused hash.Hash.
type hasher struct {
	h   hash.Hash
	sum []byte
}

// appendHex appends the hex digest of data to dst.
func (hs *hasher) appendHex(dst, data []byte) []byte {
	hs.h.Reset()
	hs.h.Write(data)
	hs.sum = hs.h.Sum(hs.sum[:0])
	return hex.AppendEncode(dst, hs.sum)
}

// firstDegreeHashes runs Hash First Degree Quads (RDFC-1.0 section 4.6) for
// every blank node and stores the results in c.fd.
func (c *canon) firstDegreeHashes() {
	c.fd = make([]byte, 0, len(c.d.labels)*c.hexLen)
	for b := range c.d.labels {
		c.fd = c.appendFirstDegree(c.fd, int32(b))
	}
}

// firstDegree returns the hex first-degree hash of blank node b.
func (c *canon) firstDegree(b int32) []byte {
	i := int(b) * c.hexLen
	return c.fd[i : i+c.hexLen]
}

// appendFirstDegree appends the first-degree hash of blank node n: the hash
// of the sorted canonical lines of the quads that mention n, with n written
// as _:a and every other blank node as _:z.
func (c *canon) appendFirstDegree(dst []byte, n int32) []byte {
	label := func(dst []byte, b int32) []byte {
		if b == n {
			return append(dst, "_:a"...)
		}
		return append(dst, "_:z"...)
	}
	lines, spans := c.lines[:0], c.spans[:0]
	for _, qi := range c.d.quadsOf[n] {
		start := int32(len(lines))
		lines = c.d.appendLine(lines, c.d.quads[qi], label)
		spans = append(spans, span{start, int32(len(lines))})
	}
	if c.utf16 {
		c.sortUTF16(lines, spans, c.d.quadsOf[n])
	} else {
		slices.SortFunc(spans, func(x, y span) int {
			return bytes.Compare(lines[x.start:x.end], lines[y.start:y.end])
		})
	}
	c.hs.h.Reset()
	for _, s := range spans {
		c.hs.h.Write(lines[s.start:s.end])
	}
	c.hs.sum = c.hs.h.Sum(c.hs.sum[:0])
	c.lines, c.spans = lines, spans
	return hex.AppendEncode(dst, c.hs.sum)
}

// sortUTF16 sorts spans of lines, the lines of quads in that order, with
// compare, so that the quads whose order UTF-16 decides are noted.
func (c *canon) sortUTF16(lines []byte, spans []span, quads []int32) {
	idx := make([]int, len(spans))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int {
		return c.compare(lines[spans[x].start:spans[x].end], lines[spans[y].start:spans[y].end], quads[x], quads[y])
	})
	sorted := make([]span, len(spans))
	for i, j := range idx {
		sorted[i] = spans[j]
	}
	copy(spans, sorted)
}
