package proof

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/clrkit/clrkit/internal/rdf"
	"github.com/clrkit/clrkit/proof/ld"
)

// This file holds the statement side of ecdsa-sd-2023: the document's
// canonical statements with blank nodes labelled by HMAC
// (labelReplacementCanonicalizeJsonLd with createHmacIdLabelMapFunction),
// the statements of a selection in the same labels (toDeskolemizedNQuads,
// relabelBlankNodes, selectCanonicalNQuads) and the grouping of the
// document's statements by selection (canonicalizeAndGroup).

// hmacLabel returns the label createHmacIdLabelMapFunction gives the
// canonical blank node label c14n: "u" and the base64url HMAC-SHA-256 of
// the label under key.
func hmacLabel(key []byte, c14n string) (string, []byte) {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(c14n))
	d := m.Sum(nil)
	return hmacLabelOf(d), d
}

// errSDDocument reports a document whose blank nodes ecdsa-sd-2023 cannot
// name consistently, so that no selection of it could be matched to its
// statements.
func errSDDocument(detail string) error {
	return fmt.Errorf("%w: %s cannot name the blank nodes of the document: %s", ErrMalformedDocument, SuiteECDSASD2023, detail)
}

// quads returns the statements of doc, a skolemized document or a
// selection of one, with the skolem IRIs turned back into blank nodes
// labelled "s..." and the blank nodes no object stands for (the cells of
// a list, the graph a @graph container holds) labelled "l..." by the path
// from a named node to them.
func (s *skolemized) quads(ctx context.Context, c *ld.Canonicalizer, doc *ordObj) ([]rdf.Quad, error) {
	canon, err := canonicalDocument(ctx, c, plainJSON(doc).(map[string]any), 0)
	if err != nil {
		return nil, err
	}
	qs, err := rdf.ParseNQuads(canon.NQuads)
	if err != nil {
		return nil, fmt.Errorf("proof: canonical N-Quads: %w", err)
	}
	for i := range qs {
		q := &qs[i]
		q.Subject, q.Object, q.Graph = s.deskolemize(q.Subject), s.deskolemize(q.Object), s.deskolemize(q.Graph)
	}
	if err := nameImplicitNodes(qs); err != nil {
		return nil, err
	}
	return qs, nil
}

func (s *skolemized) deskolemize(t rdf.Term) rdf.Term {
	if t.Kind == rdf.IRI && strings.HasPrefix(t.Value, s.prefix) {
		return rdf.NewBlank("s" + t.Value[len(s.prefix):])
	}
	return t
}

