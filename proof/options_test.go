package proof

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

func verifierAt(t testing.TB, now time.Time, skew time.Duration) *Verifier {
	t.Helper()
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(VerifierOptions{Retriever: r, Now: func() time.Time { return now }, ClockSkew: skew})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestProofOptions signs a presentation-style proof with every option and
// checks how each is written and verified.
func TestProofOptions(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	created := interopCreated
	signed, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/ob3-basic.json"), signer, SignOptions{
		VerificationMethod: kf.ID, Created: created, Purpose: "authentication",
		ID: "urn:uuid:proof-1", Expires: created.Add(24 * time.Hour),
		Domain: []string{"https://a.example", "https://b.example"}, Challenge: "c-123", Nonce: "n-456",
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := string(signed)
	for _, want := range []string{`"id": "urn:uuid:proof-1"`, `"expires": "2024-06-02T00:00:00Z"`, `"challenge": "c-123"`,
		`"nonce": "n-456"`, `"domain": [
      "https://a.example",
      "https://b.example"
    ]`, `"proofPurpose": "authentication"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("signed document lacks %s", want)
		}
	}
	auth := Expectations{Purpose: did.Authentication}
	within := created.Add(time.Hour)
	tests := []struct {
		name string
		doc  string
		now  time.Time
		skew time.Duration
		exp  Expectations
		want error
	}{
		{"all expected", doc, within, 0, Expectations{Purpose: did.Authentication, Challenge: "c-123", Domain: "https://b.example", Nonce: "n-456"}, nil},
		{"nothing expected", doc, within, 0, auth, nil},
		{"other challenge", doc, within, 0, Expectations{Purpose: did.Authentication, Challenge: "c-999"}, ErrPurpose},
		{"other domain", doc, within, 0, Expectations{Purpose: did.Authentication, Domain: "https://c.example"}, ErrPurpose},
		{"other nonce", doc, within, 0, Expectations{Purpose: did.Authentication, Nonce: "n-999"}, ErrPurpose},
		{"assertion expected", doc, within, 0, Expectations{}, ErrPurpose},
		{"expired", doc, created.Add(25 * time.Hour), 0, auth, ErrExpired},
		{"at expiry", doc, created.Add(24 * time.Hour), 0, auth, ErrExpired},
		{"created in the future", doc, created.Add(-time.Hour), 0, auth, ErrCreatedInFuture},
		{"created within default skew", doc, created.Add(-4 * time.Minute), 0, auth, nil},
		{"created beyond no skew", doc, created.Add(-time.Second), -1, auth, ErrCreatedInFuture},
		{"created within wide skew", doc, created.Add(-time.Hour), 2 * time.Hour, auth, nil},
		{"tampered domain", strings.Replace(doc, `"https://b.example"`, `"https://x.example"`, 1), within, 0, auth, ErrSignature},
		{"tampered challenge", strings.Replace(doc, `"c-123"`, `"c-124"`, 1), within, 0, auth, ErrSignature},
		{"tampered nonce", strings.Replace(doc, `"n-456"`, `"n-457"`, 1), within, 0, auth, ErrSignature},
		{"tampered id", strings.Replace(doc, `"urn:uuid:proof-1"`, `"urn:uuid:proof-2"`, 1), within, 0, auth, ErrSignature},
		{"tampered expires", strings.Replace(doc, `"2024-06-02T00:00:00Z"`, `"2024-06-03T00:00:00Z"`, 1), within, 0, auth, ErrSignature},
		{"malformed expires", strings.Replace(doc, `"2024-06-02T00:00:00Z"`, `"tomorrow"`, 1), within, 0, auth, ErrMalformedProof},
		{"malformed domain", strings.Replace(doc, `"domain": [`, `"domain": [ 1,`, 1), within, 0, auth, ErrMalformedProof},
		{"malformed challenge", strings.Replace(doc, `"c-123"`, `123`, 1), within, 0, auth, ErrMalformedProof},
		{"malformed nonce", strings.Replace(doc, `"n-456"`, `true`, 1), within, 0, auth, ErrMalformedProof},
		{"malformed id", strings.Replace(doc, `"urn:uuid:proof-1"`, `{}`, 1), within, 0, auth, ErrMalformedProof},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == "" {
				t.Fatal("no document")
			}
			_, err := verifierAt(t, tt.now, tt.skew).Verify(context.Background(), []byte(tt.doc), tt.exp)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSingleDomain checks that one domain is written as a string and one
// previousProof as a string too.
func TestSingleValues(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	signed, err := Sign(context.Background(), readTestdata(t, "interop/signed/ob3-basic.signed.json"), signer, SignOptions{
		VerificationMethod: kf.ID, Created: interopCreated, Domain: []string{"https://a.example"}, ID: "urn:x:2",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(signed), `"domain": "https://a.example"`) {
		t.Fatalf("domain not a string:\n%s", signed)
	}
	// The interop proof has no id, so a chain cannot reference it, but the new one can.
	chained, err := Sign(context.Background(), signed, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated, PreviousProof: []string{"urn:x:2"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(chained), `"previousProof": "urn:x:2"`) {
		t.Fatalf("previousProof not a string:\n%s", chained)
	}
	if _, err := verifierAt(t, interopCreated, 0).Verify(context.Background(), chained, Expectations{Domain: "https://a.example"}); !errors.Is(err, ErrPurpose) {
		// The first proof has no domain: a domain expectation fails it.
		t.Fatalf("err = %v, want ErrPurpose", err)
	}
	if _, err := verifierAt(t, interopCreated, 0).Verify(context.Background(), chained, Expectations{}); err != nil {
		t.Fatal(err)
	}
}

func TestNewVerifierFailures(t *testing.T) {
	if _, err := NewVerifier(VerifierOptions{}); !errors.Is(err, ErrVerifierOptions) {
		t.Errorf("no retriever: %v", err)
	}
	mr, _ := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	r, _ := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	if _, err := NewVerifier(VerifierOptions{Retriever: r, Suites: []Cryptosuite{nil}}); !errors.Is(err, ErrVerifierOptions) {
		t.Errorf("nil suite: %v", err)
	}
}
