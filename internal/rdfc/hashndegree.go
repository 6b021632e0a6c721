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

// frame holds the buffers of one level of Hash N-Degree Quads recursion.
// Calls at the same depth never overlap, so each depth reuses its frame and
// a deep or repeated recursion allocates little.
type frame struct {
	hashes []byte    // the related hashes, hexLen bytes each
	rel    []related // H_n, pointing into hashes
	data   []byte    // the input of the final hash
	sum    []byte    // the returned hash

	// The state of choosePath.
	perm         []int32
	path, chosen []byte
	recursion    []int32
	chosenIssued []int32
}

// frame returns the buffers for recursion depth c.depth.
func (c *canon) frame() *frame {
	for len(c.frames) <= c.depth {
		c.frames = append(c.frames, new(frame))
	}
	return c.frames[c.depth]
}

// hashNDegree runs Hash N-Degree Quads (RDFC-1.0 section 4.8) for blank node
// n with the temporary issuer iss and returns the hex hash, which stays valid
// only until the next call at the same recursion depth.
//
// Where the specification returns a new issuer, hashNDegree updates iss in
// place: on return iss holds what it held before plus the identifiers the
// chosen paths issued, in the same order. A caller that needs the earlier
// state rolls iss back to a mark.
func (c *canon) hashNDegree(n int32, iss *issuer) ([]byte, error) {
	if err := c.spend(1); err != nil {
		return nil, err
	}
	if err := c.checkContext(); err != nil {
		return nil, err
	}
	f := c.frame()
	c.depth++
	defer func() { c.depth-- }()
	rel, err := c.relatedHashes(f, n, iss)
	if err != nil {
		return nil, err
	}
	data := f.data[:0]
	for len(rel) > 0 {
		end := 1
		for end < len(rel) && bytes.Equal(rel[end].hash, rel[0].hash) {
			end++
		}
		data = append(data, rel[0].hash...)
		if data, err = c.choosePath(f, data, rel[:end], iss); err != nil {
			return nil, err
		}
		rel = rel[end:]
	}
	f.data = data
	f.sum = c.hs.appendHex(f.sum[:0], data)
	return f.sum, nil
}

