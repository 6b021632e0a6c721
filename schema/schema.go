package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed files/INDEX.json files/*_schema.json files/formal/*.json files/extensions/*.json
var embedded embed.FS

// Sentinel errors. Errors returned by this package wrap one of them.
var (
	// ErrUnparseable: the document is not a single JSON value.
	ErrUnparseable = errors.New("schema: document is not valid JSON")
	// ErrUnknownKind: no embedded schema applies to the document's type.
	ErrUnknownKind = errors.New("schema: no schema for the document's type")
	// ErrUnknownSchema: a schema id is not one of the embedded schemas.
	// Nothing is ever fetched over the network.
	ErrUnknownSchema = errors.New("schema: unknown schema id")
	// ErrInvalid is what a failing Report matches with errors.Is.
	ErrInvalid = errors.New("schema: document is invalid")
)

// Kind names a top-level class that has its own schema.
type Kind string

// The kinds with an embedded schema.
const (
	AchievementCredential           Kind = "AchievementCredential"
	EndorsementCredential           Kind = "EndorsementCredential"
	ClrCredential                   Kind = "ClrCredential"
	Profile                         Kind = "Profile"
	GetOpenBadgeCredentialsResponse Kind = "GetOpenBadgeCredentialsResponse"
	GetClrCredentialsResponse       Kind = "GetClrCredentialsResponse"
	ImsxStatusInfo                  Kind = "Imsx_StatusInfo"
)

// CredentialSchemaType is the credentialSchema type that names a JSON Schema
// to validate against.
const CredentialSchemaType = "1EdTechJsonSchemaValidator2019"

const (
	obJSON  = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
	clrJSON = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/"
)

// kinds maps each kind to its JSON-LD-adapted schema id and its formal schema
// id ("" when no formal schema was published).
var kinds = map[Kind]struct{ adapted, formal string }{
	AchievementCredential:           {obJSON + "ob_v3p0_achievementcredential_schema.json", obJSON + "ob_v3p0_achievementcredential-jsonschema1.json"},
	EndorsementCredential:           {obJSON + "ob_v3p0_endorsementcredential_schema.json", obJSON + "ob_v3p0_endorsementcredential-jsonschema1.json"},
	Profile:                         {obJSON + "ob_v3p0_profile_schema.json", obJSON + "ob_v3p0_profile-jsonschema1.json"},
	GetOpenBadgeCredentialsResponse: {obJSON + "ob_v3p0_getopenbadgecredentialsresponse_schema.json", obJSON + "ob_v3p0_getopenbadgecredentialsresponse-jsonschema1.json"},
	ImsxStatusInfo:                  {obJSON + "ob_v3p0_imsx_statusinfo_schema.json", obJSON + "ob_v3p0_imsx_statusinfo-jsonschema1.json"},
	ClrCredential:                   {clrJSON + "clr_v2p0_clrcredential_schema.json", ""},
	GetClrCredentialsResponse:       {clrJSON + "clr_v2p0_getclrcredentialsresponse_schema.json", ""},
}

// Options tune one validation.
type Options struct {
	// Strict selects the formal schemas, which require arrays for
	// multi-valued properties: what an issuer should emit. Without it the
	// JSON-LD-adapted schemas are used, which also accept compacted single
	// values and language maps: what a verifier should accept. CLR 2.0 has
	// no published formal schema; its adapted one is used either way and the
	// report says so.
	Strict bool
	// Kind, when set, overrides the selection by the document's type.
	Kind Kind
	// SkipUnknownSchemas makes a credentialSchema id that is not embedded
	// a note in the Report (listed in Report.Skipped) instead of an
	// ErrUnknownSchema error, so that the document is still checked against
	// the schemas that are known. Verifiers use it; nothing is fetched
	// either way.
	SkipUnknownSchemas bool
}

// Validator validates documents against the embedded schemas. The zero value
// is ready to use and it is safe for concurrent use; it exists so that an
// opt-in loader for other schemas can be configured on it later.
type Validator struct{}

// New returns a Validator that knows only the embedded schemas.
func New() *Validator { return &Validator{} }

// Validate is New().Validate(doc, opts).
func Validate(doc any, opts Options) (*Report, error) { return New().Validate(doc, opts) }

// Validate checks doc, given as JSON bytes (a []byte, json.RawMessage or
// string) or as a value that encoding/json can marshal, against the schema
// its type selects and against every embedded schema that its
// credentialSchema entries of type 1EdTechJsonSchemaValidator2019 name. The
// returned error is non-nil only when validation could not run (unparseable
// document, unknown kind or schema id); a document that fails its schemas
// yields a Report with Valid false.
func (v *Validator) Validate(doc any, opts Options) (*Report, error) {
	inst, err := toInstance(doc)
	if err != nil {
		return nil, err
	}
	return v.ValidateValue(inst, opts)
}

// ValidateValue is Validate on a document already decoded as a generic JSON
// value: maps, slices, strings, json.Number (numbers must be json.Number,
// as json.Decoder.UseNumber and proof/ld.DecodeJSON decode them), bools and
// nil. inst is only read, so one decoded tree can serve several readers.
func (v *Validator) ValidateValue(inst any, opts Options) (*Report, error) {
	k := opts.Kind
	if k == "" {
		if k = detectKind(inst); k == "" {
			return nil, fmt.Errorf("%w: cannot tell the kind of document from its type", ErrUnknownKind)
		}
	}
	ids, ok := kinds[k]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownKind, k)
	}
	r := &Report{Kind: k, Flavour: "adapted"}
	id := ids.adapted
	if opts.Strict {
		if ids.formal != "" {
			id, r.Flavour = ids.formal, "formal"
		} else {
			r.Notes = append(r.Notes, fmt.Sprintf("no formal schema was published for %s; validated against the JSON-LD-adapted one", k))
		}
	}
	want := []string{id}
	for _, cs := range credentialSchemas(inst) {
		if _, known := index()[cs]; !known {
			if opts.SkipUnknownSchemas {
				r.Skipped = append(r.Skipped, cs)
				continue
			}
			return nil, fmt.Errorf("%w: credentialSchema %q is not embedded (no schema is fetched)", ErrUnknownSchema, cs)
		}
		if !contains(want, cs) {
			want = append(want, cs)
		}
	}
	for _, id := range want {
		fast, err := fastOf(id)
		if err != nil {
			return nil, err
		}
		r.Schemas = append(r.Schemas, id)
		if fast != nil && fast.check(inst) == fastValid {
			continue // the library would find nothing: no need to ask it why
		}
		sch, err := compiled(id)
		if err != nil {
			return nil, err
		}
		if err := sch.Validate(inst); err != nil {
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				return nil, fmt.Errorf("schema: validating against %s: %w", id, err)
			}
			r.Problems = append(r.Problems, problems(ve)...)
		}
	}
	r.Problems = append(r.Problems, identityHashProblems(inst, nil)...)
	sortProblems(r.Problems)
	r.Valid = len(r.Problems) == 0
	return r, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// toInstance turns doc into the generic JSON value the validator walks,
// keeping numbers exact.
func toInstance(doc any) (any, error) {
	var data []byte
	switch d := doc.(type) {
	case []byte:
		data = d
	case json.RawMessage:
		data = d
	case string:
		data = []byte(d)
	default:
		b, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnparseable, err)
		}
		data = b
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnparseable, err)
	}
	return v, nil
}

// types returns the strings of a type member, string or array.
func types(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// detectKind picks the schema kind from the document's type, or, for the
// API payloads that carry no type, from their members.
func detectKind(inst any) Kind {
	obj, ok := inst.(map[string]any)
	if !ok {
		return ""
	}
	ts := types(obj["type"])
	has := func(names ...string) bool {
		for _, n := range names {
			if contains(ts, n) {
				return true
			}
		}
		return false
	}
	switch {
	case has("ClrCredential"):
		return ClrCredential
	case has("EndorsementCredential"):
		return EndorsementCredential
	case has("AchievementCredential", "OpenBadgeCredential"):
		return AchievementCredential
	case has("Profile"):
		return Profile
	case len(ts) > 0:
		return ""
	}
	if _, ok := obj["imsx_codeMajor"]; ok {
		return ImsxStatusInfo
	}
	_, hasCred := obj["credential"]
	_, hasJWS := obj["compactJwsString"]
	if !hasCred && !hasJWS {
		return ""
	}
	if creds, ok := obj["credential"].([]any); ok {
		for _, c := range creds {
			if m, ok := c.(map[string]any); ok && contains(types(m["type"]), "ClrCredential") {
				return GetClrCredentialsResponse
			}
		}
	}
	return GetOpenBadgeCredentialsResponse
}

// credentialSchemas returns the ids of the document's credentialSchema
// entries of type 1EdTechJsonSchemaValidator2019.
func credentialSchemas(inst any) []string {
	obj, ok := inst.(map[string]any)
	if !ok {
		return nil
	}
	var entries []any
	switch cs := obj["credentialSchema"].(type) {
	case []any:
		entries = cs
	case map[string]any:
		entries = []any{cs}
	}
	var ids []string
	for _, e := range entries {
		m, ok := e.(map[string]any)
		if !ok || !contains(types(m["type"]), CredentialSchemaType) {
			continue
		}
		if id, ok := m["id"].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// IDs returns the $id of every embedded schema, sorted.
func IDs() []string {
	ids := make([]string, 0, len(index()))
	for id := range index() {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// index maps each embedded schema's $id to its file, read once.
var index = sync.OnceValue(func() map[string]string {
	data, err := embedded.ReadFile("files/INDEX.json")
	if err != nil {
		panic("schema: embedded INDEX.json missing: " + err.Error())
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		panic("schema: embedded INDEX.json: " + err.Error())
	}
	return m
})

// embeddedLoader serves the embedded schemas by $id and refuses anything
// else: a reference it does not know is an error, never a fetch.
type embeddedLoader struct{}

func (embeddedLoader) Load(url string) (any, error) {
	file, ok := index()[url]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSchema, url)
	}
	f, err := embedded.Open("files/" + file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

type compiledSchema struct {
	// The fast check's graph, built once from the library's compiled
	// schema, which is then dropped (it is large and full of pointers,
	// which every garbage collection would walk) unless the fast check
	// does not apply.
	once sync.Once
	fast *fastNode // nil when the fast check does not apply
	err  error

	// The library's compiled schema, for explaining failures: kept from
	// the first compilation when there is no fast check, and otherwise
	// compiled again the first time the fast check fails a document or
	// cannot decide, and then kept.
	libOnce sync.Once
	lib     *jsonschema.Schema
	libErr  error
}

// cache holds one entry per embedded $id, created up front so lookups need
// no lock; each entry compiles on first use.
var cache = sync.OnceValue(func() map[string]*compiledSchema {
	m := make(map[string]*compiledSchema, len(index()))
	for id := range index() {
		m[id] = &compiledSchema{}
	}
	return m
})

// compileLibrary compiles an embedded $id with the library.
func compileLibrary(id string) (*jsonschema.Schema, error) {
	comp := jsonschema.NewCompiler()
	comp.UseLoader(embeddedLoader{})
	comp.AssertFormat()
	sch, err := comp.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("schema: compiling %s: %w", id, err)
	}
	return sch, nil
}

// fastOf returns the fast check of an embedded $id (nil when it does not
// apply).
func fastOf(id string) (*fastNode, error) {
	c, ok := cache()[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSchema, id)
	}
	return c.fastCheck(id)
}

// compiled returns the library's compiled schema of an embedded $id.
func compiled(id string) (*jsonschema.Schema, error) {
	c, ok := cache()[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSchema, id)
	}
	return c.library(id)
}

// fastCheck returns the fast check of c, the schema of id, building it
// on first use.
func (c *compiledSchema) fastCheck(id string) (*fastNode, error) {
	c.once.Do(func() {
		sch, err := compileLibrary(id)
		if err != nil {
			c.err = err
			return
		}
		c.fast = compileFast(sch)
		if c.fast == nil {
			c.libOnce.Do(func() { c.lib = sch })
		}
	})
	return c.fast, c.err
}

// library returns the library's compiled schema of c, the schema of id.
func (c *compiledSchema) library(id string) (*jsonschema.Schema, error) {
	if _, err := c.fastCheck(id); err != nil {
		return nil, err
	}
	c.libOnce.Do(func() { c.lib, c.libErr = compileLibrary(id) })
	return c.lib, c.libErr
}
