package jsonobj

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/clrkit/clrkit/internal/ijson/ijsontest"
)

// referenceMembers is the json.Decoder-based splitter Members replaced:
// the oracle the scanner is fuzzed against.
func referenceMembers(data []byte) ([]Member, error) {
	if t := bytes.Trim(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, ErrNotObject
	}
	if json.Valid(data) && !ijsontest.AcceptsIgnoringDuplicates(data) {
		return nil, errors.New("not I-JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []Member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		for _, m := range out {
			if m.Name == name {
				return nil, ErrDuplicateMember
			}
		}
		out = append(out, Member{Name: name, Value: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the object")
	}
	return out, nil
}

var fuzzSeeds = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"a":[1,{"b":"}"}],"c":"\"\\"}`,
	`{"a":tru}`, `{"a":1}x`, `{"a":1,}`, `[1,2]`, `"x"`, `{"a":"\ud800"}`, `{"a" : -0.5e+3 , "b":null}`,
	`{"type":["A","B"],"n":3.0,"ext":{"x":[true,false]}}`, `{"a":"` + "\x01" + `"}`, `{"a":"\xff"}`,
	`{"Type":"x","type":"y"}`, `{"a":1}` + "\n",
}

func FuzzMembers(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Members(data)
		want, werr := referenceMembers(data)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Members(%q): error %v, reference error %v", data, err, werr)
		}
		if err != nil {
			// On invalid JSON the streaming reference may meet a duplicate
			// before the syntax error; Members validates first.
			if json.Valid(data) && errors.Is(werr, ErrDuplicateMember) != errors.Is(err, ErrDuplicateMember) {
				t.Fatalf("Members(%q): error %v, reference error %v", data, err, werr)
			}
			return
		}
		if len(got) != len(want) {
			t.Fatalf("Members(%q): %d members, reference %d", data, len(got), len(want))
		}
		for i := range got {
			if got[i].Name != want[i].Name || !bytes.Equal(got[i].Value, want[i].Value) {
				t.Fatalf("Members(%q)[%d] = %q: %s, reference %q: %s", data, i, got[i].Name, got[i].Value, want[i].Name, want[i].Value)
			}
		}
	})
}

func FuzzElements(f *testing.F) {
	for _, s := range []string{`[]`, `[1]`, ` [ "a" , {"b":[1,2]} , null ] `, `[1,]`, `[1`, `{}`, `["\"]"]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Elements(data)
		var want []json.RawMessage
		trimmed := bytes.Trim(data, " \t\r\n")
		werr := json.Unmarshal(data, &want)
		if werr == nil && (len(trimmed) == 0 || trimmed[0] != '[') {
			werr = errors.New("not an array") // null, for one
		}
		if werr == nil && !ijsontest.AcceptsIgnoringDuplicates(data) {
			werr = errors.New("not I-JSON")
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("Elements(%q): error %v, encoding/json error %v", data, err, werr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("Elements(%q): %d elements, encoding/json %d", data, len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("Elements(%q)[%d] = %s, encoding/json %s", data, i, got[i], want[i])
			}
		}
	})
}

// FuzzUnmarshal: whenever a document decodes into a model-like struct, it
// encodes, and decoding and encoding that again gives the same bytes.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"id":"x","type":"T","name":"n","count":3,"flag":true,"tags":["a"],"inner":{"id":"i","z":1},"proof":{"id":"p"},"ext":[1]}`))
	f.Add([]byte(`{"inner":null,"tags":null,"id":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a outer
		if err := Unmarshal(data, &a); err != nil {
			return
		}
		out, err := Marshal(&a)
		if err != nil {
			t.Fatalf("Marshal after Unmarshal(%q): %v", data, err)
		}
		if !json.Valid(out) {
			t.Fatalf("Marshal wrote invalid JSON %q", out)
		}
		var b outer
		if err := Unmarshal(out, &b); err != nil {
			t.Fatalf("Unmarshal(%q) of the marshaled %q: %v", out, data, err)
		}
		out2, err := Marshal(&b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("not idempotent: %q then %q", out, out2)
		}
	})
}

// FuzzCheck: Check agrees with Members applied at every depth.
func FuzzCheck(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`[{"a":[{"b":1,"b":2}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		if !json.Valid(data) || !ijsontest.AcceptsIgnoringDuplicates(data) {
			if err == nil {
				t.Fatalf("Check(%q) accepted invalid JSON or JSON that is not I-JSON", data)
			}
			return
		}
		want := referenceCheck(bytes.Trim(data, " \t\r\n"))
		if (err == nil) != (want == nil) || err != nil && err.Error() != want.Error() {
			t.Fatalf("Check(%q) = %v, reference %v", data, err, want)
		}
	})
}

// referenceCheck finds the first duplicate through Members and Elements.
func referenceCheck(data []byte) error {
	switch data[0] {
	case '{':
		ms, err := Members(data)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := referenceCheck(m.Value); err != nil {
				return At(m.Name, err)
			}
		}
	case '[':
		es, err := Elements(data)
		if err != nil {
			return err
		}
		for i, e := range es {
			if err := referenceCheck(e); err != nil {
				return Index(i, err)
			}
		}
	}
	return nil
}