// relatedHashes builds H_n for blank node n (steps 1 to 3 of Hash N-Degree
// Quads) in f.rel, as a list sorted by hash that keeps the discovery order
// of nodes that share a hash. Each Hash Related Blank Node costs one unit of
// work plus one per 64 bytes it hashes, so that long predicate IRIs are paid
// for.
func (c *canon) relatedHashes(f *frame, n int32, iss *issuer) ([]related, error) {
	hashes, rel := f.hashes[:0], f.rel[:0]
	input := c.lines[:0]
	for _, qi := range c.d.quadsOf[n] {
		q := c.d.quads[qi]
		for pos, r := range q {
			if !r.isBlank() || r.blank() == n {
				continue
			}
			input = c.appendRelatedInput(input[:0], q, pos, r.blank(), iss)
			if err := c.spend(1 + len(input)/64); err != nil {
				return nil, err
			}
			hashes = c.hs.appendHex(hashes, input)
			rel = append(rel, related{node: r.blank()})
		}
	}
	c.lines, f.hashes, f.rel = input, hashes, rel
	// hashes may have moved while growing: point into its final array.
	for i := range rel {
		rel[i].hash = hashes[i*c.hexLen : (i+1)*c.hexLen : (i+1)*c.hexLen]
	}
	slices.SortStableFunc(rel, func(x, y related) int { return bytes.Compare(x.hash, y.hash) })
	return rel, nil
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

// choosePath runs step 5.4 of Hash N-Degree Quads for the blank nodes that
// share one related hash: it tries every permutation of group, appends the
// least path to data and leaves iss as the issuer that produced that path.
//
// Every permutation starts from the state iss had on entry. Unless it is the
// last one, it is rolled back afterwards, and if it was the best so far, the
// identifiers it issued are saved to be replayed at the end. Work is charged
// for every node a permutation places in its path and for every identifier
// saved or replayed (the recursive Hash N-Degree Quads calls pay for
// themselves), so that deep recursions that copy long issuer states are
// paid for.
func (c *canon) choosePath(f *frame, data []byte, group []related, iss *issuer) ([]byte, error) {
	start := iss.mark()
	var chosen []byte        // the least complete path so far; nil before the first
	var chosenIssued []int32 // what iss issued while building chosen, in order
	perm := f.perm[:0]
	for i := range group {
		perm = append(perm, int32(i))
	}
	path, recursion := f.path, f.recursion
	defer func() {
		// Keep the grown buffers for the next call at this depth.
		f.perm, f.path, f.recursion = perm, path[:0], recursion[:0]
		if chosen != nil {
			f.chosen, f.chosenIssued = chosen[:0], chosenIssued[:0]
		}
	}()
	for {
		if err := c.checkContext(); err != nil {
			return nil, err
		}
		path, recursion = path[:0], recursion[:0]
		cmp := pathComparison{chosen: chosen}
		pruned, placed := false, 0
		for _, i := range perm {
			b := group[i].node
			placed++
			if c.canonical.issued(b) {
				path = c.canonical.appendLabel(path, b)
			} else {
				if !iss.issued(b) {
					recursion = append(recursion, b)
					iss.issue(b)
				}
				path = iss.appendLabel(path, b)
			}
			if pruned = cmp.worse(path); pruned {
				break
			}
		}
		if err := c.spend(placed); err != nil {
			return nil, err
		}
		if !pruned {
			var err error
			if path, pruned, err = c.recurse(path, &cmp, recursion, iss); err != nil {
				return nil, err
			}
		}
		best := !pruned && cmp.less(path)
		last := isLastPermutation(perm)
		if best && last {
			// iss already is the chosen issuer.
			return append(data, path...), nil
		}
		if best {
			if chosen == nil {
				chosen, chosenIssued = f.chosen[:0], f.chosenIssued[:0]
			}
			chosen = append(chosen[:0], path...)
			chosenIssued = append(chosenIssued[:0], iss.order[start:]...)
			if err := c.spend(len(chosenIssued)); err != nil {
				return nil, err
			}
		}
		iss.rollback(start)
		if last {
			break
		}
		nextPermutation(perm)
	}
	if err := c.spend(len(chosenIssued)); err != nil {
		return nil, err
	}
	for _, b := range chosenIssued {
		iss.issue(b)
	}
	return append(data, chosen...), nil
}

// recurse runs step 5.4.5 of Hash N-Degree Quads: it extends path with the
// N-degree hash of every node in recursion, updating iss. It reports pruned
// once the path can no longer beat the chosen one, since that permutation
// can then be skipped.
func (c *canon) recurse(path []byte, cmp *pathComparison, recursion []int32, iss *issuer) (_ []byte, pruned bool, _ error) {
	for _, b := range recursion {
		h, err := c.hashNDegree(b, iss)
		if err != nil {
			return nil, false, err
		}
		path = iss.appendLabel(path, b)
		path = append(path, '<')
		path = append(path, h...)
		path = append(path, '>')
		if cmp.worse(path) {
			return path, true, nil
		}
	}
	return path, false, nil
}

// pathComparison compares a growing candidate path with the chosen path of
// choosePath. Once the candidate is at least as long as chosen and differs
// from it, appending to the candidate cannot change the outcome, so the
// comparison is remembered instead of repeated for every appended node:
// building and pruning a path then costs time linear in its length.
type pathComparison struct {
	chosen  []byte
	settled int // 0 while undecided, -1 once the path is known to sort first
}

// worse reports whether path can no longer beat chosen (the test of steps
// 5.4.4.2.3 and 5.4.5.5): chosen is set, and path is at least as long and
// greater in code point order.
func (p *pathComparison) worse(path []byte) bool {
	if p.settled < 0 || p.chosen == nil || len(path) < len(p.chosen) {
		return false
	}
	switch bytes.Compare(path, p.chosen) {
	case -1:
		// path[:len(chosen)] < chosen: no suffix can change that.
		p.settled = -1
		return false
	case 0:
		return false
	}
	return true
}

// less reports whether the complete, unpruned path should replace chosen
// (step 5.4.6): chosen is unset or path is less than it.
func (p *pathComparison) less(path []byte) bool {
	return p.chosen == nil || p.settled < 0 || bytes.Compare(path, p.chosen) < 0
}

// isLastPermutation reports whether p is the last permutation in
// lexicographic order: whether it never increases.
func isLastPermutation(p []int32) bool {
	for i := 1; i < len(p); i++ {
		if p[i-1] < p[i] {
			return false
		}
	}
	return true
}

// nextPermutation rearranges p into the next permutation in lexicographic
// order and reports false when p was the last one.
func nextPermutation(p []int32) bool {
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
