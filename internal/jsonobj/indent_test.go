package jsonobj

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/clrkit/clrkit/internal/testkit/corpus"
)

// TestIndentAsJSONIndent: Indent lays out every JSON document of the
// module's test data, compacted and as it is, exactly as json.Indent does,
// and refuses texts whose strings or brackets do not close.
func TestIndentAsJSONIndent(t *testing.T) {
	docs := corpus.TestdataJSON(t, "../..")
	checked := 0
	for _, doc := range docs {
		if !json.Valid(doc) {
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, doc); err != nil {
			t.Fatal(err)
		}
		for _, src := range [][]byte{bytes.TrimSpace(doc), compact.Bytes()} {
			var want bytes.Buffer
			if err := json.Indent(&want, src, "", "  "); err != nil {
				t.Fatal(err)
			}
			got, err := Indent(nil, src)
			if err != nil || !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("Indent(%.200q) = %.300q, %v; json.Indent %.300q", src, got, err, want.Bytes())
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d texts checked", checked)
	}
	for _, bad := range []string{`{"a":"b`, `{"a":"b\"}`, `{"a":[1}`, `{"a":1}}`, `]`, `{`, `[[]`} {
		if got, err := Indent(nil, []byte(bad)); err == nil {
			t.Errorf("Indent(%q) = %q, want an error", bad, got)
		}
	}
}

// FuzzIndent holds Indent to json.Indent on every valid JSON text.
func FuzzIndent(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":"c\\\"d"},[],{}],"e":null}`))
	f.Add([]byte(` [ "\\\\" , true ] `))
	f.Fuzz(func(t *testing.T, src []byte) {
		var want bytes.Buffer
		if !json.Valid(src) {
			Indent(nil, src) // must not panic
			return
		}
		// json.Indent copies trailing white space; Indent drops it.
		if err := json.Indent(&want, bytes.Trim(src, " \t\r\n"), "", "  "); err != nil {
			t.Fatal(err)
		}
		got, err := Indent(nil, src)
		if err != nil || !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("Indent(%q) = %q, %v; json.Indent %q", src, got, err, want.Bytes())
		}
	})
}
