package clr_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/vc"
)

// Every struct reachable from the CLR types decodes and encodes through its
// own methods (and so through jsonobj), never through encoding/json's
// case-insensitive matching. openbadges/model_test.go walks the OB and vc
// types the same way.
func TestEveryModelStructHasItsOwnCodec(t *testing.T) {
	unm := reflect.TypeFor[json.Unmarshaler]()
	mar := reflect.TypeFor[json.Marshaler]()
	skip := map[reflect.Type]bool{reflect.TypeFor[vc.Context](): true, reflect.TypeFor[vc.LangValue](): true}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, bool)
	walk = func(ty reflect.Type, embedded bool) {
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(ty.Elem(), false)
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[ty] || skip[ty] || !strings.HasPrefix(ty.PkgPath(), "github.com/clrkit/clrkit/") {
			return
		}
		seen[ty] = true
		if !embedded && (ty.Implements(unm) || !reflect.PointerTo(ty).Implements(unm) || !ty.Implements(mar)) {
			t.Errorf("%s: needs UnmarshalJSON on the pointer and MarshalJSON on the value", ty)
		}
		for i := range ty.NumField() {
			if f := ty.Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				walk(f.Type, f.Anonymous && f.Tag.Get("json") == "")
			}
		}
	}
	walk(reflect.TypeFor[clr.ClrCredential](), false)
	walk(reflect.TypeFor[clr.GetClrCredentialsResponse](), false)
	for _, want := range []reflect.Type{reflect.TypeFor[clr.NestedCredential](), reflect.TypeFor[clr.Association](), reflect.TypeFor[clr.ClrSubject](), reflect.TypeFor[vc.Proof]()} {
		if !seen[want] {
			t.Errorf("walk did not reach %s", want)
		}
	}
}

