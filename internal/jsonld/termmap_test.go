package jsonld

import (
	"maps"
	"math/rand/v2"
	"strconv"
	"testing"
)

// checkTermMap compares m with the model: every key of the model with its
// definition, no key the model lacks among probes, and the counts.
func checkTermMap(t *testing.T, m termMap, model map[string]*termDef, probes []string) {
	t.Helper()
	if m.len != len(model) {
		t.Fatalf("len %d, model %d", m.len, len(model))
	}
	protected := 0
	for k, td := range model {
		got, ok := m.get(k)
		if !ok || got != td {
			t.Fatalf("get(%q) = %p, %v; model %p", k, got, ok, td)
		}
		protected += protectedCount(td)
	}
	if m.protected != protected {
		t.Fatalf("protected %d, model %d", m.protected, protected)
	}
	for _, k := range probes {
		if _, inModel := model[k]; !inModel {
			if _, ok := m.get(k); ok {
				t.Fatalf("get(%q) finds a removed key", k)
			}
		}
	}
}

// TestTermMap runs random sets and removes against a Go map, keeping
// versions and checking that later changes leave them alone, whether the
// changes were made in place (with an edit token) or by copying.
func TestTermMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var keys []string
	for i := range 3000 {
		keys = append(keys, "term"+strconv.Itoa(i))
	}
	var m termMap
	model := map[string]*termDef{}
	type version struct {
		m     termMap
		model map[string]*termDef
	}
	var versions []version
	edit := new(tmEdit)
	for step := range 20000 {
		k := keys[rng.IntN(len(keys))]
		if rng.IntN(3) == 0 {
			m = m.remove(k, edit)
			delete(model, k)
		} else {
			td := &termDef{iri: k, protected: rng.IntN(4) == 0}
			m = m.set(k, td, edit)
			model[k] = td
		}
		if step%2000 == 0 {
			// A version is kept: the build ends, and the next one has
			// a token of its own, or none.
			versions = append(versions, version{m, maps.Clone(model)})
			edit = nil
			if step%4000 == 0 {
				edit = new(tmEdit)
			}
		}
	}
	checkTermMap(t, m, model, keys)
	for _, v := range versions {
		checkTermMap(t, v.m, v.model, keys)
	}
}

// TestTermMapCollisions exercises the bottom level, where keys whose
// 64-bit hashes are equal share a list (no test can find two such keys,
// so the node is used directly, with a made-up hash).
func TestTermMapCollisions(t *testing.T) {
	var n *tmNode
	model := map[string]*termDef{}
	for i := range 5 {
		k := "k" + strconv.Itoa(i)
		td := &termDef{iri: k}
		n = n.with(tmSlot{key: k, td: td}, 42, tmWidth, nil)
		model[k] = td
	}
	replaced := &termDef{iri: "k3 again"}
	n = n.with(tmSlot{key: "k3", td: replaced}, 42, tmWidth, nil)
	model["k3"] = replaced
	before := n
	n = n.without("k2", 42, tmWidth, nil)
	delete(model, "k2")
	if len(n.slots) != 4 || len(before.slots) != 5 {
		t.Fatalf("%d leaves after removal, %d before", len(n.slots), len(before.slots))
	}
	for _, k := range []string{"k0", "k1", "k2", "k3", "k4", "k5"} {
		td, ok := n.find(k, 42, tmWidth)
		if want, in := model[k]; ok != in || td != want {
			t.Errorf("find(%q) = %v, %v", k, td, ok)
		}
	}
	for range 4 {
		n = n.without(n.slots[0].key, 42, tmWidth, nil)
	}
	if n != nil {
		t.Fatalf("empty collision node kept: %v", n)
	}
}

func BenchmarkTermMapGet(b *testing.B) {
	var m termMap
	g := map[string]*termDef{}
	var keys []string
	for i := range 300 {
		k := "term" + strconv.Itoa(i)
		keys = append(keys, k)
		m = m.set(k, &termDef{}, nil)
		g[k] = &termDef{}
	}
	b.Run("termMap", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			m.get(keys[i%300])
		}
	})
	b.Run("map", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			_ = g[keys[i%300]]
		}
	})
}
