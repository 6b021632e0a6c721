package openbadges_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// checkCodecs walks the exported struct types reachable from roots and
// asserts each has UnmarshalJSON on its pointer and MarshalJSON on its value,
// so that no model struct ever falls back to encoding/json (whose
// case-insensitive member matching would read "ID" as id). Embedded structs
// without a tag are flattened by jsonobj and walked through.
func checkCodecs(t *testing.T, roots ...reflect.Type) []string {
	t.Helper()
	unm := reflect.TypeFor[json.Unmarshaler]()
	mar := reflect.TypeFor[json.Marshaler]()
	seen := map[reflect.Type]bool{}
	var checked []string
	var walk func(reflect.Type, bool)
	walk = func(ty reflect.Type, embedded bool) {
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			walk(ty.Elem(), false)
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[ty] || ty.PkgPath() == "" || !strings.HasPrefix(ty.PkgPath(), "github.com/clrkit/clrkit/") {
			return
		}
		if ownCodecElems[ty] {
			return // decoded by its container's own codec, not as an object
		}
		seen[ty] = true
		if !embedded {
			checked = append(checked, ty.String())
			if ty.Implements(unm) || !reflect.PointerTo(ty).Implements(unm) {
				t.Errorf("%s: UnmarshalJSON must exist with a pointer receiver", ty)
			}
			if !ty.Implements(mar) {
				t.Errorf("%s: MarshalJSON missing on the value", ty)
			}
		}
		for i := range ty.NumField() {
			f := ty.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" && f.Type.Kind() == reflect.Map {
				continue
			}
			walk(f.Type, f.Anonymous && f.Tag.Get("json") == "")
		}
	}
	for _, r := range roots {
		walk(r, false)
	}
	return checked
}

// ownCodecElems are the element structs of value types whose own codec
// reads the elements (vc.Contexts reads URLs and inline contexts, vc.LangString
// reads strings and @value objects); they are never JSON objects decoded
// through jsonobj.
var ownCodecElems = map[reflect.Type]bool{
	reflect.TypeFor[vc.Context]():   true,
	reflect.TypeFor[vc.LangValue](): true,
}

func TestEveryModelStructHasItsOwnCodec(t *testing.T) {
	checked := checkCodecs(t,
		reflect.TypeFor[openbadges.AchievementCredential](),
		reflect.TypeFor[openbadges.EndorsementCredential](),
		reflect.TypeFor[openbadges.GetOpenBadgeCredentialsResponse](),
		reflect.TypeFor[openbadges.ImsxStatusInfo](),
		reflect.TypeFor[vc.Credential](),
	)
	// The walk must have reached every class; name a few deep ones.
	for _, want := range []string{"openbadges.GeoCoordinates", "openbadges.RubricCriterionLevel", "openbadges.ImsxCodeMinorField", "vc.Proof", "vc.RefreshService", "vc.Subject", "vc.Issuer", "openbadges.IdentifierEntry"} {
		found := false
		for _, c := range checked {
			found = found || c == want
		}
		if !found {
			t.Errorf("walk did not reach %s (reached %v)", want, checked)
		}
	}
	if len(checked) < 25 {
		t.Errorf("checked only %d types: %v", len(checked), checked)
	}
}

func parseOB(t *testing.T, doc string) *openbadges.AchievementCredential {
	t.Helper()
	c, err := openbadges.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return c
}

