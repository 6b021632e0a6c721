package did

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Relationship names a verification relationship of a DID document: the
// purpose for which the DID subject authorizes a verification method.
type Relationship string

// The verification relationships of DID Core.
const (
	Authentication       Relationship = "authentication"
	AssertionMethod      Relationship = "assertionMethod"
	KeyAgreement         Relationship = "keyAgreement"
	CapabilityInvocation Relationship = "capabilityInvocation"
	CapabilityDelegation Relationship = "capabilityDelegation"
)

// relationships lists the relationships in the order documents write them.
var relationships = []Relationship{Authentication, AssertionMethod, KeyAgreement, CapabilityInvocation, CapabilityDelegation}

// Document is a DID document (or any controller document of the same
// shape). Members the type does not model are kept in Extra and written back
// by MarshalJSON, so a parsed document marshals without losing data.
type Document struct {
	// Context is the raw "@context" value, nil when absent.
	Context json.RawMessage
	// ID is the DID (or URL) the document describes.
	ID string
	// Controller lists the controllers of the document ("controller" may be
	// one string or an array in JSON).
	Controller []string
	// AlsoKnownAs lists other identifiers of the subject.
	AlsoKnownAs []string
	// VerificationMethod lists the methods defined at the top level.
	VerificationMethod []VerificationMethod
	// Relationships maps each verification relationship present in the
	// document to its entries, in document order.
	Relationships map[Relationship][]MethodRef
	// Service is the raw "service" value, nil when absent.
	Service json.RawMessage
	// Extra holds every other member, verbatim.
	Extra map[string]json.RawMessage
}

// VerificationMethod is one verification method: a public key with the
// identifier proofs use to name it and the controller it belongs to.
type VerificationMethod struct {
	ID         string
	Type       string
	Controller string
	// PublicKeyMultibase is the Multikey encoding of the key, if present.
	PublicKeyMultibase string
	// PublicKeyJwk is the raw JWK of the key, if present.
	PublicKeyJwk json.RawMessage
	// Extra holds every other member (for example publicKeyBase58 of older
	// key types), verbatim.
	Extra map[string]json.RawMessage
}

// MethodRef is one entry of a verification relationship: a reference to a
// method by its identifier, or a method embedded in the relationship.
type MethodRef struct {
	// ID is the referenced identifier, or the embedded method's id. It may
	// be relative to the document id (for example "#key-1").
	ID string
	// Method is the embedded method, nil for a reference.
	Method *VerificationMethod
}

// ParseDocument parses a DID document. Member names are matched exactly
// (JSON is case-sensitive even though encoding/json is not), and members
// with the wrong JSON type are an error naming the member.
func ParseDocument(data []byte) (*Document, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return nil, fmt.Errorf("did: document is not a JSON object: %w", err)
	}
	d := &Document{}
	for name, raw := range members {
		var err error
		switch name {
		case "@context":
			d.Context = raw
		case "id":
			err = json.Unmarshal(raw, &d.ID)
		case "controller":
			d.Controller, err = stringOrStrings(raw)
		case "alsoKnownAs":
			err = json.Unmarshal(raw, &d.AlsoKnownAs)
		case "verificationMethod":
			d.VerificationMethod, err = parseMethods(raw)
		case "service":
			d.Service = raw
		default:
			if r := Relationship(name); isRelationship(r) {
				var refs []MethodRef
				refs, err = parseRefs(raw)
				if err == nil {
					if d.Relationships == nil {
						d.Relationships = make(map[Relationship][]MethodRef)
					}
					d.Relationships[r] = refs
				}
			} else {
				if d.Extra == nil {
					d.Extra = make(map[string]json.RawMessage)
				}
				d.Extra[name] = raw
			}
		}
		if err != nil {
			return nil, fmt.Errorf("did: document member %q: %w", name, err)
		}
	}
	if d.ID == "" {
		return nil, fmt.Errorf(`did: document has no "id"`)
	}
	return d, nil
}

func isRelationship(r Relationship) bool {
	for _, x := range relationships {
		if x == r {
			return true
		}
	}
	return false
}

func stringOrStrings(raw json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("want a string or an array of strings")
	}
	return many, nil
}

func parseMethods(raw json.RawMessage) ([]VerificationMethod, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("want an array of verification methods")
	}
	methods := make([]VerificationMethod, len(items))
	for i, item := range items {
		if err := methods[i].UnmarshalJSON(item); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return methods, nil
}

