package statuslist_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/statuslist"
)

func TestListRoundTrip(t *testing.T) {
	l := statuslist.New(10)
	require.Equal(t, statuslist.MinEntries, l.Len(), "a list is never shorter than the minimum")
	for _, i := range []int{0, 7, 8, 42, statuslist.MinEntries - 1} {
		require.NoError(t, l.Set(i, true))
	}
	require.NoError(t, l.Set(7, false))
	enc, err := l.Encode()
	require.NoError(t, err)
	require.Equal(t, byte('u'), enc[0])
	back, err := statuslist.Decode(enc)
	require.NoError(t, err)
	for i := range back.Len() {
		got, err := back.Get(i)
		require.NoError(t, err)
		want := i == 0 || i == 8 || i == 42 || i == statuslist.MinEntries-1
		if got != want {
			t.Fatalf("entry %d: %v, want %v", i, got, want)
		}
	}
	// The bit order (index 0 the left-most bit of the first byte) is the
	// vc verifier's: TestVerifierReadsTheList pins it.

	_, err = l.Get(statuslist.MinEntries)
	require.True(t, errors.Is(err, statuslist.ErrIndex), "%v", err)
	require.True(t, errors.Is(l.Set(-1, true), statuslist.ErrIndex))
}

func TestDecodeRefuses(t *testing.T) {
	short := statuslist.New(0)
	enc, err := short.Encode()
	require.NoError(t, err)
	for name, in := range map[string]string{
		"no prefix":  enc[1:],
		"not base64": "u!!!",
		"not gzip":   "uAAAA",
	} {
		_, err := statuslist.Decode(in)
		require.Error(t, err, name)
	}
}

func TestEntryJSON(t *testing.T) {
	out, err := json.Marshal(statuslist.Entry{ListCredential: "https://example.edu/status/1", Purpose: statuslist.PurposeRevocation, Index: 42})
	require.NoError(t, err)
	require.JSONEq(t, `{"id": "https://example.edu/status/1#42", "type": "BitstringStatusListEntry",
		"statusPurpose": "revocation", "statusListIndex": "42", "statusListCredential": "https://example.edu/status/1"}`, string(out))
	_, err = json.Marshal(statuslist.Entry{Purpose: "revocation", Index: 1})
	require.Error(t, err)
}

// TestVerifierReadsTheList: a credential pointing at entry 42 verifies
// while the list published for it (signed by the issuer, served as a local
// copy through the verifier's HTTP client) has the bit clear, and fails
// with REVOKED (SUSPENDED for a suspension list) once it is set, and
// verifies again once it is cleared.
func TestVerifierReadsTheList(t *testing.T) {
	ctx := context.Background()
	k := testkit.NewKey(t, 1)
	at := testkit.Now
	for _, purpose := range []string{statuslist.PurposeRevocation, statuslist.PurposeSuspension} {
		url := "https://example.edu/status/" + purpose
		entry := statuslist.Entry{ListCredential: url, Purpose: purpose, Index: 42}
		cred := k.SignJSON(t, map[string]any{
			"@context":          []string{vc.ContextV2},
			"id":                "urn:uuid:00000000-0000-4000-8000-000000000042",
			"type":              []string{vc.TypeVerifiableCredential},
			"issuer":            k.DID,
			"validFrom":         vc.NewDateTime(at.Add(-time.Hour)),
			"credentialSubject": map[string]any{"id": "did:example:learner"},
			"credentialStatus":  entry,
		})
		list := statuslist.New(0)
		verify := func() (*vc.Report, error) {
			unsigned, err := statuslist.Credential(url, k.DID, purpose, at.Add(-time.Hour), list)
			require.NoError(t, err)
			signed := k.Sign(t, unsigned)
			docs, err := did.NewLocalDocuments(map[string]did.LocalDocument{url: {Body: signed, Name: "list.json"}})
			require.NoError(t, err)
			v, err := vc.NewVerifier(vc.VerifierOptions{HTTPClient: docs.Client(nil), Now: func() time.Time { return at }})
			require.NoError(t, err)
			return v.Verify(ctx, cred, vc.Expectations{})
		}
		r, err := verify()
		require.NoError(t, err, "%s, clear: %v", purpose, r)

		require.NoError(t, list.Set(42, true))
		r, err = verify()
		require.True(t, errors.Is(err, vc.ErrNotVerified), "%s, set: %v", purpose, err)
		code := map[string]string{statuslist.PurposeRevocation: vc.CodeRevoked, statuslist.PurposeSuspension: vc.CodeSuspended}[purpose]
		require.True(t, r.HasError(code), "%s, set: %s", purpose, r.Summary())

		require.NoError(t, list.Set(42, false))
		r, err = verify()
		require.NoError(t, err, "%s, cleared again: %v", purpose, r)
	}
}

// TestDecodeDigitalBazaar: a list encoded by Digital Bazaar's library
// (testdata/SOURCES.md) reads with exactly its bits set, through this
// package's Decode and through the vc verifier's status check.
func TestDecodeDigitalBazaar(t *testing.T) {
	raw, err := os.ReadFile("testdata/digitalbazaar-encodedlist.txt")
	require.NoError(t, err)
	encoded := strings.TrimSpace(string(raw))
	l, err := statuslist.Decode(encoded)
	require.NoError(t, err)
	require.Equal(t, statuslist.MinEntries, l.Len())
	want := map[int]bool{0: true, 201: true, 57444: true, 94023: true, 131071: true}
	for i := range l.Len() {
		got, err := l.Get(i)
		require.NoError(t, err)
		if got != want[i] {
			t.Fatalf("bit %d is %v", i, got)
		}
	}

	// The verifier, given a list credential carrying that encodedList.
	ctx := context.Background()
	k := testkit.NewKey(t, 1)
	at := testkit.Now
	url := "https://example.edu/status/db"
	unsigned, err := statuslist.Credential(url, k.DID, statuslist.PurposeRevocation, at.Add(-time.Hour), statuslist.New(0))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(unsigned, &doc))
	doc["credentialSubject"].(map[string]any)["encodedList"] = encoded
	list := k.SignJSON(t, doc)
	docs, err := did.NewLocalDocuments(map[string]did.LocalDocument{url: {Body: list, Name: "db.json"}})
	require.NoError(t, err)
	v, err := vc.NewVerifier(vc.VerifierOptions{HTTPClient: docs.Client(nil), Now: func() time.Time { return at }})
	require.NoError(t, err)
	for _, idx := range []int{0, 201, 94023, 94024, 131071} {
		cred := k.SignJSON(t, map[string]any{
			"@context":          []string{vc.ContextV2},
			"id":                "urn:uuid:00000000-0000-4000-8000-000000000042",
			"type":              []string{vc.TypeVerifiableCredential},
			"issuer":            k.DID,
			"validFrom":         vc.NewDateTime(at.Add(-time.Hour)),
			"credentialSubject": map[string]any{"id": "did:example:learner"},
			"credentialStatus":  statuslist.Entry{ListCredential: url, Purpose: statuslist.PurposeRevocation, Index: idx},
		})
		r, err := v.Verify(ctx, cred, vc.Expectations{})
		if want[idx] {
			require.ErrorIs(t, err, vc.ErrNotVerified, "index %d", idx)
			require.True(t, r.HasError(vc.CodeRevoked), "index %d: %s", idx, r.Summary())
		} else {
			testkit.RequireVerified(t, r, err)
		}
	}
}