// nameImplicitNodes relabels the blank nodes that still carry a canonical
// label, which no JSON object stands for: the cells of lists and the
// graphs @graph containers make. Each must be the object of exactly one
// statement, and is named after that statement's subject, predicate and
// graph, and, to tell apart several under one property, after what it
// holds: a list cell by its content (a selection discloses a list whole),
// a graph by its first root node (a subject in it that is no object in
// it), which any selection of the graph keeps.
func nameImplicitNodes(qs []rdf.Quad) error {
	implicit := func(t rdf.Term) bool { return t.Kind == rdf.Blank && strings.HasPrefix(t.Value, "c14n") }
	all := map[string]bool{}
	refs := map[string]int{}
	graphs := map[string]bool{}
	subjectOf := map[string][]int{}
	objects := map[string]map[string]bool{}
	for i, q := range qs {
		for _, t := range []rdf.Term{q.Subject, q.Object, q.Graph} {
			if implicit(t) {
				all[t.Value] = true
			}
		}
		if implicit(q.Object) {
			refs[q.Object.Value]++
		}
		if implicit(q.Subject) {
			subjectOf[q.Subject.Value] = append(subjectOf[q.Subject.Value], i)
		}
		if implicit(q.Graph) {
			graphs[q.Graph.Value] = true
			if objects[q.Graph.Value] == nil {
				objects[q.Graph.Value] = map[string]bool{}
			}
			objects[q.Graph.Value][termKey(q.Object)] = true
		}
	}
	if len(all) == 0 {
		return nil
	}
	for l := range all {
		if refs[l] != 1 {
			return errSDDocument(fmt.Sprintf("a blank node no JSON object stands for is the object of %d statements", refs[l]))
		}
	}
	roots := map[string]string{}
	for _, q := range qs {
		if g := q.Graph.Value; implicit(q.Graph) && !implicit(q.Subject) && !objects[g][termKey(q.Subject)] {
			if r, ok := roots[g]; !ok || termKey(q.Subject) < r {
				roots[g] = termKey(q.Subject)
			}
		}
	}
	contents := map[string]string{}
	var content func(l string) string
	content = func(l string) string {
		if h, ok := contents[l]; ok {
			return h
		}
		contents[l] = "" // a cycle, which lists cannot have, ends here
		parts := make([]string, 0, 2)
		for _, i := range subjectOf[l] {
			q := qs[i]
			o := termKey(q.Object)
			if implicit(q.Object) {
				o = "[" + content(q.Object.Value) + "]"
			}
			parts = append(parts, q.Predicate.Value+" "+o)
		}
		slices.Sort(parts)
		h := sha256.Sum256([]byte(strings.Join(parts, "\n")))
		contents[l] = hex.EncodeToString(h[:16])
		return contents[l]
	}
	names := map[string]string{}
	used := map[string]bool{}
	nameOf := func(t rdf.Term) (string, bool) {
		switch {
		case t.Kind == rdf.None:
			return "", true
		case t.Kind == rdf.IRI:
			return "<" + t.Value + ">", true
		case t.Kind == rdf.Blank && !implicit(t):
			return "_:" + t.Value, true
		case t.Kind == rdf.Blank:
			n, ok := names[t.Value]
			return "_:" + n, ok
		}
		return "", false
	}
	for progress := true; progress; {
		progress = false
		for _, q := range qs {
			if !implicit(q.Object) || names[q.Object.Value] != "" {
				continue
			}
			sn, ok1 := nameOf(q.Subject)
			gn, ok2 := nameOf(q.Graph)
			if !ok1 || !ok2 {
				continue
			}
			what := roots[q.Object.Value]
			if !graphs[q.Object.Value] {
				what = content(q.Object.Value)
			}
			h := sha256.Sum256([]byte(sn + "\x00" + q.Predicate.Value + "\x00" + gn + "\x00" + what))
			n := "l" + hex.EncodeToString(h[:16])
			// Lists alike under one property are interchangeable: number them.
			for k := 2; used[n]; k++ {
				if graphs[q.Object.Value] {
					return errSDDocument("two graphs with one root hang off one property of one node")
				}
				n = "l" + hex.EncodeToString(h[:16]) + "x" + fmt.Sprint(k)
			}
			used[n] = true
			names[q.Object.Value] = n
			progress = true
		}
	}
	if len(names) != len(all) {
		return errSDDocument("a blank node is not reachable from a JSON object")
	}
	rename := func(t rdf.Term) rdf.Term {
		if implicit(t) {
			return rdf.NewBlank(names[t.Value])
		}
		return t
	}
	for i := range qs {
		q := &qs[i]
		q.Subject, q.Object, q.Graph = rename(q.Subject), rename(q.Object), rename(q.Graph)
	}
	return nil
}

// relabel returns q with its blank nodes renamed by labels, and false
// when labels lacks one of them.
func relabel(q rdf.Quad, labels map[string]string) (rdf.Quad, bool) {
	ok := true
	f := func(t rdf.Term) rdf.Term {
		if t.Kind != rdf.Blank {
			return t
		}
		l, found := labels[t.Value]
		if !found {
			ok = false
		}
		return rdf.NewBlank(l)
	}
	q.Subject, q.Object, q.Graph = f(q.Subject), f(q.Object), f(q.Graph)
	return q, ok
}

// sdGrouping is a document's canonical statements in the labels of an
// HMAC key, with what it takes to find the statements of a selection among
// them.
type sdGrouping struct {
	sk *skolemized
	// lines are the statements, one canonical N-Quads line each, blank
	// nodes labelled by HMAC, sorted.
	lines []string
	index map[string]int
	// labels maps the skolemized labels (see quads) to the HMAC labels,
	// digests to their digests.
	labels  map[string]string
	digests map[string][]byte
}

