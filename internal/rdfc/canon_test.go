package rdfc

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/internal/rdf"
)

func mustParse(t testing.TB, s string) []rdf.Quad {
	t.Helper()
	quads, err := rdf.ParseNQuads([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return quads
}

func canonicalize(t testing.TB, quads []rdf.Quad) *Result {
	t.Helper()
	res, err := Canonicalize(context.Background(), quads, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRelabelsCanonicalLookingInput(t *testing.T) {
	res := canonicalize(t, mustParse(t, "<urn:s> <urn:p> _:c14n5 .\n"))
	if want := "<urn:s> <urn:p> _:c14n0 .\n"; string(res.NQuads) != want {
		t.Errorf("got\n%s\nwant\n%s", res.NQuads, want)
	}
	// Labels that happen to be canonical must not survive either: the
	// output equals that of the same graph with other labels.
	got := canonicalize(t, mustParse(t, "<urn:s> <urn:p> _:c14n0 .\n_:c14n0 <urn:p> _:c14n1 .\n"))
	want := canonicalize(t, mustParse(t, "<urn:s> <urn:p> _:x .\n_:x <urn:p> _:y .\n"))
	if !bytes.Equal(got.NQuads, want.NQuads) {
		t.Errorf("got\n%s\nwant\n%s", got.NQuads, want.NQuads)
	}
	if got.IssuedIdentifiers["c14n0"] != want.IssuedIdentifiers["x"] || got.IssuedIdentifiers["c14n1"] != want.IssuedIdentifiers["y"] {
		t.Errorf("issued identifiers %v, want the same as %v", got.IssuedIdentifiers, want.IssuedIdentifiers)
	}
}

func TestDuplicatesAndEquivalentLiterals(t *testing.T) {
	quads := []rdf.Quad{
		{Subject: rdf.NewBlank("x"), Predicate: rdf.NewIRI("urn:p"), Object: rdf.NewLiteral("v", "")},
		{Subject: rdf.NewBlank("x"), Predicate: rdf.NewIRI("urn:p"), Object: rdf.NewLiteral("v", "")},
		// An empty datatype is xsd:string: the same literal.
		{Subject: rdf.NewBlank("x"), Predicate: rdf.NewIRI("urn:p"), Object: rdf.Term{Kind: rdf.Literal, Value: "v"}},
	}
	res := canonicalize(t, quads)
	if want := "_:c14n0 <urn:p> \"v\" .\n"; string(res.NQuads) != want || len(res.Quads) != 1 {
		t.Errorf("got %d quads\n%s\nwant\n%s", len(res.Quads), res.NQuads, want)
	}
}

// TestDuplicatesByLayout checks that duplicate removal tells quads apart
// by everything they hold: the same bytes of non-blank terms with blank
// nodes in other positions or swapped, the same blank nodes with the
// terms' bytes split otherwise, a graph or none. Each of these quads is
// distinct and has a key of its own; every one of them given twice is
// kept once. TestKeyLayout covers terms whose bytes concatenate alike.
func TestDuplicatesByLayout(t *testing.T) {
	const distinct = `_:a <urn:p> _:b .
_:b <urn:p> _:a .
_:a <urn:p> _:a .
_:b <urn:p> _:b .
_:a <urn:p> <urn:o> .
<urn:o> <urn:p> _:a .
_:a <urn:p> <urn:o> _:b .
_:a <urn:p> <urn:o> <urn:g> .
_:a <urn:p> <urn:o> _:a .
<urn:a> <urn:p> "<urn:o>" .
<urn:a> <urn:p> <urn:o> .
<urn:a> <urn:p> "x"@en .
<urn:a> <urn:p> "x"^^<urn:en> .
<urn:a> <urn:p> "x" <urn:g> .
<urn:a> <urn:p> "x<urn:g>" .
<urn:a> <urn:px> "y" .
<urn:a> <urn:p> "xy" .
`
	quads := mustParse(t, distinct)
	want := canonicalize(t, quads)
	if want.Len != len(quads) {
		t.Fatalf("%d distinct quads kept as %d:\n%s", len(quads), want.Len, want.NQuads)
	}
	// Each distinct quad gets a key of its own, so none of them needs the
	// full comparison against every kept quad.
	d, err := newDataset(quads, false, false, new(scratch))
	if err != nil {
		t.Fatal(err)
	}
	seed := maphash.MakeSeed()
	keys := map[uint64]int{}
	for i, q := range d.quads {
		start, end := int32(-1), int32(0)
		for _, c := range q {
			if !c.isBlank() && !c.isDefault() {
				if start < 0 {
					start = c.start
				}
				end = c.end
			}
		}
		k := d.key(seed, q, d.enc[start:end])
		if j, dup := keys[k]; dup {
			t.Errorf("quads %d and %d share a key", j, i)
		}
		keys[k] = i
	}

	twice := append(append([]rdf.Quad(nil), quads...), quads...)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(twice), func(i, j int) { twice[i], twice[j] = twice[j], twice[i] })
	got := canonicalize(t, twice)
	if !bytes.Equal(got.NQuads, want.NQuads) {
		t.Errorf("with every quad twice:\n%s\nwant\n%s", got.NQuads, want.NQuads)
	}
}

// TestKeyLayout: quads whose terms concatenate to the same bytes but split
// differently (IRIs holding '>', which Canonicalize takes although no
// parser of clrkit produces them) get different keys, so that such quads
// cannot all fall to the full comparison against every kept quad.
func TestKeyLayout(t *testing.T) {
	var quads []rdf.Quad
	for i := 1; i < 40; i++ {
		// <s0><s1>...<s39> split after segment i: subject and predicate.
		var subj, pred string
		for j := range 40 {
			seg := "s" + strconv.Itoa(j)
			if j < i {
				subj += seg + "><"
			} else {
				pred += seg + "><"
			}
		}
		subj, pred = strings.TrimSuffix(subj, "><"), strings.TrimSuffix(pred, "><")
		quads = append(quads, rdf.Quad{Subject: rdf.NewIRI(subj), Predicate: rdf.NewIRI(pred), Object: rdf.NewIRI("urn:o")})
	}
	d, err := newDataset(quads, false, false, new(scratch))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.quads) != len(quads) {
		t.Fatalf("%d quads kept of %d distinct", len(d.quads), len(quads))
	}
	seed := maphash.MakeSeed()
	keys := map[uint64]int{}
	for i, q := range d.quads {
		k := d.key(seed, q, d.enc[q[0].start:q[2].end])
		if j, dup := keys[k]; dup {
			t.Fatalf("quads %d and %d share a key", j, i)
		}
		keys[k] = i
	}
}

func TestResultQuadsMatchNQuads(t *testing.T) {
	quads := loadQuads(t, "rdfc10/test060-in.nq")
	quads = append(quads, loadQuads(t, "rdfc10/test044-in.nq")...)
	res := canonicalize(t, quads)
	if got := rdf.SerializeNQuads(res.Quads); !bytes.Equal(got, res.NQuads) {
		t.Errorf("Quads serialize to\n%s\nbut NQuads is\n%s", got, res.NQuads)
	}
	if cap(res.NQuads) != len(res.NQuads) {
		t.Errorf("output size estimate %d, actual size %d", cap(res.NQuads), len(res.NQuads))
	}
}

// TestInvariance checks the defining property of canonicalization: renaming
// blank nodes and reordering statements do not change the output.
func TestInvariance(t *testing.T) {
	for _, name := range []string{"test020-in.nq", "test044-in.nq", "test053-in.nq", "test059-in.nq", "test070-in.nq"} {
		quads := loadQuads(t, "rdfc10/"+name)
		want := canonicalize(t, quads).NQuads
		rng := rand.New(rand.NewPCG(1, uint64(len(name))))
		for range 20 {
			got := canonicalize(t, scramble(quads, rng)).NQuads
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: scrambled input canonicalizes to\n%s\nwant\n%s", name, got, want)
			}
		}
	}
}

// scramble shuffles quads and renames their blank nodes with random labels.
func scramble(quads []rdf.Quad, rng *rand.Rand) []rdf.Quad {
	names := map[string]string{}
	rename := func(t rdf.Term) rdf.Term {
		if t.Kind != rdf.Blank {
			return t
		}
		n, ok := names[t.Value]
		if !ok {
			n = "n" + strconv.FormatUint(rng.Uint64(), 36)
			names[t.Value] = n
		}
		return rdf.NewBlank(n)
	}
	out := make([]rdf.Quad, len(quads))
	for i, q := range quads {
		out[i] = rdf.Quad{Subject: rename(q.Subject), Predicate: q.Predicate, Object: rename(q.Object), Graph: rename(q.Graph)}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestInvalidInput(t *testing.T) {
	s, p, lit := rdf.NewIRI("urn:s"), rdf.NewIRI("urn:p"), rdf.NewLiteral("x", "")
	tests := []struct {
		name string
		q    rdf.Quad
	}{
		{"literal subject", rdf.Quad{Subject: lit, Predicate: p, Object: s}},
		{"missing subject", rdf.Quad{Predicate: p, Object: s}},
		{"blank predicate", rdf.Quad{Subject: s, Predicate: rdf.NewBlank("b"), Object: s}},
		{"missing object", rdf.Quad{Subject: s, Predicate: p}},
		{"unknown object kind", rdf.Quad{Subject: s, Predicate: p, Object: rdf.Term{Kind: 9}}},
		{"literal graph", rdf.Quad{Subject: s, Predicate: p, Object: s, Graph: lit}},
	}
	for _, tt := range tests {
		if _, err := Canonicalize(context.Background(), []rdf.Quad{tt.q}, Options{}); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	good := []rdf.Quad{{Subject: s, Predicate: p, Object: lit}}
	if _, err := Canonicalize(context.Background(), good, Options{MaxWork: -1}); err == nil {
		t.Error("negative MaxWork: no error")
	}
	if _, err := Canonicalize(context.Background(), good, Options{Hash: crypto.MD4}); err == nil {
		t.Error("unavailable hash: no error")
	}
}

func TestEmptyDataset(t *testing.T) {
	res := canonicalize(t, nil)
	if len(res.Quads) != 0 || len(res.NQuads) != 0 || len(res.IssuedIdentifiers) != 0 {
		t.Errorf("got %+v", res)
	}
}

func TestWorkLimit(t *testing.T) {
	// test044 needs 468 Hash N-Degree Quads calls, 7316 units of work in
	// all (see DefaultMaxWork).
	quads := loadQuads(t, "rdfc10/test044-in.nq")
	if _, err := Canonicalize(context.Background(), quads, Options{MaxWork: 7316}); err != nil {
		t.Errorf("MaxWork 7316: %v", err)
	}
	_, err := Canonicalize(context.Background(), quads, Options{MaxWork: 7315})
	if !errors.Is(err, ErrWorkLimit) {
		t.Errorf("MaxWork 7315: got %v, want ErrWorkLimit", err)
	}
}

func TestDefaultMaxWork(t *testing.T) {
	for _, tt := range []struct{ blankNodes, want int }{
		{0, 20_000},
		{12, 93_728},
		{42, 923_168},
		{53, 1_458_208},
		{54, DefaultMaxWorkCap},
		{1 << 20, DefaultMaxWorkCap},
		{1 << 40, DefaultMaxWorkCap},
	} {
		if got := DefaultMaxWork(tt.blankNodes); got != tt.want {
			t.Errorf("DefaultMaxWork(%d) = %d, want %d", tt.blankNodes, got, tt.want)
		}
	}
	prev := 0
	for n := range 1000 {
		if w := DefaultMaxWork(n); w < prev || w > DefaultMaxWorkCap {
			t.Fatalf("DefaultMaxWork(%d) = %d after %d", n, w, prev)
		}
		prev = DefaultMaxWork(n)
	}
}

func TestCancellation(t *testing.T) {
	poison := loadQuads(t, "rdfc10/test074-in.nq")
	huge := Options{MaxWork: 1 << 40}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Canonicalize(ctx, poison, huge); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want context.Canceled", err)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Canonicalize(ctx, poison, huge)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopped %v after start, want soon after the 50ms deadline", d)
	}
}

// TestDefaultLimitAllowsRepeatedListItems covers the most symmetric
// structures plain JSON-LD produces: @list values whose items are all the
// same literal or the same blank-node object, which need work quadratic in
// the length of the list.
func TestDefaultLimitAllowsRepeatedListItems(t *testing.T) {
	for _, tt := range []struct {
		name   string
		quads  []rdf.Quad
		blanks int
	}{
		{"100 identical literals", list(100), 100},
		{"100 identical objects", objectList(100), 200},
		{"two lists of 100 identical literals", append(list(100), copies(list(100), 1)...), 200},
	} {
		res := canonicalize(t, tt.quads)
		if len(res.IssuedIdentifiers) != tt.blanks {
			t.Fatalf("%s: %d blank nodes labelled, want %d", tt.name, len(res.IssuedIdentifiers), tt.blanks)
		}
		if got := canonicalize(t, scramble(tt.quads, rand.New(rand.NewPCG(7, 7)))); !bytes.Equal(got.NQuads, res.NQuads) {
			t.Errorf("%s: output depends on input labels or order", tt.name)
		}
	}
}

// TestDefaultLimitAllowsCredentialTrees covers JSON-LD-shaped data with a
// few hundred blank nodes, some of them alike.
func TestDefaultLimitAllowsCredentialTrees(t *testing.T) {
	for _, quads := range [][]rdf.Quad{tree(100, 2), tree(50, 5), credentialLike(300, 3000)} {
		res := canonicalize(t, quads)
		if got := canonicalize(t, scramble(quads, rand.New(rand.NewPCG(3, 3)))); !bytes.Equal(got.NQuads, res.NQuads) {
			t.Errorf("%d quads: output depends on input labels or order", len(quads))
		}
	}
}

// TestNoQuads: without the relabelled quads, the document and labels are
// the same, and Len counts the lines.
func TestNoQuads(t *testing.T) {
	quads, err := rdf.ParseNQuads([]byte("_:a <http://e/p> _:b .\n_:b <http://e/p> \"x\" .\n<http://e/s> <http://e/p> _:a <http://e/g> .\n"))
	if err != nil {
		t.Fatal(err)
	}
	full, err := Canonicalize(context.Background(), quads, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := Canonicalize(context.Background(), quads, Options{NoQuads: true})
	if err != nil {
		t.Fatal(err)
	}
	if bare.Quads != nil || string(bare.NQuads) != string(full.NQuads) || bare.Len != 3 || full.Len != 3 || len(full.Quads) != 3 ||
		!maps.Equal(bare.IssuedIdentifiers, full.IssuedIdentifiers) {
		t.Fatalf("full %+v, bare %+v", full, bare)
	}
}

// TestNoLabels: without the label map (and without the relabelled quads,
// as proof suites ask), the document is the same, on every dataset of the
// W3C suite and on one with more than ten blank nodes (two-digit labels);
// so is the one Options.Output is given, once, instead of Result.NQuads.
func TestNoLabels(t *testing.T) {
	inputs := labelInputs(t)
	for i, in := range inputs {
		quads, err := rdf.ParseNQuads(in)
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		full, err := Canonicalize(context.Background(), quads, Options{})
		if err != nil {
			continue
		}
		bare, err := Canonicalize(context.Background(), quads, Options{NoQuads: true, NoLabels: true})
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		if bare.IssuedIdentifiers != nil || bare.Quads != nil || !bytes.Equal(bare.NQuads, full.NQuads) || bare.Len != full.Len {
			t.Fatalf("input %d: full %+v, bare %+v", i, full, bare)
		}
		var given [][]byte
		out, err := Canonicalize(context.Background(), quads, Options{NoQuads: true, NoLabels: true,
			Output: func(nq []byte) { given = append(given, bytes.Clone(nq)) }})
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		if len(given) != 1 || !bytes.Equal(given[0], full.NQuads) || out.NQuads != nil || out.Len != full.Len {
			t.Fatalf("input %d: Output given %q, result %+v; want %q once", i, given, out, full.NQuads)
		}
	}
}

// TestOutputSize: the size result sizes its buffer with is the size of the
// canonical document, on every dataset of the W3C suite and on one with
// more than ten blank nodes (two-digit labels).
func TestOutputSize(t *testing.T) {
	inputs := labelInputs(t)
	checked := 0
	for i, in := range inputs {
		quads, err := rdf.ParseNQuads(in)
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		c, err := newCanon(context.Background(), quads, Options{NoQuads: true, NoLabels: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.issueCanonical(); err != nil {
			c.release()
			continue // a poison dataset of the suite: over the work limit
		}
		size := c.outputSize()
		res := c.result()
		c.release()
		if size != len(res.NQuads) {
			t.Errorf("input %d: outputSize %d, document %d bytes", i, size, len(res.NQuads))
		}
		checked++
	}
	if checked < 60 {
		t.Fatalf("only %d datasets checked", checked)
	}
}

// labelInputs is every dataset of the W3C suite and one of twelve blank
// nodes in a named graph (two-digit canonical labels).
func labelInputs(t *testing.T) [][]byte {
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "_:n%d <http://e/p> _:n%d <http://e/g> .\n", i, (i+1)%12)
	}
	inputs := [][]byte{[]byte(b.String())}
	for _, e := range loadManifest(t) {
		data, err := os.ReadFile(filepath.Join(suiteDir, e.Action))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	return inputs
}