func marshal(t *testing.T, v interface{ MarshalJSON() ([]byte, error) }) string {
	t.Helper()
	b, err := v.MarshalJSON()
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// Member names are case-sensitive: "ID", "Type" and "ValidFrom" are
// extensions, not the declared members, at every depth.
func TestCaseSensitiveNames(t *testing.T) {
	c := parseOB(t, `{"ID":"urn:x","Type":["VerifiableCredential"],"ValidFrom":"2024-01-01T00:00:00Z",
		"credentialSubject":{"Achievement":{"id":"a"},"ID":"s"},"issuer":{"ID":"i","id":"j"}}`)
	if c.ID != "" || len(c.Type) != 0 || c.ValidFrom != "" {
		t.Errorf("declared members filled from other-case names: %q %q %q", c.ID, c.Type, c.ValidFrom)
	}
	for _, k := range []string{"ID", "Type", "ValidFrom"} {
		if _, ok := c.Extensions[k]; !ok {
			t.Errorf("%s not kept as an extension", k)
		}
	}
	if c.CredentialSubject.Achievement != nil || c.CredentialSubject.ID != "" || len(c.CredentialSubject.Extensions) != 2 {
		t.Errorf("subject: %+v", c.CredentialSubject)
	}
	if c.Issuer.ID != "j" || string(c.Issuer.Extensions["ID"]) != `"i"` {
		t.Errorf("issuer: %+v", c.Issuer)
	}
	out := marshal(t, c)
	want := `{"issuer":{"id":"j","ID":"i"},"credentialSubject":{"Achievement":{"id":"a"},"ID":"s"},"ID":"urn:x","Type":["VerifiableCredential"],"ValidFrom":"2024-01-01T00:00:00Z"}`
	if out != want {
		t.Errorf("marshaled\n %s\nwant\n %s", out, want)
	}
}

// Unknown members and extension objects survive, values byte for byte
// (whitespace aside), at every level.
func TestExtensionsSurvive(t *testing.T) {
	doc := `{"@context":["https://www.w3.org/ns/credentials/v2",{"ext":"https://example.org/ext#"}],"type":"OpenBadgeCredential",
	"ext:score":{"value":3.0,"scale":[1,2.50],"nested":{"deep":null}},
	"issuer":{"id":"https://example.org/i","type":"Profile","ext:accredited":true},
	"credentialSubject":{"type":"AchievementSubject","achievement":{"id":"https://example.org/a","type":"Achievement","name":"n","description":"d",
		"criteria":{"narrative":"x","ext:weight":1E2},"alignment":[{"type":"Alignment","targetName":"t","targetUrl":"u","ext:x":"<&>"}]}}}`
	c := parseOB(t, doc)
	if got := string(c.Extensions["ext:score"]); got != `{"value":3.0,"scale":[1,2.50],"nested":{"deep":null}}` {
		t.Errorf("ext:score = %s", got)
	}
	if got := string(c.CredentialSubject.Achievement.Criteria.Extensions["ext:weight"]); got != "1E2" {
		t.Errorf("ext:weight = %s", got)
	}
	out := marshal(t, c)
	for _, frag := range []string{`"ext:score":{"value":3.0,"scale":[1,2.50],"nested":{"deep":null}}`, `"ext:accredited":true`, `"ext:weight":1E2`, `"ext:x":"<&>"`, `{"ext":"https://example.org/ext#"}`} {
		if !strings.Contains(out, frag) {
			t.Errorf("%s lost: %s", frag, out)
		}
	}
	// The extension that shadows a declared member fails to marshal.
	c.CredentialSubject.Achievement.Extensions = vc.Extensions{"name": json.RawMessage(`"shadow"`)}
	_, err := c.MarshalJSON()
	if !errors.Is(err, jsonobj.ErrShadowed) {
		t.Errorf("shadowing extension: %v", err)
	}
}

func TestNumbersAndDatesKeptExactly(t *testing.T) {
	c := parseOB(t, `{"validFrom":"2024-06-01T00:00:00.000+00:00","credentialSubject":{"type":"AchievementSubject","creditsEarned":3.0,
		"achievement":{"id":"a","type":"Achievement","name":"n","description":"d","creditsAvailable":3}},
		"issuer":{"id":"i","address":{"type":"Address","geo":{"type":"GeoCoordinates","latitude":-12.50,"longitude":1e1}}}}`)
	if c.CredentialSubject.CreditsEarned != "3.0" || c.CredentialSubject.Achievement.CreditsAvailable != "3" {
		t.Errorf("numbers %q %q", c.CredentialSubject.CreditsEarned, c.CredentialSubject.Achievement.CreditsAvailable)
	}
	if c.Issuer.Address.Geo.Latitude != "-12.50" || c.Issuer.Address.Geo.Longitude != "1e1" {
		t.Errorf("geo %+v", c.Issuer.Address.Geo)
	}
	out := marshal(t, c)
	for _, frag := range []string{`"creditsEarned":3.0`, `"creditsAvailable":3}`, `"latitude":-12.50`, `"longitude":1e1`, `"validFrom":"2024-06-01T00:00:00.000+00:00"`} {
		if !strings.Contains(out, frag) {
			t.Errorf("%s not kept: %s", frag, out)
		}
	}
	_, err := openbadges.Parse([]byte(`{"credentialSubject":{"achievement":{"creditsAvailable":"3"}}}`))
	if err == nil || err.Error() != "openbadges: AchievementCredential: credentialSubject.achievement.creditsAvailable: expected a number, got a string" {
		t.Errorf("string number: %v", err)
	}
}

func TestProfileAndImageForms(t *testing.T) {
	c := parseOB(t, `{"image":"https://example.org/i.png","issuer":"https://example.org/issuer",
		"credentialSubject":{"type":"AchievementSubject","image":{"id":"https://example.org/s.png","type":["Image"]},
		"source":{"id":"https://example.org/src"},
		"achievement":{"id":"a","type":"Achievement","name":"n","description":"d","image":{"id":"data:image/png;base64,AA==","type":"Image","caption":"c"},
			"creator":{"id":"https://example.org/c","type":"Profile","name":"C"}}}}`)
	if c.Image.ID != "https://example.org/i.png" || c.Image.Type != "" || c.Issuer.ID != "https://example.org/issuer" || !c.Issuer.IsRef() {
		t.Errorf("bare URLs: %+v %+v", c.Image, c.Issuer)
	}
	if c.CredentialSubject.Image.Type != "Image" {
		t.Errorf("single type from a one-element array: %q", c.CredentialSubject.Image.Type)
	}
	out := marshal(t, c)
	for _, frag := range []string{
		`"image":"https://example.org/i.png"`, `"issuer":"https://example.org/issuer"`,
		`"source":"https://example.org/src"`, // an id-only object is written as the bare URL
		`"image":{"id":"https://example.org/s.png","type":"Image"}`,
		`"image":{"id":"data:image/png;base64,AA==","type":"Image","caption":"c"}`,
		`"creator":{"id":"https://example.org/c","type":["Profile"],"name":"C"}`,
	} {
		if !strings.Contains(out, frag) {
			t.Errorf("%s not in %s", frag, out)
		}
	}
	if _, err := openbadges.Parse([]byte(`{"image":{"id":"x","type":["Image","Other"]}}`)); err == nil || !strings.Contains(err.Error(), "image.type: expected one type, got 2") {
		t.Errorf("two image types: %v", err)
	}
}

func TestLangStringMembers(t *testing.T) {
	c := parseOB(t, `{"name":[{"@value":"Badge","@language":"en"},{"@value":"Insigne","@language":"fr"}],"description":"plain",
		"credentialSubject":{"type":"AchievementSubject","achievement":{"id":"a","type":"Achievement","name":{"@value":"Teamwork","@language":"en"},"description":"d"}}}`)
	if fr, _ := c.Name.In("fr"); fr != "Insigne" || c.Description.String() != "plain" {
		t.Errorf("%+v %+v", c.Name, c.Description)
	}
	out := marshal(t, c)
	for _, frag := range []string{`"name":[{"@value":"Badge","@language":"en"},{"@value":"Insigne","@language":"fr"}]`, `"description":"plain"`, `"name":{"@value":"Teamwork","@language":"en"}`} {
		if !strings.Contains(out, frag) {
			t.Errorf("%s not in %s", frag, out)
		}
	}
}

func TestNullMembersAndProofLast(t *testing.T) {
	c := parseOB(t, `{"proof":{"type":"DataIntegrityProof","proofValue":"z1"},"name":null,"image":null,"zz":1,"id":"urn:x",
		"credentialSubject":{"type":"AchievementSubject","achievement":null,"result":null}}`)
	if c.Image != nil || c.Name != nil || c.CredentialSubject.Achievement != nil {
		t.Errorf("nulls decoded to values")
	}
	out := marshal(t, c)
	want := `{"id":"urn:x","credentialSubject":{"type":["AchievementSubject"]},"zz":1,"proof":[{"type":"DataIntegrityProof","proofValue":"z1"}]}`
	if out != want {
		t.Errorf("marshaled\n %s\nwant\n %s", out, want)
	}
}

func TestParseErrors(t *testing.T) {
	const p = "openbadges: AchievementCredential: "
	for _, tc := range []struct{ name, doc, msg string }{
		{"array", `[]`, "not a JSON object: got an array"},
		{"string", `"x"`, "not a JSON object: got a string"},
		{"empty", ``, "not a JSON object: got nothing"},
		{"truncated", `{"id":"x"`, "invalid JSON: unexpected end of JSON input"},
		{"trailing", `{} []`, "invalid JSON: invalid character '[' after top-level value"},
		{"duplicate", `{"type":"A","type":"B"}`, "type: duplicate member"},
		{"id number", `{"id":1}`, "id: expected a string, got a number"},
		{"context", `{"@context":[1]}`, "@context[0]: a context entry must be a URL or an object, got a number"},
		{"issuer array", `{"issuer":["x"]}`, "issuer: not a JSON object: got an array"},
		{"issuer name", `{"issuer":{"id":"x","name":{"@value":1}}}`, "issuer.name.@value: expected a string, got a number"},
		{"subject string", `{"credentialSubject":"did:x"}`, "credentialSubject: not a JSON object: got a string"},
		{"result value", `{"credentialSubject":{"result":[{"type":"Result","value":"A"},{"type":"Result","value":4}]}}`, "credentialSubject.result[1].value: expected a string, got a number"},
		{"result status", `{"credentialSubject":{"result":{"status":true}}}`, "credentialSubject.result.status: expected a string, got a boolean"},
		{"hashed", `{"credentialSubject":{"identifier":[{"hashed":"false"}]}}`, "credentialSubject.identifier[0].hashed: expected a boolean, got a string"},
		{"alignment", `{"credentialSubject":{"achievement":{"alignment":[{},{"targetUrl":{}}]}}}`, "credentialSubject.achievement.alignment[1].targetUrl: expected a string, got an object"},
		{"rubric", `{"credentialSubject":{"achievement":{"resultDescription":[{"rubricCriterionLevel":[{"points":5}]}]}}}`, "credentialSubject.achievement.resultDescription[0].rubricCriterionLevel[0].points: expected a string, got a number"},
		{"tag", `{"credentialSubject":{"achievement":{"tag":["a",null]}}}`, "credentialSubject.achievement.tag[1]: expected a string, got null"},
		{"endorsement", `{"endorsement":[{"issuer":{"id":3}}]}`, "endorsement[0].issuer.id: expected a string, got a number"},
		{"evidence dup", `{"evidence":[{"id":"a","id":"a"}]}`, "evidence[0].id: duplicate member"},
		{"geo", `{"issuer":{"address":{"geo":{"latitude":"1"}}}}`, "issuer.address.geo.latitude: expected a number, got a string"},
		{"proof type", `{"proof":[{"type":3}]}`, "proof[0].type: expected a string, got a number"},
		{"deep duplicate", `{"credentialSubject":{"achievement":{"criteria":{"narrative":"a","narrative":"b"}}}}`, "credentialSubject.achievement.criteria.narrative: duplicate member"},
	} {
		_, err := openbadges.Parse([]byte(tc.doc))
		if err == nil || err.Error() != p+tc.msg {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, p+tc.msg)
		}
	}
	var je *jsonobj.Error
	_, err := openbadges.Parse([]byte(`{"credentialSubject":{"result":[{},{"value":4}]}}`))
	if !errors.As(err, &je) || je.Path != "credentialSubject.result[1].value" {
		t.Errorf("error path: %v", err)
	}
}