func parseRefs(raw json.RawMessage) ([]MethodRef, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("want an array")
	}
	refs := make([]MethodRef, len(items))
	for i, item := range items {
		if err := refs[i].UnmarshalJSON(item); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return refs, nil
}

// UnmarshalJSON parses a verification method object, matching member names
// exactly.
func (m *VerificationMethod) UnmarshalJSON(data []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return fmt.Errorf("verification method is not a JSON object")
	}
	*m = VerificationMethod{}
	for name, raw := range members {
		var err error
		switch name {
		case "id":
			err = json.Unmarshal(raw, &m.ID)
		case "type":
			err = json.Unmarshal(raw, &m.Type)
		case "controller":
			err = json.Unmarshal(raw, &m.Controller)
		case "publicKeyMultibase":
			err = json.Unmarshal(raw, &m.PublicKeyMultibase)
		case "publicKeyJwk":
			if len(raw) == 0 || raw[0] != '{' {
				err = fmt.Errorf("want a JSON object")
			}
			m.PublicKeyJwk = raw
		default:
			if m.Extra == nil {
				m.Extra = make(map[string]json.RawMessage)
			}
			m.Extra[name] = raw
		}
		if err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
	}
	if m.ID == "" {
		return fmt.Errorf(`verification method has no "id"`)
	}
	return nil
}

// MarshalJSON writes the method with its members in a stable order.
func (m VerificationMethod) MarshalJSON() ([]byte, error) {
	w := newObjectWriter()
	w.str("id", m.ID)
	w.str("type", m.Type)
	w.str("controller", m.Controller)
	w.str("publicKeyMultibase", m.PublicKeyMultibase)
	w.raw("publicKeyJwk", m.PublicKeyJwk)
	w.extra(m.Extra)
	return w.close(), nil
}

// UnmarshalJSON parses a relationship entry: a string reference or an
// embedded verification method.
func (r *MethodRef) UnmarshalJSON(data []byte) error {
	var id string
	if err := json.Unmarshal(data, &id); err == nil {
		*r = MethodRef{ID: id}
		return nil
	}
	var m VerificationMethod
	if err := m.UnmarshalJSON(data); err != nil {
		return err
	}
	*r = MethodRef{ID: m.ID, Method: &m}
	return nil
}

// MarshalJSON writes a reference as a string and an embedded method as an
// object.
func (r MethodRef) MarshalJSON() ([]byte, error) {
	if r.Method != nil {
		return r.Method.MarshalJSON()
	}
	return json.Marshal(r.ID)
}

// MarshalJSON writes the document with its members in the conventional
// order, followed by the extra members sorted by name.
func (d Document) MarshalJSON() ([]byte, error) {
	w := newObjectWriter()
	w.raw("@context", d.Context)
	w.str("id", d.ID)
	switch len(d.Controller) {
	case 0:
	case 1:
		w.value("controller", d.Controller[0])
	default:
		w.value("controller", d.Controller)
	}
	if len(d.AlsoKnownAs) > 0 {
		w.value("alsoKnownAs", d.AlsoKnownAs)
	}
	if len(d.VerificationMethod) > 0 {
		w.value("verificationMethod", d.VerificationMethod)
	}
	for _, r := range relationships {
		if refs, ok := d.Relationships[r]; ok {
			w.value(string(r), refs)
		}
	}
	w.raw("service", d.Service)
	w.extra(d.Extra)
	return w.close(), nil
}

// objectWriter builds a JSON object member by member.
type objectWriter struct{ buf bytes.Buffer }

func newObjectWriter() *objectWriter {
	w := &objectWriter{}
	w.buf.WriteByte('{')
	return w
}

func (w *objectWriter) key(name string) {
	if w.buf.Len() > 1 {
		w.buf.WriteByte(',')
	}
	k, _ := json.Marshal(name)
	w.buf.Write(k)
	w.buf.WriteByte(':')
}

func (w *objectWriter) str(name, v string) {
	if v != "" {
		w.value(name, v)
	}
}

func (w *objectWriter) raw(name string, v json.RawMessage) {
	if len(v) > 0 {
		w.key(name)
		w.buf.Write(v)
	}
}

func (w *objectWriter) value(name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return // strings, slices of strings and methods always marshal
	}
	w.key(name)
	w.buf.Write(data)
}

func (w *objectWriter) extra(m map[string]json.RawMessage) {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w.raw(n, m[n])
	}
}

func (w *objectWriter) close() []byte {
	w.buf.WriteByte('}')
	return w.buf.Bytes()
}
