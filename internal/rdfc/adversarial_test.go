package rdfc

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Generators of blank-node graphs that stress Hash N-Degree Quads: highly
// symmetric shapes whose nodes share first-degree hashes, so that the
// algorithm recurses deeply or tries many permutations.

func blank(prefix string, i int) rdf.Term { return rdf.NewBlank(prefix + strconv.Itoa(i)) }

func edge(s rdf.Term, p string, o rdf.Term, g rdf.Term) rdf.Quad {
	return rdf.Quad{Subject: s, Predicate: rdf.NewIRI(p), Object: o, Graph: g}
}

// graphNames returns the default graph followed by count-1 named graphs.
func graphNames(count int) []rdf.Term {
	gs := []rdf.Term{{}}
	for i := 1; i < count; i++ {
		gs = append(gs, rdf.NewIRI("urn:g"+strconv.Itoa(i)))
	}
	return gs
}

// ring is a directed cycle of n blank nodes, repeated in each of graphs
// graphs.
func ring(n, graphs int) []rdf.Quad {
	var quads []rdf.Quad
	for _, g := range graphNames(graphs) {
		for i := range n {
			quads = append(quads, edge(blank("b", i), "urn:p", blank("b", (i+1)%n), g))
		}
	}
	return quads
}

// chain is a directed path of n blank nodes, repeated in graphs graphs.
func chain(n, graphs int) []rdf.Quad {
	var quads []rdf.Quad
	for _, g := range graphNames(graphs) {
		for i := range n - 1 {
			quads = append(quads, edge(blank("b", i), "urn:p", blank("b", i+1), g))
		}
	}
	return quads
}

// list is an RDF list of n identical items, hanging from an IRI.
func list(n int) []rdf.Quad {
	var quads []rdf.Quad
	for i := range n {
		rest := rdf.NewIRI(rdf.RDFNil)
		if i < n-1 {
			rest = blank("l", i+1)
		}
		quads = append(quads,
			edge(blank("l", i), rdf.RDFFirst, rdf.NewLiteral("A", ""), rdf.Term{}),
			edge(blank("l", i), rdf.RDFRest, rest, rdf.Term{}))
	}
	return append(quads, edge(rdf.NewIRI("urn:s"), "urn:p", blank("l", 0), rdf.Term{}))
}

// clique links every pair of n blank nodes (and every node to itself) both
// ways, the shape of W3C test074.
func clique(prefix string, n int) []rdf.Quad {
	var quads []rdf.Quad
	for i := range n {
		for j := range n {
			quads = append(quads, edge(blank(prefix, i), "urn:p", blank(prefix, j), rdf.Term{}))
		}
	}
	return quads
}

// cliques is count disjoint copies of an n-clique.
func cliques(count, n int) []rdf.Quad {
	var quads []rdf.Quad
	for c := range count {
		quads = append(quads, clique("k"+strconv.Itoa(c)+"_", n)...)
	}
	return quads
}

// torus is a w×h grid of blank nodes whose rows and columns wrap around,
// with the same predicate in both directions.
func torus(w, h int) []rdf.Quad {
	node := func(x, y int) rdf.Term { return blank("g", (y%h)*w+x%w) }
	var quads []rdf.Quad
	for y := range h {
		for x := range w {
			quads = append(quads,
				edge(node(x, y), "urn:p", node(x+1, y), rdf.Term{}),
				edge(node(x, y), "urn:p", node(x, y+1), rdf.Term{}))
		}
	}
	return quads
}

// bipartite links each of a blank nodes to each of b others.
func bipartite(a, b int) []rdf.Quad {
	var quads []rdf.Quad
	for i := range a {
		for j := range b {
			quads = append(quads, edge(blank("a", i), "urn:p", blank("z", j), rdf.Term{}))
		}
	}
	return quads
}

// stars is count blank centres, each linked to leaves blank leaves.
func stars(count, leaves int) []rdf.Quad {
	var quads []rdf.Quad
	for c := range count {
		for l := range leaves {
			quads = append(quads, edge(blank("c", c), "urn:p", blank("s"+strconv.Itoa(c)+"_", l), rdf.Term{}))
		}
	}
	return quads
}

// longPredicates is a ring of n blank nodes in two graphs whose predicate
// is an IRI of size bytes, which makes every related hash expensive.
func longPredicates(n, size int) []rdf.Quad {
	p := "urn:"
	for len(p) < size {
		p += "x"
	}
	var quads []rdf.Quad
	for _, g := range graphNames(2) {
		for i := range n {
			quads = append(quads, edge(blank("b", i), p, blank("b", (i+1)%n), g))
		}
	}
	return quads
}

// blankGraphs puts n ring edges in each of graphs blank-node graphs, which
// relate the graph names to every node through the g position.
func blankGraphs(n, graphs int) []rdf.Quad {
	var quads []rdf.Quad
	for g := range graphs {
		for i := range n {
			quads = append(quads, edge(blank("b", i), "urn:p", blank("b", (i+1)%n), blank("G", g)))
		}
	}
	return quads
}

