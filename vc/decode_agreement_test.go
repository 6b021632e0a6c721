package vc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/testkit/corpus"
)

// TestDecodeAgreesWithCheck: readCredential lets the tree decoder's
// acceptance stand for jsonobj.Check's (duplicate members, I-JSON, depth),
// and the verification paths rely on the converse: a JSON object that does
// not decode is one Check refuses, with the reason. On every input of both
// packages' fuzz corpora, the module's test data and the edge cases below,
// for JSON objects, decodeTree accepts exactly what jsonobj.Check accepts.
func TestDecodeAgreesWithCheck(t *testing.T) {
	inputs := corpus.Inputs(t, "../internal/jsonobj/testdata/fuzz/FuzzCheck")
	inputs = append(inputs, corpus.Inputs(t, "../internal/jsonobj/testdata/fuzz/FuzzMembers")...)
	inputs = append(inputs, corpus.Inputs(t, "../internal/jsonld/testdata/fuzz/FuzzDecodeJSON")...)
	if len(inputs) < 100 {
		t.Fatalf("only %d corpus inputs", len(inputs))
	}
	deep := func(n int) []byte {
		return []byte(`{"a":` + strings.Repeat(`[`, n) + strings.Repeat(`]`, n) + `}`)
	}
	inputs = append(inputs, deep(62), deep(63), deep(64), deep(65),
		[]byte(`{"a":1,"a":1}`), []byte(`{"a":{"b":1,"b":2}}`), []byte(`{"a":"\ud800"}`), []byte(`{"a":1e400}`),
		[]byte("{\"a\":\"\xff\"}"), []byte(`{"a":"\u0000"}`), []byte(`{"\u0061":1,"a":2}`), []byte(`{"a":-0}`))
	inputs = append(inputs, corpus.TestdataJSON(t, "..")...)
	accepted := 0
	for _, in := range inputs {
		trimmed := bytes.TrimSpace(in)
		if len(trimmed) == 0 || trimmed[0] != '{' {
			continue
		}
		tree := decodeTree(trimmed)
		err := jsonobj.Check(trimmed)
		switch {
		case tree != nil && err != nil:
			t.Errorf("the tree decoder accepts %q, jsonobj.Check refuses it: %v", in, err)
		case tree == nil && err == nil:
			t.Errorf("jsonobj.Check accepts %q, the tree decoder refuses it", in)
		}
		if tree != nil {
			accepted++
		}
	}
	if accepted < 500 {
		t.Fatalf("only %d inputs accepted: the test checks little", accepted)
	}
}

// TestObjectKindAgrees: verify tells enveloped credentials and
// presentations apart from the decoded tree when there is one; that must
// say what isEnveloped and IsPresentation say from the bytes. Checked on
// every JSON file of the module's test data, the fuzz corpora, and every
// form a type member can take.
func TestObjectKindAgrees(t *testing.T) {
	inputs := corpus.Inputs(t, "testdata/fuzz/FuzzVerify")
	inputs = append(inputs, corpus.Inputs(t, "../internal/jsonobj/testdata/fuzz/FuzzMembers")...)
	inputs = append(inputs, corpus.Inputs(t, "../internal/jsonobj/testdata/fuzz/FuzzCheck")...)
	inputs = append(inputs, corpus.Inputs(t, "../internal/jsonld/testdata/fuzz/FuzzDecodeJSON")...)
	inputs = append(inputs, corpus.TestdataJSON(t, "..")...)
	for _, typ := range []string{
		`"VerifiablePresentation"`, `["VerifiablePresentation"]`, `["VerifiablePresentation",1]`,
		`[1,"VerifiablePresentation"]`, `["VerifiablePresentation",null]`, `"EnvelopedVerifiableCredential"`,
		`["EnvelopedVerifiablePresentation"]`, `["EnvelopedVerifiableCredential",{}]`, `null`, `1`, `{}`, `[]`,
		`["VerifiableCredential","VerifiablePresentation"]`, `"Verifiable\u0050resentation"`, `[[]]`, `true`,
	} {
		inputs = append(inputs, []byte(`{"type":`+typ+`}`), []byte(`{"id":"x","type":`+typ+`,"a":[1,2]}`),
			[]byte(`{"a":{"type":"VerifiablePresentation"},"type":`+typ+`}`))
	}
	objects := 0
	for _, in := range inputs {
		in = bytes.TrimSpace(in)
		tree := decodeTree(in)
		if tree == nil {
			continue // objectKind reads the bytes with the very functions it is compared with
		}
		objects++
		env, pres := objectKind(in, tree)
		if env != isEnveloped(in) || pres != IsPresentation(in) {
			t.Errorf("objectKind says enveloped %v, presentation %v; the bytes say %v, %v: %q",
				env, pres, isEnveloped(in), IsPresentation(in), in)
		}
	}
	if objects < 500 {
		t.Fatalf("only %d decoded objects: the test checks little", objects)
	}
}
