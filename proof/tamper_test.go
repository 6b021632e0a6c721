package proof

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
)

// TestTamperingAnyValueFails changes, one at a time, every string, number
// and boolean of each signed interop credential (outside the proof) and
// expects every altered copy to fail verification.
func TestTamperingAnyValueFails(t *testing.T) {
	v := testVerifier(t, false)
	for _, f := range interopFixtures {
		t.Run(f.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(readTestdata(t, "interop/signed/"+f.name+".signed.json"), &doc); err != nil {
				t.Fatal(err)
			}
			paths := leafPaths(doc, nil)
			if len(paths) < 20 {
				t.Fatalf("only %d values found", len(paths))
			}
			checked := 0
			for _, p := range paths {
				if p[0] == "proof" || p[0] == "@context" {
					continue
				}
				altered := cloneDoc(t, doc)
				setLeaf(altered, p)
				data, _ := json.Marshal(altered)
				if _, err := v.Verify(context.Background(), data, Expectations{}); err == nil {
					t.Errorf("changing %v still verifies", p)
				}
				checked++
			}
			t.Logf("%d values altered one at a time", checked)
		})
	}
}

// leafPaths lists the paths of every scalar value under v.
func leafPaths(v any, prefix []any) [][]any {
	var out [][]any
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, leafPaths(e, append(append([]any(nil), prefix...), k))...)
		}
	case []any:
		for i, e := range x {
			out = append(out, leafPaths(e, append(append([]any(nil), prefix...), i))...)
		}
	default:
		out = append(out, prefix)
	}
	return out
}

// setLeaf changes the scalar at path to a different value of the same kind.
func setLeaf(v any, path []any) {
	parent := v
	for _, k := range path[:len(path)-1] {
		switch p := parent.(type) {
		case map[string]any:
			parent = p[k.(string)]
		case []any:
			parent = p[k.(int)]
		}
	}
	alter := func(old any) any {
		switch o := old.(type) {
		case string:
			return o + "x"
		case float64:
			return o + 1
		case bool:
			return !o
		}
		return "x"
	}
	switch p := parent.(type) {
	case map[string]any:
		k := path[len(path)-1].(string)
		p[k] = alter(p[k])
	case []any:
		i := path[len(path)-1].(int)
		p[i] = alter(p[i])
	}
}

func cloneDoc(t *testing.T, v any) map[string]any {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(fmt.Errorf("clone: %w", err))
	}
	return out
}