func TestParseCLRFixture(t *testing.T) {
	c, err := clr.Parse(readFile(t, "testdata/clr-3creds.signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Type.Has(clr.TypeClrCredential) || c.Version() != vc.Version2 || c.Name.String() == "" {
		t.Errorf("credential: %v %v %q", c.Type, c.Version(), c.Name)
	}
	s := c.CredentialSubject
	if len(s.VerifiableCredential) != 3 || len(s.Achievement) != 3 || len(s.Association) != 1 {
		t.Fatalf("subject: %d credentials, %d achievements, %d associations", len(s.VerifiableCredential), len(s.Achievement), len(s.Association))
	}
	a := s.Association[0]
	want := clr.Association{Type: "Association", AssociationType: clr.IsPartOf, SourceID: "https://example.edu/courses/cs101", TargetID: "https://example.edu/degrees/bs-cs"}
	if !reflect.DeepEqual(a, want) || !a.AssociationType.Valid() {
		t.Errorf("association %+v", a)
	}
	// The association's ids name achievements of the CLR.
	ids := map[string]bool{}
	for _, ach := range s.Achievement {
		ids[ach.ID] = true
	}
	if !ids[a.SourceID] || !ids[a.TargetID] {
		t.Errorf("association ids %s, %s not among %v", a.SourceID, a.TargetID, ids)
	}
	if len(c.Proof) != 1 || c.Proof[0].Cryptosuite != "eddsa-rdfc-2022" {
		t.Errorf("proof %+v", c.Proof)
	}
	for i, n := range s.VerifiableCredential {
		ob, err := n.Achievement()
		if err != nil {
			t.Fatalf("[%d]: %v", i, err)
		}
		if len(ob.Proof) != 1 {
			t.Errorf("[%d] nested credential without its own proof", i)
		}
	}
}

func TestNestedJWT(t *testing.T) {
	jwt := strings.TrimSpace(string(readFile(t, "testdata/ob3-basic.eddsa.jwt")))
	doc := `{"type":"ClrCredential","credentialSubject":{"type":"ClrSubject","verifiableCredential":["` + jwt + `",{"id":"urn:x" , "type":"VerifiableCredential"}]}}`
	c, err := clr.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	vcs := c.CredentialSubject.VerifiableCredential
	if !vcs[0].IsJWT() || vcs[0].JWT != jwt || vcs[0].JSON != nil || vcs[1].IsJWT() || string(vcs[1].JSON) != `{"id":"urn:x" , "type":"VerifiableCredential"}` {
		t.Fatalf("%+v", vcs)
	}
	if _, err := vcs[0].Achievement(); err == nil {
		t.Error("a JWT entry read before verification")
	}
	out, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":["ClrCredential"],"credentialSubject":{"type":["ClrSubject"],"verifiableCredential":["` + jwt + `",{"id":"urn:x","type":"VerifiableCredential"}]}}`
	if string(out) != want {
		t.Errorf("marshaled\n %s\nwant\n %s", out, want)
	}
	n, err := clr.JWT(jwt)
	if err != nil || n.JWT != jwt {
		t.Errorf("JWT(): %v", err)
	}
	for _, bad := range []string{"", "a.b", "a.b.c.d", "a..", "a.b.c=", "a.b.c d", jwt + "\n"} {
		if _, err := clr.JWT(bad); !errors.Is(err, clr.ErrNotCompactJWS) {
			t.Errorf("JWT(%q): %v", bad, err)
		}
	}
	if n, err := clr.JWT("a..c"); err != nil || !n.IsJWT() { // an empty payload matches the model's pattern
		t.Errorf("JWT(a..c): %v", err)
	}
}

func TestEmbedded(t *testing.T) {
	data := readFile(t, "testdata/clr-3creds.signed.json")
	n, err := clr.Embedded(data)
	if err != nil || !bytes.Equal(n.JSON, bytes.TrimSpace(data)) {
		t.Fatalf("Embedded: %v", err)
	}
	data[0] = ' '
	if n.JSON[0] != '{' {
		t.Error("Embedded aliases its input")
	}
	if _, err := clr.Embedded([]byte(`"x.y.z"`)); err != nil {
		t.Errorf("Embedded of a JWT string: %v", err)
	}
	if _, err := (clr.NestedCredential{}).MarshalJSON(); err == nil {
		t.Error("empty nested credential marshaled")
	}
}

func TestParseErrors(t *testing.T) {
	const p = "clr: ClrCredential: "
	for _, tc := range []struct{ name, doc, msg string }{
		{"not an object", `["x"]`, "not a JSON object: got an array"},
		{"nested number", `{"credentialSubject":{"verifiableCredential":[{},3]}}`, "credentialSubject.verifiableCredential[1]: a nested credential is an object or a compact JWS, got a number"},
		{"nested array", `{"credentialSubject":{"verifiableCredential":[[{}]]}}`, "credentialSubject.verifiableCredential[0]: a nested credential is an object or a compact JWS, got an array"},
		{"nested null", `{"credentialSubject":{"verifiableCredential":[null]}}`, "credentialSubject.verifiableCredential[0]: a nested credential is an object or a compact JWS, got null"},
		{"bad JWS", `{"credentialSubject":{"verifiableCredential":"not a jws"}}`, "credentialSubject.verifiableCredential: clr: not a compact JWS"},
		{"bad JWS in array", `{"credentialSubject":{"verifiableCredential":["a.b.c","a.b"]}}`, "credentialSubject.verifiableCredential[1]: clr: not a compact JWS"},
		{"JWS with escape", `{"credentialSubject":{"verifiableCredential":["a.b.c\n"]}}`, "credentialSubject.verifiableCredential[0]: clr: not a compact JWS"},
		{"nested duplicate", `{"credentialSubject":{"verifiableCredential":[{"id":"a","id":"b"}]}}`, "credentialSubject.verifiableCredential[0].id: duplicate member"},
		{"deep nested duplicate", `{"credentialSubject":{"verifiableCredential":{"credentialSubject":{"result":[{},{"value":"A","value":"F"}]}}}}`, "credentialSubject.verifiableCredential.credentialSubject.result[1].value: duplicate member"},
		// Syntax is checked for the whole document before any member is read.
		{"nested invalid", `{"credentialSubject":{"verifiableCredential":[{"a":1,}]}}`, "invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"association", `{"credentialSubject":{"association":[{"type":"Association","sourceId":1}]}}`, "credentialSubject.association[0].sourceId: expected a string, got a number"},
		{"association type", `{"credentialSubject":{"association":{"type":["Association","X"]}}}`, "credentialSubject.association.type: expected one type, got 2"},
		{"achievement", `{"credentialSubject":{"achievement":[{"id":"a","name":{"@value":"n","x":1}}]}}`, "credentialSubject.achievement[0].name.x: a language value object has only @value, @language and @direction"},
		{"partial", `{"partial":"yes"}`, "partial: expected a boolean, got a string"},
		{"identifier", `{"credentialSubject":{"identifier":{"identityHash":false}}}`, "credentialSubject.identifier.identityHash: expected a string, got a boolean"},
	} {
		_, err := clr.Parse([]byte(tc.doc))
		if err == nil || err.Error() != p+tc.msg {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, p+tc.msg)
		}
	}
	var je *jsonobj.Error
	if _, err := clr.Parse([]byte(`{"credentialSubject":{"verifiableCredential":["x"]}}`)); !errors.Is(err, clr.ErrNotCompactJWS) || !errors.As(err, &je) {
		t.Errorf("errors.Is/As through the path: %v", err)
	}
}

func TestPartialAndAssociationTypes(t *testing.T) {
	for _, doc := range []string{`{"partial":false}`, `{"partial":true}`} {
		c, err := clr.Parse([]byte(doc))
		if err != nil || c.Partial == nil {
			t.Fatalf("%s: %v", doc, err)
		}
		out, _ := c.MarshalJSON()
		if string(out) != doc {
			t.Errorf("%s marshaled as %s", doc, out)
		}
	}
	for _, at := range []clr.AssociationType{clr.ExactMatchOf, clr.IsChildOf, clr.IsParentOf, clr.IsPartOf, clr.IsPeerOf, clr.IsRelatedTo, clr.Precedes, clr.ReplacedBy} {
		if !at.Valid() {
			t.Errorf("%s not Valid", at)
		}
	}
	for _, at := range []clr.AssociationType{"", "ext:isSimilarTo", "IsPartOf"} {
		if at.Valid() {
			t.Errorf("%q Valid", at)
		}
	}
}

func TestGetClrCredentialsResponse(t *testing.T) {
	c := readFile(t, "testdata/clr-3creds.signed.json")
	doc := `{"credential":[` + string(c) + `],"compactJwsString":"a.b.c"}`
	var r clr.GetClrCredentialsResponse
	if err := json.Unmarshal([]byte(doc), &r); err != nil {
		t.Fatal(err)
	}
	// An element's raw bytes are the element's, without the white space
	// around it.
	if len(r.Credential) != 1 || !bytes.Equal(r.Credential[0].Raw(), bytes.TrimSpace(c)) || len(r.CompactJwsString) != 1 {
		t.Fatalf("response: %d credentials", len(r.Credential))
	}
	out, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back clr.GetClrCredentialsResponse
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalJSON()
	if !bytes.Equal(out, again) {
		t.Error("response round trip not idempotent")
	}
}
