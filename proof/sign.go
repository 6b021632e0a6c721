package proof

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/multiformats/go-multibase"
)

// SignOptions configure one Data Integrity signature.
type SignOptions struct {
	// Suite computes the proof; nil means eddsa-rdfc-2022 with the embedded
	// contexts.
	Suite Cryptosuite
	// VerificationMethod is the URL of the key, written as the proof's
	// verificationMethod (for example "did:key:z6Mk...#z6Mk..."). Required.
	VerificationMethod string
	// Purpose is the proof purpose; "" means "assertionMethod", what
	// credentials use. Presentations use "authentication".
	Purpose string
	// Created is the proof's creation time, written in UTC with second
	// precision; the zero value means the current time.
	Created time.Time
}

// ErrAlreadySigned reports a document that carries a proof already.
var ErrAlreadySigned = errors.New("proof: document already has a proof")

// ErrMalformedDocument reports input that is not a JSON object.
var ErrMalformedDocument = errors.New("proof: document is not a JSON object")

// Sign adds a DataIntegrityProof to the JSON object in doc and returns the
// signed document. The members of doc keep their order and values, the proof
// is appended as the last member, and the result is indented with two
// spaces: for the same key, options and input, the output is the same bytes
// the JavaScript reference implementation writes.
func Sign(ctx context.Context, doc []byte, key crypto.Signer, opts SignOptions) ([]byte, error) {
	if opts.VerificationMethod == "" {
		return nil, errors.New("proof: Sign: no verification method")
	}
	suite := opts.Suite
	if suite == nil {
		suite = EdDSARDFC2022{}
	}
	purpose := opts.Purpose
	if purpose == "" {
		purpose = "assertionMethod"
	}
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	unsecured, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	if _, ok := unsecured["proof"]; ok {
		return nil, ErrAlreadySigned
	}
	proof := orderedProof{
		{"type", "DataIntegrityProof"},
		{"created", created.UTC().Format("2006-01-02T15:04:05Z")},
		{"verificationMethod", opts.VerificationMethod},
		{"cryptosuite", suite.Name()},
		{"proofPurpose", purpose},
	}
	hd, err := suite.HashData(ctx, unsecured, proofConfig(proof.object(), unsecured["@context"]))
	if err != nil {
		return nil, err
	}
	sig, err := suite.Sign(key, hd.Data)
	if err != nil {
		return nil, fmt.Errorf("proof: signing: %w", err)
	}
	value, err := multibase.Encode(multibase.Base58BTC, sig)
	if err != nil {
		return nil, err
	}
	proof = append(proof, member{"proofValue", value})
	return appendMember(doc, "proof", proof)
}

// member and orderedProof write a proof with its members in a fixed order.
type member struct {
	name  string
	value any
}

type orderedProof []member

func (p orderedProof) object() map[string]any {
	m := make(map[string]any, len(p))
	for _, e := range p {
		m[e.name] = e.value
	}
	return m
}

// MarshalJSON writes the members in order, without HTML escaping.
func (p orderedProof) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range p {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := writeJSON(&buf, e.name); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := writeJSON(&buf, e.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

// decodeObject decodes a JSON object, keeping numbers as json.Number.
func decodeObject(doc []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	if m == nil {
		return nil, ErrMalformedDocument
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("%w: data after the object", ErrMalformedDocument)
	}
	return m, nil
}

// appendMember inserts "name": value as the last member of the JSON object
// in doc, leaving every other byte of its members as they are, and indents
// the result with two spaces followed by a newline.
func appendMember(doc []byte, name string, value any) ([]byte, error) {
	trimmed := bytes.TrimSpace(doc)
	if len(trimmed) < 2 || trimmed[len(trimmed)-1] != '}' {
		return nil, ErrMalformedDocument
	}
	var buf bytes.Buffer
	body := bytes.TrimSpace(trimmed[:len(trimmed)-1])
	buf.Write(body)
	if len(body) > 1 { // not "{"
		buf.WriteByte(',')
	}
	if err := writeJSON(&buf, name); err != nil {
		return nil, err
	}
	buf.WriteByte(':')
	if err := writeJSON(&buf, value); err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("proof: document is not valid JSON: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
