package rdfc

import (
	"errors"
	"fmt"

	"github.com/clrkit/clrkit/internal/rdf"
)

// ref names one component of an internal quad: a value >= 0 is the index of
// a non-blank term, a negative value v is blank node ^v.
type ref int32

// defaultGraph is the term index reserved for the default graph; its
// encoding is empty.
const defaultGraph ref = 0

func (r ref) isBlank() bool { return r < 0 }
func (r ref) blank() int32  { return int32(^r) }

// iquad is a quad with its components interned: subject, predicate, object,
// graph.
type iquad [4]ref

// span is a [start, end) range of a byte buffer.
type span struct{ start, end int32 }

// dataset is the input in the form the algorithm works on: duplicate quads
// removed, terms interned and encoded once in canonical N-Quads form, and
// blank nodes numbered densely in order of first appearance.
type dataset struct {
	quads []iquad

	enc   []byte     // canonical N-Quads encodings of all non-blank terms
	terms []span     // per term index: its encoding in enc
	orig  []rdf.Term // per term index: the first input term with that encoding

	labels  []string  // per blank node: its input label
	quadsOf [][]int32 // per blank node: indexes of the quads that mention it (the blank node to quads map)
}

// newDataset interns quads, dropping duplicates (an RDF dataset is a set).
func newDataset(quads []rdf.Quad) (*dataset, error) {
	d := &dataset{
		quads: make([]iquad, 0, len(quads)),
		terms: []span{{}}, // defaultGraph
		orig:  []rdf.Term{{}},
	}
	termIDs := make(map[string]ref, len(quads))
	blankIDs := make(map[string]int32)
	seen := make(map[iquad]struct{}, len(quads))
	for i, q := range quads {
		if err := checkKinds(q); err != nil {
			return nil, fmt.Errorf("rdfc: quad %d: %w", i, err)
		}
		var iq iquad
		for c, t := range [4]rdf.Term{q.Subject, q.Predicate, q.Object, q.Graph} {
			switch t.Kind {
			case rdf.None:
				iq[c] = defaultGraph
			case rdf.Blank:
				iq[c] = d.blankRef(blankIDs, t.Value)
			default:
				iq[c] = d.termRef(termIDs, t)
			}
		}
		if _, dup := seen[iq]; dup {
			continue
		}
		seen[iq] = struct{}{}
		d.addQuad(iq)
	}
	return d, nil
}

// checkKinds enforces the term kinds RDF allows in each position.
func checkKinds(q rdf.Quad) error {
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

func (d *dataset) blankRef(ids map[string]int32, label string) ref {
	b, ok := ids[label]
	if !ok {
		b = int32(len(d.labels))
		ids[label] = b
		d.labels = append(d.labels, label)
		d.quadsOf = append(d.quadsOf, nil)
	}
	return ^ref(b)
}

// termRef interns t by its canonical encoding, so that terms that write the
// same (such as a literal with an empty datatype and one typed xsd:string)
// are the same term.
func (d *dataset) termRef(ids map[string]ref, t rdf.Term) ref {
	start := len(d.enc)
	d.enc = rdf.AppendTerm(d.enc, t)
	if id, ok := ids[string(d.enc[start:])]; ok {
		d.enc = d.enc[:start]
		return id
	}
	id := ref(len(d.terms))
	ids[string(d.enc[start:])] = id
	d.terms = append(d.terms, span{int32(start), int32(len(d.enc))})
	d.orig = append(d.orig, t)
	return id
}

// addQuad appends q and records it once for every blank node it mentions.
func (d *dataset) addQuad(q iquad) {
	qi := int32(len(d.quads))
	d.quads = append(d.quads, q)
	for _, r := range q {
		if !r.isBlank() {
			continue
		}
		list := d.quadsOf[r.blank()]
		if n := len(list); n > 0 && list[n-1] == qi {
			continue // the same blank node twice in one quad
		}
		d.quadsOf[r.blank()] = append(list, qi)
	}
}

// term returns the canonical encoding of non-blank term r.
func (d *dataset) term(r ref) []byte {
	s := d.terms[r]
	return d.enc[s.start:s.end]
}

// appendLine appends quad q as a canonical N-Quads line, writing each blank
// node with label(blank node).
func (d *dataset) appendLine(dst []byte, q iquad, label func(dst []byte, b int32) []byte) []byte {
	for c, r := range q {
		if c == 3 && r == defaultGraph {
			break
		}
		if c > 0 {
			dst = append(dst, ' ')
		}
		if r.isBlank() {
			dst = label(dst, r.blank())
		} else {
			dst = append(dst, d.term(r)...)
		}
	}
	return append(dst, " .\n"...)
}
