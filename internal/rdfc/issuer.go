package rdfc

import "strconv"

// issuer is an identifier issuer (RDFC-1.0 section 4.3): it hands out
// prefix0, prefix1, ... to blank nodes in the order they are first asked for.
// Blank nodes are the dense indexes of the dataset being canonicalized.
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

// clone returns an independent copy of is.
func (is *issuer) clone() *issuer {
	c := &issuer{prefix: is.prefix, ids: make([]int32, len(is.ids)), order: make([]int32, len(is.order), len(is.order)+4)}
	copy(c.ids, is.ids)
	copy(c.order, is.order)
	return c
}

// appendLabel appends "_:" followed by the identifier issued to b, which
// must already have one.
func (is *issuer) appendLabel(dst []byte, b int32) []byte {
	dst = append(dst, "_:"...)
	dst = append(dst, is.prefix...)
	return strconv.AppendInt(dst, int64(is.ids[b]-1), 10)
}
