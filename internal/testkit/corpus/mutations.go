package corpus

import (
	"encoding/json"
	"testing"
)

// Mutations returns the JSON object m encoded once for each member within
// depth levels of nesting with its value replaced by each of a number, a
// string, an empty and a one-element array, an object and null, and once
// for each object there with a member of the empty name added: texts that
// reach the type errors and corners of a decoder. m is left as it was.
func Mutations(t testing.TB, m map[string]any, depth int) [][]byte {
	t.Helper()
	var out [][]byte
	replacements := []any{json.Number("5"), "x", []any{}, []any{json.Number("1")}, map[string]any{"a": "b"}, nil}
	var walk func(v any, level int)
	walk = func(v any, level int) {
		if level > depth {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if _, ok := x[""]; !ok {
				x[""] = json.Number("1")
				data, err := json.Marshal(m)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, data)
				delete(x, "")
			}
			for k, old := range x {
				for _, r := range replacements {
					x[k] = r
					data, err := json.Marshal(m)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, data)
				}
				x[k] = old
				walk(old, level+1)
			}
		case []any:
			for _, e := range x {
				walk(e, level+1)
			}
		}
	}
	walk(m, 0)
	return out
}
