package goldld

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/contexts"
	"github.com/clrkit/clrkit/internal/rdf"
)

type embedded struct{}

func (embedded) LoadDocument(_ context.Context, u string) ([]byte, error) {
	if doc, ok := contexts.Lookup(u); ok {
		return doc, nil
	}
	return nil, fmt.Errorf("unknown context %s", u)
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

const credentialTemplate = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": %q,
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile", "name": "Example U"},
  "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:learner", "type": "AchievementSubject",
    "achievement": {"id": "https://example.edu/a/1", "type": "Achievement", "name": "A",
      "description": "D", "criteria": {"narrative": "N"}}}%s
}`

func TestToRDFProducesQuads(t *testing.T) {
	doc := decode(t, fmt.Sprintf(credentialTemplate, "urn:uuid:1", ""))
	quads, err := New(embedded{}).ToRDF(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	want := rdf.Quad{
		Subject:   rdf.NewIRI("https://example.edu/a/1"),
		Predicate: rdf.NewIRI("https://schema.org/name"),
		Object:    rdf.NewLiteral("A", ""),
	}
	found := false
	for _, q := range quads {
		found = found || q == want
	}
	if !found || len(quads) != 14 {
		t.Fatalf("got %d quads, want 14 with the achievement name among them: %v", len(quads), quads)
	}
}

func TestToRDFRejectsJSONGoldTraps(t *testing.T) {
	schema := `, "credentialSchema": [{"id": "https://example.edu/schema.json", "type": "1EdTechJsonSchemaValidator2019"}]`
	tests := []struct {
		name, id, extra, reason, path string
	}{
		{"undefined type term", "urn:uuid:1", schema, `relative IRI "1EdTechJsonSchemaValidator2019"`,
			"/0/https:~1~1www.w3.org~12018~1credentials#credentialSchema/0/@type/0"},
		{"IRI of 2100 characters", "https://example.edu/" + strings.Repeat("a", 2080), "", "would be dropped", "/0/@id"},
		{"IRI with an odd host", "https://-bad.example/x", "", "would be dropped", "/0/@id"},
		{"IRI net/url refuses", "A0:/%", "", "would be dropped", "/0/@id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decode(t, fmt.Sprintf(credentialTemplate, tt.id, tt.extra))
			_, err := New(embedded{}).ToRDF(context.Background(), doc)
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Reason, tt.reason) || e.Path != tt.path {
				t.Fatalf("err = %v, want %q at %s", err, tt.reason, tt.path)
			}
		})
	}
}

func TestToRDFUnknownContext(t *testing.T) {
	doc := decode(t, `{"@context": "https://example.com/nope", "name": "x"}`)
	_, err := New(embedded{}).ToRDF(context.Background(), doc)
	if err == nil || !strings.Contains(err.Error(), "https://example.com/nope") {
		t.Fatalf("err = %v", err)
	}
}

func TestToRDFUndefinedPropertyIsAnError(t *testing.T) {
	doc := decode(t, fmt.Sprintf(credentialTemplate, "urn:uuid:1", `, "favoriteColor": "blue"`))
	if _, err := New(embedded{}).ToRDF(context.Background(), doc); err == nil {
		t.Fatal("undefined property accepted")
	}
}
