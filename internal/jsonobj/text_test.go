package jsonobj

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/internal/jsonld"
)

// endsMap is an Ends held as a map, for tests.
type endsMap map[int]int

func (m endsMap) End(start int) (int, bool) { e, ok := m[start]; return e, ok }

// scannedEnds indexes the objects and arrays of valid text by scanning
// it: the index a Text is built with, made the slow way.
func scannedEnds(data []byte) endsMap {
	m := endsMap{}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = stringEnd(data, i) - 1
		case '{', '[':
			m[i] = valueEnd(data, i)
		}
	}
	return m
}

// TestTextEndsOfDecoder: the JSON-LD decoder's spans (what the verifier
// builds Texts with) index every object and array where scanning finds
// them, and nothing else.
func TestTextEndsOfDecoder(t *testing.T) {
	for _, in := range append(fuzzSeeds,
		`{"a":[],"b":{},"c":[[],[{}],{"d":[1,"]",{"e":"}"}]}],"f":"{[","g":[ {"h" : [ ] } ] }`,
		` [ {"a":1} , [2] ] `,
	) {
		data := []byte(in)
		_, spans, err := jsonld.DecodeJSONSpans(data, 0)
		if err != nil {
			continue
		}
		want := scannedEnds(data)
		for i := range len(data) + 1 {
			end, ok := spans.End(i)
			wantEnd, wantOK := want[i]
			if ok != wantOK || end != wantEnd {
				t.Errorf("%s: at %d the decoder says %d, %v; scanning %d, %v", in, i, end, ok, wantEnd, wantOK)
			}
		}
	}
}

// TestTextOnlyItsOwnBytes: a Text's index serves only slices of its own
// text; equal bytes elsewhere, and ends the index cannot hold (past the
// value given, or not after its start), are scanned as without a Text.
func TestTextOnlyItsOwnBytes(t *testing.T) {
	data := []byte(`{"type":"t","inner":{"id":"i","items":[{"id":"j"}]},"ext":[1,{"a":2}]}`)
	var want outer
	if err := Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	lying := endsMap{}
	for start := range scannedEnds(data) {
		lying[start] = len(data) + 5 // past any value given
	}
	backwards := endsMap{}
	for start := range scannedEnds(data) {
		backwards[start] = start
	}
	copied := bytes.Clone(data)
	for name, c := range map[string]struct {
		text *Text
		data []byte
	}{
		"a copy of the text":    {NewText(data, lying), copied},
		"ends past the value":   {NewText(data, lying), data},
		"ends before the start": {NewText(data, backwards), data},
		"no index":              {NewText(data, nil), data},
		"empty text":            {NewText(nil, scannedEnds(data)), data},
	} {
		var got outer
		if err := UnmarshalValid(c.text, c.data, &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, %v; want %+v", name, got, err, want)
		}
	}
	// The index is used, for every object and array skipped or kept as
	// bytes, at its offset in the text.
	asked := countingEnds{ends: scannedEnds(data), asked: map[int]bool{}}
	var got outer
	if err := UnmarshalValid(NewText(data, asked), data, &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("with the index: %+v, %v", got, err)
	}
	for _, v := range []string{`{"id":"i"`, `[1,{`} {
		if at := bytes.Index(data, []byte(v)); !asked.asked[at] {
			t.Errorf("the index was not asked for the end of %s… at %d (asked %v)", v, at, asked.asked)
		}
	}
}

type countingEnds struct {
	ends  endsMap
	asked map[int]bool
}

func (c countingEnds) End(start int) (int, bool) {
	c.asked[start] = true
	return c.ends.End(start)
}

// FuzzUnmarshalValidText: on text the JSON-LD decoder accepts,
// UnmarshalValid with a Text built on the decoder's spans decodes what
// Unmarshal decodes, and fails as it fails.
func FuzzUnmarshalValidText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"id":"x","type":"T","name":"n","count":3,"flag":true,"tags":["a"],"inner":{"id":"i","z":1,"items":[{"id":"j"}]},"proof":{"id":"p"},"ext":[1,[{}]]}`))
	f.Add([]byte(`{"type":"t","link":{"id":"l","items":[{"id":"m","inner":{"id":"n"}},{"id":"o","x":[{}]}],"y":1},"links":[{"id":"p"},{"id":"q"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, spans, err := jsonld.DecodeJSONSpans(data, 0)
		if err != nil {
			return
		}
		var want outer
		wantErr := Unmarshal(data, &want)
		var got outer
		gotErr := UnmarshalValid(NewText(data, spans), data, &got)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Fatalf("%q: Unmarshal error %v, UnmarshalValid error %v", data, wantErr, gotErr)
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: Unmarshal %+v, UnmarshalValid %+v", data, want, got)
		}
	})
}

// TestValueValidAsValue: ValueValid leaves a value as Value does, error or
// not: null with white space around it, empty text, a pointer already set,
// and a pointer field after its target failed.
func TestValueValidAsValue(t *testing.T) {
	for _, in := range []string{` null`, "null\n", ` `, ``, `{"id":"l"}`, ` {"id":"l","items":[{"id":"m"}]} `, `{"id":5}`, `[1]`, `"x"`} {
		for _, set := range []bool{false, true} {
			var want, got *linked
			if set {
				want, got = &linked{ID: "before"}, &linked{ID: "before"}
			}
			wantErr := Value([]byte(in), &want)
			gotErr := ValueValid(nil, []byte(in), &got)
			if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
				t.Errorf("%q (set %v): Value error %v, ValueValid error %v", in, set, wantErr, gotErr)
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%q (set %v): Value left %+v, ValueValid %+v", in, set, want, got)
			}
		}
	}
	for _, in := range []string{` null`, `[{"id":"a"},null]`, ` [ {"id":"a"} ] `, `{}`, ``} {
		var want, got []linked
		wantErr := Value([]byte(in), &want)
		gotErr := ValueValid(nil, []byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() || !reflect.DeepEqual(want, got) {
			t.Errorf("%q: Value %+v, %v; ValueValid %+v, %v", in, want, wantErr, got, gotErr)
		}
	}
	var wantObj, gotObj outer
	in := []byte(`{"type":"t","link":{"id":5}}`)
	wantErr, gotErr := Unmarshal(in, &wantObj), UnmarshalValid(nil, in, &gotObj)
	if wantErr == nil || gotErr == nil || wantErr.Error() != gotErr.Error() || !reflect.DeepEqual(wantObj, gotObj) {
		t.Errorf("after a failing pointer field: Unmarshal %+v, %v; UnmarshalValid %+v, %v", wantObj, wantErr, gotObj, gotErr)
	}
}

// lateType is registered only after it has been looked up once.
type lateType struct {
	ID string `json:"id"`
}

func (l *lateType) UnmarshalJSON(data []byte) error { return Plain(l, Reader{}, data) }

// TestRegisterAfterLookup: a hook registered after its type was first
// looked up (and found to have none) is used from then on.
func TestRegisterAfterLookup(t *testing.T) {
	if hookFor(reflect.TypeFor[lateType]()) != nil {
		t.Fatal("lateType has a hook before it is registered")
	}
	called := false
	RegisterHook(reflect.TypeFor[lateType](), func(t *Text, data []byte, p any) error {
		called = true
		return Plain(p.(*lateType), ValidReader(t), data)
	})
	var v lateType
	if err := ValueValid(nil, []byte(`{"id":"x"}`), &v); err != nil || v.ID != "x" || !called {
		t.Errorf("the hook registered late was not used: %+v, %v, called %v", v, err, called)
	}
}