// sdGroup canonicalizes doc and labels its blank nodes with hmacKey.
func sdGroup(ctx context.Context, c *ld.Canonicalizer, doc *ordObj, hmacKey []byte) (*sdGrouping, error) {
	sk, err := skolemize(doc, rand.Reader)
	if err != nil {
		return nil, err
	}
	docC, err := canonicalDocument(ctx, c, plainJSON(doc).(map[string]any), 0)
	if err != nil {
		return nil, err
	}
	var qs []rdf.Quad
	for attempt := 0; ; attempt++ {
		if qs, err = sk.quads(ctx, c, sk.doc); err != nil {
			return nil, err
		}
		found := false
		for _, q := range qs {
			if q.Object.Kind == rdf.Literal && sk.unmarkIn(q.Object.Value) {
				found = true
			}
		}
		if !found {
			break
		}
		if attempt > 0 {
			return nil, errSDDocument("an object inside a literal could not be told apart")
		}
	}
	canon, err := c.CanonicalizeNQuads(ctx, rdf.SerializeNQuads(qs))
	if err != nil {
		return nil, fmt.Errorf("proof: document: %w", err)
	}
	if !bytes.Equal(canon.NQuads, docC.NQuads) {
		return nil, errSDDocument("naming its objects changed its statements (does it hold a language, index or id map?)")
	}
	g := &sdGrouping{sk: sk, labels: make(map[string]string, len(canon.Labels)),
		digests: make(map[string][]byte, len(canon.Labels))}
	for in, c14n := range canon.Labels {
		l, d := hmacLabel(hmacKey, c14n)
		g.labels[in], g.digests[in] = l, d
	}
	g.lines = make([]string, len(qs))
	for i, q := range qs {
		rq, _ := relabel(q, g.labels)
		g.lines[i] = string(rdf.AppendQuad(nil, rq))
	}
	slices.Sort(g.lines)
	g.index = make(map[string]int, len(g.lines))
	for i, l := range g.lines {
		g.index[l] = i
	}
	return g, nil
}

// selection returns the positions, in increasing order, of the
// document's statements that the selection by pointers states, and the
// selection's statements in skolemized labels.
func (g *sdGrouping) selection(ctx context.Context, c *ld.Canonicalizer, pointers []string) ([]int, []rdf.Quad, error) {
	sel, err := selectJSON(g.sk.doc, pointers)
	if err != nil || sel == nil {
		return nil, nil, err
	}
	qs, err := g.sk.quads(ctx, c, sel)
	if err != nil {
		return nil, nil, err
	}
	set := make(map[int]bool, len(qs))
	for _, q := range qs {
		rq, ok := relabel(q, g.labels)
		if !ok {
			return nil, nil, errSDDocument(fmt.Sprintf("the selection by %q has a blank node the document lacks", pointers))
		}
		i, ok := g.index[string(rdf.AppendQuad(nil, rq))]
		if !ok {
			return nil, nil, errSDDocument(fmt.Sprintf("the selection by %q states what the document does not", pointers))
		}
		set[i] = true
	}
	out := make([]int, 0, len(set))
	for i := range set {
		out = append(out, i)
	}
	slices.Sort(out)
	return out, qs, nil
}

// sdStatements is what the verifier computes of a disclosed document
// (createVerifyData): its canonical statements relabelled by the proof's
// label map and sorted.
func sdStatements(ctx context.Context, c *ld.Canonicalizer, unsecured map[string]any, labels map[int][]byte) ([]string, error) {
	docC, err := canonicalDocument(ctx, c, unsecured, 0)
	if err != nil {
		return nil, err
	}
	qs, err := rdf.ParseNQuads(docC.NQuads)
	if err != nil {
		return nil, fmt.Errorf("proof: canonical N-Quads: %w", err)
	}
	names := make(map[string]string, len(labels))
	var missing string
	f := func(t rdf.Term) rdf.Term {
		if t.Kind != rdf.Blank {
			return t
		}
		if n, ok := names[t.Value]; ok {
			return rdf.NewBlank(n)
		}
		var k int
		if _, err := fmt.Sscanf(t.Value, "c14n%d", &k); err == nil && "c14n"+fmt.Sprint(k) == t.Value {
			if d, ok := labels[k]; ok {
				n := hmacLabelOf(d)
				names[t.Value] = n
				return rdf.NewBlank(n)
			}
		}
		missing = t.Value
		return t
	}
	lines := make([]string, len(qs))
	for i, q := range qs {
		q.Subject, q.Object, q.Graph = f(q.Subject), f(q.Object), f(q.Graph)
		if missing != "" {
			return nil, fmt.Errorf("%w: the proof's label map has no label for the disclosed document's blank node _:%s", ErrSignature, missing)
		}
		lines[i] = string(rdf.AppendQuad(nil, q))
	}
	slices.Sort(lines)
	return lines, nil
}

func termKey(t rdf.Term) string { return string(rdf.AppendTerm(nil, t)) }
