package rdfc

import "strconv"

// issuer is an identifier issuer (RDFC-1.0 section 4.3): it hands out
// prefix0, prefix1, ... to blank nodes in the order they are first asked for.
// Blank nodes are the dense indexes of the dataset being canonicalized.
//
// The algorithm copies temporary issuers for every permutation it tries.
// Instead of copying, Canonicalize keeps a single temporary issuer and undoes
// what a permutation issued with rollback, so the cost of trying a
// permutation depends on what that permutation issued, not on how many blank
// nodes the dataset has or how many identifiers were issued before.
type issuer struct {
	prefix string
	ids    []int32 // per blank node: issued number + 1, or 0 if none yet
	order  []int32 // blank nodes in the order they were issued
}

func newIssuer(prefix string, nodes int) *issuer {
	return &issuer{prefix: prefix, ids: make([]int32, nodes)}
}

// issued reports whether b already has an identifier.
func (is *issuer) issued(b int32) bool { return is.ids[b] != 0 }

// issue returns the number of b's identifier, issuing the next one if b has
// none yet.
func (is *issuer) issue(b int32) int32 {
	if id := is.ids[b]; id != 0 {
		return id - 1
	}
	is.order = append(is.order, b)
	is.ids[b] = int32(len(is.order))
	return int32(len(is.order) - 1)
}

// mark returns the current state of is, for a later rollback.
func (is *issuer) mark() int { return len(is.order) }

// rollback withdraws every identifier issued since mark returned m, in time
// proportional to their number.
func (is *issuer) rollback(m int) {
	for _, b := range is.order[m:] {
		is.ids[b] = 0
	}
	is.order = is.order[:m]
}

// appendLabel appends "_:" followed by the identifier issued to b, which
// must already have one.
func (is *issuer) appendLabel(dst []byte, b int32) []byte {
	dst = append(dst, "_:"...)
	dst = append(dst, is.prefix...)
	return strconv.AppendInt(dst, int64(is.ids[b]-1), 10)
}
