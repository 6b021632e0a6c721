package schema

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/clrkit/clrkit/internal/testkit/corpus"
	"github.com/clrkit/clrkit/proof/ld"
)

// fastDocuments returns every JSON object of the module's test data and
// the real-world credentials, decoded as Validate's callers decode them.
func fastDocuments(t *testing.T) []any {
	t.Helper()
	var docs []any
	add := func(data []byte) {
		if v, err := ld.DecodeJSON(data, 0); err == nil {
			if _, ok := v.(map[string]any); ok {
				docs = append(docs, v)
			}
		}
	}
	for _, data := range corpus.TestdataJSON(t, "..") {
		add(data)
	}
	f, err := os.Open("../proof/ld/testdata/realworld/credentials.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var creds []struct{ Doc []byte }
	if err := json.NewDecoder(zr).Decode(&creds); err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		add(c.Doc)
	}
	return docs
}

// mutations returns variants of doc, each with the value at one place
// replaced by a value of another form, or the member there removed, at
// up to max places spread evenly over the whole document.
func mutations(doc any, max int) []any {
	replacements := []any{"x", json.Number("1"), json.Number("1.5"), true, nil, map[string]any{}, []any{},
		"2024-13-45T00:00:00Z", "not a uri", []any{"x"}, map[string]any{"id": "urn:x", "type": "x"}}
	var places [][]any // paths: member names and array indexes
	var walk func(v any, path []any)
	walk = func(v any, path []any) {
		if len(path) > 0 {
			places = append(places, append([]any(nil), path...))
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k], append(path, k))
			}
		case []any:
			for i, e := range x {
				walk(e, append(path, i))
			}
		}
	}
	walk(doc, nil)
	stride := 1
	if len(places) > max {
		stride = len(places) / max
	}
	var out []any
	for n := 0; n < len(places); n += stride {
		path := places[n]
		for _, r := range replacements {
			out = append(out, replaceAt(doc, path, r, false))
		}
		if _, isName := path[len(path)-1].(string); isName {
			out = append(out, replaceAt(doc, path, nil, true))
		}
	}
	return out
}

// replaceAt returns a copy of doc with the value at path replaced by r, or
// removed.
func replaceAt(doc any, path []any, r any, remove bool) any {
	c := deepCopy(doc)
	v := c
	for i, tok := range path {
		last := i == len(path)-1
		switch x := v.(type) {
		case map[string]any:
			k := tok.(string)
			if last {
				if remove {
					delete(x, k)
				} else {
					x[k] = r
				}
				return c
			}
			v = x[k]
		case []any:
			k := tok.(int)
			if last {
				x[k] = r
				return c
			}
			v = x[k]
		}
	}
	return c
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}

