package jsonld

import "testing"

// TestOverlay checks the scratch contexts used to validate scoped contexts:
// lookups fall through to the parent, removals hide the parent's
// definitions, the parent is never changed, and clone flattens the chain.
func TestOverlay(t *testing.T) {
	a, b, c := &termDef{iri: "urn:a", protected: true}, &termDef{iri: "urn:b"}, &termDef{iri: "urn:c"}
	root := &activeContext{terms: map[string]*termDef{"a": a, "b": b}, vocab: "urn:v#", hasVocab: true}
	o1 := root.overlay()
	o1.removeTerm("a")
	o1.terms["c"] = c
	o2 := o1.overlay()
	o2.terms["b"] = c
	if o2.term("a") != nil || o2.term("b") != c || o2.term("c") != c || o2.term("x") != nil {
		t.Fatalf("overlay lookups: a=%v b=%v c=%v", o2.term("a"), o2.term("b"), o2.term("c"))
	}
	if root.term("a") != a || root.term("b") != b || len(root.terms) != 2 {
		t.Fatal("overlay changed its parent")
	}
	if o2.hasProtected() || !root.hasProtected() || o2.shared || !o2.hasVocab {
		t.Fatal("overlay settings or protection wrong")
	}
	flat := o2.clone()
	if flat.parent != nil || len(flat.terms) != 2 || flat.terms["b"] != c || flat.terms["c"] != c {
		t.Fatalf("clone of an overlay: %v", flat.terms)
	}
	shadow := root.overlay()
	shadow.terms["a"] = b // unprotected definition hides the protected one
	if shadow.hasProtected() {
		t.Fatal("hasProtected sees a hidden definition")
	}
}