func TestParseEndorsementErrors(t *testing.T) {
	for doc, msg := range map[string]string{
		`{"credentialSubject":{"id":["x"]}}`: "openbadges: EndorsementCredential: credentialSubject.id: expected a string, got an array",
		`{"name":3}`:                         "openbadges: EndorsementCredential: name: expected a string or a language value object, got a number",
		`{"credentialSubject":{"endorsementComment":"a","endorsementComment":"b"}}`: "openbadges: EndorsementCredential: credentialSubject.endorsementComment: duplicate member",
	} {
		if _, err := openbadges.ParseEndorsement([]byte(doc)); err == nil || err.Error() != msg {
			t.Errorf("%s:\n got %v\nwant %s", doc, err, msg)
		}
	}
}

// The spec's equality samples through the typed credential.
func TestIdentityEqualitySamples(t *testing.T) {
	id := func(s string) vc.Identity {
		c, err := openbadges.Parse(readFile(t, "testdata/ob3-equality-sample-"+s+".unsigned.json"))
		if err != nil {
			t.Fatal(err)
		}
		return c.Identity()
	}
	a, b, cc, d := id("A"), id("B"), id("C"), id("D")
	if a.Issuer != "https://example.edu/issuers/565049" || a.ID != "http://example.edu/credentials/3732" {
		t.Errorf("identity %+v", a)
	}
	for _, x := range []vc.Identity{b, cc, d} {
		if !a.Same(x) {
			t.Errorf("A and %+v not the same credential", x)
		}
	}
	if n, err := a.Compare(cc); n != -1 || err != nil {
		t.Errorf("A vs C: %d %v", n, err)
	}
	if n, err := cc.Compare(d); n != 1 || err != nil {
		t.Errorf("C vs D: %d %v", n, err)
	}
	if n, err := b.Compare(d); n != 0 || err != nil {
		t.Errorf("B vs D: %d %v", n, err)
	}
}

