package rdfc

import (
	"bytes"
	"slices"
)

// positions holds the position letters of Hash Related Blank Node for the
// subject, predicate (never a blank node), object and graph components.
const positions = "spog"

// related is one entry of the map H_n of Hash N-Degree Quads: a blank node
// related to the reference node, and the hash of that relation.
type related struct {
	hash []byte
	node int32
}

// hashNDegree runs Hash N-Degree Quads (RDFC-1.0 section 4.8) for blank node
// n. It returns the hex hash and the issuer chosen along the way; iss itself
// is left unchanged.
func (c *canon) hashNDegree(n int32, iss *issuer) ([]byte, *issuer, error) {
	if err := c.countWork(); err != nil {
		return nil, nil, err
	}
	rel := c.relatedHashes(n, iss)
	var data []byte
	for len(rel) > 0 {
		end := 1
		for end < len(rel) && bytes.Equal(rel[end].hash, rel[0].hash) {
			end++
		}
		data = append(data, rel[0].hash...)
		path, chosen, err := c.choosePath(rel[:end], iss)
		if err != nil {
			return nil, nil, err
		}
		data = append(data, path...)
		iss = chosen
		rel = rel[end:]
	}
	return c.hs.appendHex(nil, data), iss, nil
}

// relatedHashes builds H_n for blank node n (steps 1 to 3 of Hash N-Degree
// Quads) as a list sorted by hash, keeping the discovery order of nodes that
// share a hash.
func (c *canon) relatedHashes(n int32, iss *issuer) []related {
	var rel []related
	input := c.lines[:0]
	for _, qi := range c.d.quadsOf[n] {
		q := c.d.quads[qi]
		for pos, r := range q {
			if !r.isBlank() || r.blank() == n {
				continue
			}
			input = c.appendRelatedInput(input[:0], q, pos, r.blank(), iss)
			rel = append(rel, related{hash: c.hs.appendHex(nil, input), node: r.blank()})
		}
	}
	c.lines = input
	slices.SortStableFunc(rel, func(x, y related) int { return bytes.Compare(x.hash, y.hash) })
	return rel
}

// appendRelatedInput appends the string that Hash Related Blank Node (section
// 4.7) hashes for blank node b found at position pos of quad q.
func (c *canon) appendRelatedInput(dst []byte, q iquad, pos int, b int32, iss *issuer) []byte {
	dst = append(dst, positions[pos])
	if pos != 3 {
		dst = append(dst, c.d.term(q[1])...)
	}
	switch {
	case c.canonical.issued(b):
		return c.canonical.appendLabel(dst, b)
	case iss.issued(b):
		return iss.appendLabel(dst, b)
	}
	return append(dst, c.firstDegree(b)...)
}

// choosePath tries every permutation of the blank nodes that share one
// related hash (step 5.4 of Hash N-Degree Quads) and returns the least path
// with the issuer that produced it.
func (c *canon) choosePath(group []related, iss *issuer) ([]byte, *issuer, error) {
	var chosen []byte
	var chosenIss *issuer
	perm := make([]int, len(group))
	for i := range perm {
		perm[i] = i
	}
	var path []byte
	var recursion []int32
	for ok := true; ok; ok = nextPermutation(perm) {
		if err := c.checkContext(); err != nil {
			return nil, nil, err
		}
		cp := iss.clone()
		path, recursion = path[:0], recursion[:0]
		for _, i := range perm {
			b := group[i].node
			if c.canonical.issued(b) {
				path = c.canonical.appendLabel(path, b)
			} else {
				if !cp.issued(b) {
					recursion = append(recursion, b)
				}
				cp.issue(b)
				path = cp.appendLabel(path, b)
			}
			if worse(path, chosen) {
				break
			}
		}
		if worse(path, chosen) {
			continue
		}
		var err error
		if path, cp, err = c.recurse(path, chosen, recursion, cp); err != nil {
			return nil, nil, err
		}
		if cp != nil && (chosen == nil || bytes.Compare(path, chosen) < 0) {
			chosen = append(chosen[:0], path...)
			chosenIss = cp
		}
	}
	return chosen, chosenIss, nil
}

// recurse runs step 5.4.5 of Hash N-Degree Quads: it extends path with the
// N-degree hash of every node in recursion. It returns a nil issuer if the
// path became worse than chosen, since that permutation can then be skipped.
func (c *canon) recurse(path, chosen []byte, recursion []int32, cp *issuer) ([]byte, *issuer, error) {
	for _, b := range recursion {
		h, next, err := c.hashNDegree(b, cp)
		if err != nil {
			return nil, nil, err
		}
		path = cp.appendLabel(path, b)
		path = append(path, '<')
		path = append(path, h...)
		path = append(path, '>')
		cp = next
		if worse(path, chosen) {
			return path, nil, nil
		}
	}
	return path, cp, nil
}

// worse reports whether path can no longer beat chosen: chosen is set, and
// path is at least as long and greater in code point order.
func worse(path, chosen []byte) bool {
	return chosen != nil && len(path) >= len(chosen) && bytes.Compare(path, chosen) > 0
}

// nextPermutation rearranges p into the next permutation in lexicographic
// order and reports false when p was the last one.
func nextPermutation(p []int) bool {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for p[j] <= p[i] {
		j--
	}
	p[i], p[j] = p[j], p[i]
	slices.Reverse(p[i+1:])
	return true
}
