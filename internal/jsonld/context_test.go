package jsonld

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
)

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

// TestTermCache: a finished shared context answers term lookups from its
// cache exactly as its trie does (defined and undefined keys, many more
// keys than cache slots, from several goroutines at once); a context being
// built bypasses the cache; and a clone changed after its origin was
// cached answers with its own definitions.
func TestTermCache(t *testing.T) {
	const n = 3 * termCacheSize
	defs := make([]*termDef, n)
	root := &activeContext{shared: true}
	for i := range defs {
		defs[i] = &termDef{iri: "urn:t:" + strconv.Itoa(i)}
		root.terms = root.terms.set("t"+strconv.Itoa(i), defs[i], nil)
	}
	check := func(c *activeContext, i int, want *termDef) error {
		key := "t" + strconv.Itoa(i)
		if td, ok := c.get(key); td != want || ok != (want != nil) {
			return fmt.Errorf("%s: got %v, %v; want %v", key, td, ok, want)
		}
		if c.term(key) != want {
			return fmt.Errorf("%s: term disagrees with get", key)
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				for j := range n + 50 {
					i := (j*7 + g*13 + round) % (n + 50)
					var want *termDef
					if i < n {
						want = defs[i]
					}
					if err := check(root, i, want); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if root.lookups.Load() == nil {
		t.Fatal("a finished shared context made no cache")
	}

	other := &termDef{iri: "urn:other"}
	clone := root.clone()
	clone.edit = &tmEdit{}
	clone.terms = clone.terms.set("t5", other, clone.edit)
	if err := check(clone, 5, other); err != nil || clone.lookups.Load() != nil {
		t.Fatalf("a context being built: %v (cache made: %v)", err, clone.lookups.Load() != nil)
	}
	clone.edit = nil
	for _, c := range []struct {
		ctx  *activeContext
		i    int
		want *termDef
	}{{clone, 5, other}, {root, 5, defs[5]}, {clone, 6, defs[6]}, {clone, 5, other}} {
		if err := check(c.ctx, c.i, c.want); err != nil {
			t.Fatal(err)
		}
	}
}