// tree is a JSON-LD-shaped tree of blank nodes under a credential IRI:
// inner nodes, each with a type and a distinct name, have children
// children; the leaves are alike (the same type and value, like repeated
// alignment objects), so they share first-degree hashes. It holds
// inner·(children+1) blank nodes.
func tree(inner, children int) []rdf.Quad {
	const v = "https://example.org/vocab#"
	var quads []rdf.Quad
	for i := range inner {
		parent := rdf.NewIRI("urn:uuid:credential")
		if i > 0 {
			parent = blank("t", (i-1)/2)
		}
		node := blank("t", i)
		quads = append(quads,
			edge(parent, v+"part", node, rdf.Term{}),
			edge(node, rdf.RDFType, rdf.NewIRI(v+"Part"), rdf.Term{}),
			edge(node, v+"name", rdf.NewLiteral("part "+strconv.Itoa(i), ""), rdf.Term{}))
		for c := range children {
			leaf := blank("t"+strconv.Itoa(i)+"_", c)
			quads = append(quads,
				edge(node, v+"alignment", leaf, rdf.Term{}),
				edge(leaf, rdf.RDFType, rdf.NewIRI(v+"Alignment"), rdf.Term{}),
				edge(leaf, v+"targetName", rdf.NewLiteral("same", ""), rdf.Term{}))
		}
	}
	return quads
}

// copies returns count copies of quads, each with its own blank nodes.
func copies(quads []rdf.Quad, count int) []rdf.Quad {
	var out []rdf.Quad
	for c := range count {
		rename := func(t rdf.Term) rdf.Term {
			if t.Kind == rdf.Blank {
				return rdf.NewBlank(t.Value + "_" + strconv.Itoa(c))
			}
			return t
		}
		for _, q := range quads {
			out = append(out, rdf.Quad{Subject: rename(q.Subject), Predicate: q.Predicate, Object: rename(q.Object), Graph: rename(q.Graph)})
		}
	}
	return out
}

// TestAdversarialInputsAreBounded canonicalizes symmetric shapes, small
// and large (up to tens of thousands of quads), with the default budget:
// each must succeed or fail with ErrWorkLimit, and quickly, whatever its
// size. On an idle machine each takes at most about 0.5s (3s with the
// race detector) with the default budget of 1.5 million units; the bound
// leaves room for slow, loaded CI machines.
func TestAdversarialInputsAreBounded(t *testing.T) {
	const bound = 15 * time.Second
	poison := loadQuads(t, "rdfc10/test044-in.nq")
	tests := []struct {
		name  string
		quads []rdf.Quad
	}{
		{"ring of 1000", ring(1000, 1)},
		{"ring of 30000", ring(30000, 1)},
		{"ring of 200 in 2 graphs", ring(200, 2)},
		{"ring of 20000 in 2 graphs", ring(20000, 2)},
		{"ring of 5000 in 8 graphs", ring(5000, 8)},
		{"path of 20000 in 2 graphs", chain(20000, 2)},
		{"list of 1000 identical items", list(1000)},
		{"list of 20000 identical items", list(20000)},
		{"10-clique", clique("k", 10)},
		{"150-clique", clique("k", 150)},
		{"1000 disjoint 6-cliques", cliques(1000, 6)},
		{"1000 copies of W3C test044", copies(poison, 1000)},
		{"10x10 torus", torus(10, 10)},
		{"150x150 torus", torus(150, 150)},
		{"complete bipartite 100x100", bipartite(100, 100)},
		{"complete bipartite 2x20000", bipartite(2, 20000)},
		{"2 stars of 20000", stars(2, 20000)},
		{"2000 stars of 10", stars(2000, 10)},
		{"ring of 100 with 4 KB predicates", longPredicates(100, 4096)},
		{"ring of 1000 in 20 blank-node graphs", blankGraphs(1000, 20)},
		{"tree of 30000", tree(10000, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Canonicalize(context.Background(), tt.quads, Options{})
			d := time.Since(start)
			if err != nil && !errors.Is(err, ErrWorkLimit) {
				t.Fatalf("%d quads: %v", len(tt.quads), err)
			}
			if d > bound {
				t.Errorf("%d quads: took %v (err %v), want under %v", len(tt.quads), d, err, bound)
			}
		})
	}
}

// objectList is an RDF list of n identical blank-node objects.
func objectList(n int) []rdf.Quad {
	var quads []rdf.Quad
	for i := range n {
		rest := rdf.NewIRI(rdf.RDFNil)
		if i < n-1 {
			rest = blank("l", i+1)
		}
		quads = append(quads,
			edge(blank("l", i), rdf.RDFFirst, blank("o", i), rdf.Term{}),
			edge(blank("o", i), rdf.RDFType, rdf.NewIRI("urn:T"), rdf.Term{}),
			edge(blank("l", i), rdf.RDFRest, rest, rdf.Term{}))
	}
	return append(quads, edge(rdf.NewIRI("urn:s"), "urn:p", blank("l", 0), rdf.Term{}))
}