// TestFastCheck holds the fast check to the library's verdict: every
// embedded schema on every document of the test data and the real-world
// credentials, and the schemas of each document's kind on many mutations
// of it.
func TestFastCheck(t *testing.T) {
	docs := fastDocuments(t)
	if len(docs) < 300 {
		t.Fatalf("only %d documents", len(docs))
	}
	ids := IDs()
	sort.Strings(ids)
	fastSchemas := 0
	compare := func(id string, sch *jsonschema.Schema, fast *fastNode, v any) bool {
		err := sch.Validate(v)
		var ve *jsonschema.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("%s: %v", id, err)
		}
		got := fast.check(v)
		if got == fastUnknown || (got == fastValid) != (err == nil) {
			out, _ := json.Marshal(v)
			t.Errorf("%s: fast %v, library valid %v on %.300s", id, got, err == nil, out)
			return false
		}
		return true
	}
	for _, id := range ids {
		sch, fast, err := compiledFast(id)
		if err != nil {
			t.Logf("%s: not a schema of its own (%v)", id, err)
			continue
		}
		if fast == nil {
			t.Logf("%s: no fast check", id)
			continue
		}
		fastSchemas++
		valid := 0
		for _, d := range docs {
			if !compare(id, sch, fast, d) {
				return
			}
			if sch.Validate(d) == nil {
				valid++
			}
		}
		t.Logf("%s: %d documents, %d valid", id, len(docs), valid)
	}
	// The documents of each kind (a credential's issuer is a Profile), and
	// mutations of them, up to a budget per kind spread over its documents.
	const budget = 6000
	byKind := map[Kind][]any{}
	for _, d := range docs {
		byKind[detectKind(d)] = append(byKind[detectKind(d)], d)
		if issuer, ok := d.(map[string]any)["issuer"].(map[string]any); ok && detectKind(issuer) == Profile {
			byKind[Profile] = append(byKind[Profile], issuer)
		}
	}
	for _, kind := range []Kind{AchievementCredential, ClrCredential, EndorsementCredential, Profile} {
		k := kinds[kind]
		checked, invalid := 0, 0
		perDoc := budget / (2 * max(1, len(byKind[kind])))
		for _, d := range byKind[kind] {
			for _, id := range []string{k.adapted, k.formal} {
				if id == "" {
					continue
				}
				sch, fast, err := compiledFast(id)
				if err != nil {
					t.Fatal(err)
				}
				if fast == nil {
					continue
				}
				for _, m := range mutations(d, max(2, perDoc/12)) {
					if !compare(id, sch, fast, m) {
						return
					}
					checked++
					if fast.check(m) == fastInvalid {
						invalid++
					}
				}
			}
		}
		t.Logf("%s: %d mutations, %d invalid", kind, checked, invalid)
		if checked < 200 || invalid == 0 {
			t.Errorf("%s: %d mutations checked, %d invalid: too few to compare", kind, checked, invalid)
		}
	}
	if fastSchemas < 10 {
		t.Errorf("the fast check applies to %d of %d schemas", fastSchemas, len(ids))
	}
}

// FuzzFastCheck holds the fast check to the library's verdict on arbitrary
// documents, against the schemas of the kinds verification uses.
func FuzzFastCheck(f *testing.F) {
	for _, name := range []string{"../vc/testdata/ob3-basic.signed.json", "../clr/testdata/clr-3creds.signed.json",
		"../openbadges/testdata/ob3-complete-openbadgecredential.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ld.DecodeJSON(data, 0)
		if err != nil {
			return
		}
		for _, k := range []Kind{AchievementCredential, ClrCredential, EndorsementCredential, Profile} {
			id := kinds[k].adapted
			sch, fast, err := compiledFast(id)
			if err != nil || fast == nil {
				t.Fatalf("%s: %v", id, err)
			}
			lib := sch.Validate(v) == nil
			if got := fast.check(v); got == fastUnknown && typeBit(v) != 0 || got != fastUnknown && (got == fastValid) != lib {
				t.Fatalf("%s: fast %v, library valid %v", id, got, lib)
			}
		}
	})
}

// compiledFast returns the library's compiled schema of an embedded $id
// and its fast check, for tests that hold the two to the same verdict.
func compiledFast(id string) (*jsonschema.Schema, *fastNode, error) {
	fast, err := fastOf(id)
	if err != nil {
		return nil, nil, err
	}
	sch, err := compiled(id)
	return sch, fast, err
}

// TestLibrarySchemaDropped: once the fast check is built, the library's
// compiled schema is not kept (it would stay in memory, for every garbage
// collection to walk, in every process that only meets valid documents);
// it is compiled again the first time a document fails the fast check (or
// the check cannot decide),
// and then explains that failure as before.
func TestLibrarySchemaDropped(t *testing.T) {
	const id = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	c := &compiledSchema{}
	fast, err := c.fastCheck(id)
	if err != nil || fast == nil {
		t.Fatalf("fast check: %v, %v", fast, err)
	}
	if c.lib != nil {
		t.Fatal("the library's compiled schema was kept beside the fast check")
	}
	if fast.check(map[string]any{"type": "nope"}) != fastInvalid {
		t.Fatal("the fast check took an invalid document")
	}
	sch, err := c.library(id)
	if err != nil || sch == nil || c.lib != sch {
		t.Fatalf("library: %v, %v", sch, err)
	}
	if err := sch.Validate(map[string]any{"type": "nope"}); err == nil {
		t.Fatal("the library took an invalid document")
	}
	if again, _ := c.library(id); again != sch {
		t.Fatal("the library's schema was compiled twice")
	}
}
