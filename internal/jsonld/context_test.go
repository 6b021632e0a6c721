package jsonld

import "testing"

// TestClone checks that a context derived with clone shares its origin's
// terms without letting changes flow back: lookups, removals and the
// protected count of either side are its own.
func TestClone(t *testing.T) {
	a, b, c := &termDef{iri: "urn:a", protected: true}, &termDef{iri: "urn:b"}, &termDef{iri: "urn:c"}
	root := &activeContext{vocab: "urn:v#", hasVocab: true, shared: true}
	root.terms = root.terms.set("a", a, nil).set("b", b, nil)
	o1 := root.clone()
	o1.terms = o1.terms.remove("a", nil).set("c", c, nil)
	o2 := o1.clone()
	o2.terms = o2.terms.set("b", c, nil)
	if o2.term("a") != nil || o2.term("b") != c || o2.term("c") != c || o2.term("x") != nil {
		t.Fatalf("lookups: a=%v b=%v c=%v", o2.term("a"), o2.term("b"), o2.term("c"))
	}
	if root.term("a") != a || root.term("b") != b || root.term("c") != nil || root.terms.len != 2 {
		t.Fatal("a clone changed its origin")
	}
	if o1.term("b") != b || o1.terms.len != 2 {
		t.Fatal("a clone of a clone changed its origin")
	}
	if o2.hasProtected() || !root.hasProtected() || !o2.shared || !o2.hasVocab {
		t.Fatal("settings or protection wrong")
	}
	shadow := root.clone()
	shadow.terms = shadow.terms.set("a", b, nil) // an unprotected definition replaces the protected one
	if shadow.hasProtected() || !root.hasProtected() {
		t.Fatal("hasProtected counts a replaced definition")
	}
}
