package rdfc

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/clrkit/clrkit/internal/rdf"
)

// comp is one component of an internal quad. A non-blank term is the range
// enc[start:end] holding its canonical N-Quads encoding; a blank node has
// start < 0 and its index in end; the default graph is the zero comp.
type comp struct{ start, end int32 }

func blankComp(b int32) comp   { return comp{-1, b} }
func (c comp) isBlank() bool   { return c.start < 0 }
func (c comp) blank() int32    { return c.end }
func (c comp) isDefault() bool { return c == comp{} }

// term returns the encoding of non-blank component c.
func (d *dataset) term(c comp) []byte { return d.enc[c.start:c.end] }

// iquad is a quad in internal form: subject, predicate, object, graph.
type iquad [4]comp

// span is a [start, end) range of a byte buffer.
type span struct{ start, end int32 }

// dataset is the input in the form the algorithm works on: duplicate quads
// removed, non-blank terms encoded once in canonical N-Quads form, and blank
// nodes numbered densely in order of first appearance.
type dataset struct {
	input []rdf.Quad // the caller's quads
	quads []iquad    // distinct quads
	from  []int32    // per distinct quad: its index in input
	enc   []byte     // encodings of the non-blank terms

	labels  []string  // per blank node: its input label
	quadsOf [][]int32 // per blank node: the distinct quads that mention it (the blank node to quads map)
}

// newDataset converts quads to internal form, dropping duplicates (an RDF
// dataset is a set) unless multiset is set, and encoding literals with
// rdf.AppendTermRawNonchars when rawNonchars is set.
func newDataset(quads []rdf.Quad, multiset, rawNonchars bool, scr *scratch) (*dataset, error) {
	appendTerm := rdf.AppendTerm
	if rawNonchars {
		appendTerm = rdf.AppendTermRawNonchars
	}
	d := &dataset{
		input: quads,
		quads: slices.Grow(scr.quads[:0], len(quads)),
		from:  slices.Grow(scr.from[:0], len(quads)),
		enc:   slices.Grow(scr.enc[:0], encodedSizeHint(quads)),
	}
	blankIDs, seen := scr.maps()
	seed := maphash.MakeSeed()
	for i := range quads {
		q := &quads[i]
		if err := checkKinds(q); err != nil {
			return nil, fmt.Errorf("rdfc: quad %d: %w", i, err)
		}
		mark := len(d.enc)
		var iq iquad
		for c, t := range [4]*rdf.Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
			switch t.Kind {
			case rdf.None:
			case rdf.Blank:
				iq[c] = blankComp(d.blankIndex(blankIDs, t.Value))
			default:
				start := len(d.enc)
				d.enc = appendTerm(d.enc, *t)
				iq[c] = comp{int32(start), int32(len(d.enc))}
			}
		}
		if !multiset && d.isDuplicate(seen, d.key(seed, iq, d.enc[mark:]), iq) {
			d.enc = d.enc[:mark]
			continue
		}
		d.addQuad(iq, int32(i))
	}
	return d, nil
}

// encodedSizeHint estimates the bytes needed to encode the non-blank terms.
func encodedSizeHint(quads []rdf.Quad) int {
	n := 0
	for _, q := range quads {
		for _, t := range [4]rdf.Term{q.Subject, q.Predicate, q.Object, q.Graph} {
			if t.Kind != rdf.Blank {
				n += len(t.Value) + len(t.Datatype) + len(t.Language) + 6
			}
		}
	}
	return n
}

// checkKinds enforces the term kinds RDF allows in each position.
func checkKinds(q *rdf.Quad) error {
	switch {
	case q.Subject.Kind != rdf.IRI && q.Subject.Kind != rdf.Blank:
		return errors.New("subject must be an IRI or a blank node")
	case q.Predicate.Kind != rdf.IRI:
		return errors.New("predicate must be an IRI")
	case q.Object.Kind == rdf.None || q.Object.Kind > rdf.Literal:
		return errors.New("object must be an IRI, a blank node or a literal")
	case q.Graph.Kind == rdf.Literal || q.Graph.Kind > rdf.Literal:
		return errors.New("graph must be the default graph, an IRI or a blank node")
	}
	return nil
}

func (d *dataset) blankIndex(ids map[string]int32, label string) int32 {
	b, ok := ids[label]
	if !ok {
		b = int32(len(d.labels))
		ids[label] = b
		d.labels = append(d.labels, label)
		d.quadsOf = append(d.quadsOf, nil)
	}
	return b
}

// key hashes q by content: enc holds the encodings of its non-blank terms
// one after the other (they were just appended), and the layout of q is
// mixed in: the length of each non-blank term and the index of each blank
// node, by position. So quads whose encodings concatenate alike but split
// differently (possible only for IRIs that are not well formed, which the
// N-Quads parser and JSON-LD refuse, but Canonicalize takes any quads)
// still get different keys. Equal keys are compared in full by
// isDuplicate, so the key decides only speed.
func (d *dataset) key(seed maphash.Seed, q iquad, enc []byte) uint64 {
	h := maphash.Bytes(seed, enc)
	for i, c := range q {
		if c.isBlank() {
			h ^= mix64(uint64(i+1)<<32 | uint64(uint32(c.blank())))
		} else {
			h ^= mix64(1<<40 | uint64(i+1)<<32 | uint64(uint32(c.end-c.start)))
		}
	}
	return h
}

// mix64 is the SplitMix64 finalizer: it spreads the bits of x over the
// whole word, so that blank-node layouts differing in one bit change the
// key in about half of its bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// isDuplicate reports whether q equals a quad already kept, and records q's
// key otherwise. seen maps a key to the first kept quad with that key; on
// a key collision between different quads (the bytes are hashed with a
// seed chosen per call and the layout is part of the key, so collisions
// are chance events, which no input can count on) it falls back to
// comparing q with every kept quad.
func (d *dataset) isDuplicate(seen map[uint64]int32, key uint64, q iquad) bool {
	first, ok := seen[key]
	if !ok {
		seen[key] = int32(len(d.quads))
		return false
	}
	if d.equal(d.quads[first], q) {
		return true
	}
	for _, kept := range d.quads {
		if d.equal(kept, q) {
			return true
		}
	}
	return false
}

func (d *dataset) equal(x, y iquad) bool {
	for i := range x {
		a, b := x[i], y[i]
		if a.isBlank() || b.isBlank() {
			if a != b {
				return false
			}
		} else if !bytes.Equal(d.term(a), d.term(b)) {
			return false
		}
	}
	return true
}

// addQuad keeps q, which came from input[from], and records it once for
// every blank node it mentions.
func (d *dataset) addQuad(q iquad, from int32) {
	qi := int32(len(d.quads))
	d.quads = append(d.quads, q)
	d.from = append(d.from, from)
	for _, c := range q {
		if !c.isBlank() {
			continue
		}
		list := d.quadsOf[c.blank()]
		if n := len(list); n > 0 && list[n-1] == qi {
			continue // the same blank node twice in one quad
		}
		d.quadsOf[c.blank()] = append(list, qi)
	}
}

// appendLine appends quad q as a canonical N-Quads line, writing each blank
// node with label(blank node).
func (d *dataset) appendLine(dst []byte, q iquad, label func(dst []byte, b int32) []byte) []byte {
	for i, c := range q {
		if i == 3 && c.isDefault() {
			break
		}
		if i > 0 {
			dst = append(dst, ' ')
		}
		if c.isBlank() {
			dst = label(dst, c.blank())
		} else {
			dst = append(dst, d.term(c)...)
		}
	}
	return append(dst, " .\n"...)
}