func TestEnums(t *testing.T) {
	for _, ok := range []bool{
		openbadges.AchievementTypeBadge.Valid(), openbadges.AchievementType("ext:Custom").Valid(),
		openbadges.ResultTypeLetterGrade.Valid(), openbadges.ResultStatusType("Completed").Valid(),
		openbadges.AlignmentTargetType("CFItem").Valid(), openbadges.IdentifierType("emailAddress").Valid(),
	} {
		if !ok {
			t.Error("a vocabulary term is not Valid")
		}
	}
	for _, bad := range []bool{
		openbadges.AchievementType("badge").Valid(), openbadges.AchievementType("ext:").Valid(),
		openbadges.ResultStatusType("ext:Paused").Valid(), // closed vocabulary
		openbadges.ResultType("").Valid(),
	} {
		if bad {
			t.Error("a non-term is Valid")
		}
	}
}

func TestRawIsACopy(t *testing.T) {
	data := readFile(t, "testdata/ob3-basic.signed.json")
	c, err := openbadges.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	data[0] = ' '
	if c.Raw()[0] != '{' {
		t.Error("Raw aliases the input")
	}
	if (&openbadges.AchievementCredential{}).Raw() != nil {
		t.Error("built credential has Raw")
	}
}

// TestParseDeepNesting: a profile nested thousands of levels deep through
// parentOrg (which once took tens of seconds to parse, each level checking
// all below it again) is refused at once as too deep.
func TestParseDeepNesting(t *testing.T) {
	const depth = 5000
	issuer := strings.Repeat(`{"id":"https://example.edu/o","type":"Profile","parentOrg":`, depth) + `"https://example.edu/root"` + strings.Repeat(`}`, depth)
	doc := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"issuer":` + issuer + `}`
	if _, err := openbadges.Parse([]byte(doc)); !errors.Is(err, jsonobj.ErrTooDeep) {
		t.Fatalf("got %v, want ErrTooDeep", err)
	}
}
