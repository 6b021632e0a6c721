package vc_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/schema"
	"github.com/clrkit/clrkit/vc"
)

// TestSignTyped: vc.Sign turns a typed OB credential and a typed CLR into
// signed documents that verify and pass the formal (strict) schemas, the
// proof written as a list of one; it refuses another party's key unless
// CoSigner is set.
func TestSignTyped(t *testing.T) {
	ctx := context.Background()
	k := testkit.NewKey(t, 1)
	kf, err := did.NewKeyFile(k.Private, did.KeyFileOptions{ID: k.VM, Controller: k.DID})
	require.NoError(t, err)

	var badge openbadges.AchievementCredential
	require.NoError(t, json.Unmarshal(badgeJSON(t, k, "https://example.edu/a/1"), &badge))
	b := clr.NewCredential(profile(k, "Example Registrar")).Name("Transcript").
		Learner("did:example:learner").Clock(testkit.Clock).Random(testkit.Random()).
		AddCredential(signedBadge(t, k, "https://example.edu/a/2"))
	record, err := b.Build()
	require.NoError(t, err)

	for name, typed := range map[string]any{"badge": &badge, "clr": record} {
		signed, err := vc.Sign(ctx, typed, kf, proof.SignOptions{Created: testkit.Now})
		require.NoError(t, err, name)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(signed, &doc), name)
		proofs, ok := doc["proof"].([]any)
		require.True(t, ok && len(proofs) == 1, "%s: proof %v", name, doc["proof"])
		r, err := newVerifier(t).Verify(ctx, signed, vc.Expectations{})
		require.NoError(t, err, "%s: %v", name, r)
		rep, err := schema.New().Validate(signed, schema.Options{Strict: true})
		require.NoError(t, err, name)
		require.True(t, rep.Valid, "%s: %v", name, rep.Problems)
	}

	other := testkit.NewKey(t, 2)
	otherKF, err := did.NewKeyFile(other.Private, did.KeyFileOptions{ID: other.VM, Controller: other.DID})
	require.NoError(t, err)
	_, err = vc.Sign(ctx, &badge, otherKF, proof.SignOptions{Created: testkit.Now})
	require.True(t, errors.Is(err, proof.ErrNotIssuerKey), "%v", err)
	_, err = vc.Sign(ctx, &badge, otherKF, proof.SignOptions{Created: testkit.Now, CoSigner: true})
	require.NoError(t, err)
	_, err = vc.Sign(ctx, &badge, nil, proof.SignOptions{})
	require.True(t, errors.Is(err, proof.ErrSignOptions), "%v", err)
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestReportWriteTextError: WriteText returns the first write error and
// writes nothing after it.
func TestReportWriteTextError(t *testing.T) {
	r := &vc.Report{Kind: "OpenBadgeCredential", Checks: []vc.Check{{Check: "proof", Status: vc.StatusPassed}},
		Nested: []*vc.Report{{Kind: "OpenBadgeCredential"}}}
	w := &failingWriter{n: 10}
	err := r.WriteText(w)
	require.EqualError(t, err, "disk full")
	require.Equal(t, 0, w.n)
}

// TestReportWriteTextEmptyParts: no empty issuer or path is written.
func TestReportWriteTextEmptyParts(t *testing.T) {
	var b strings.Builder
	r := &vc.Report{Kind: "unknown", Errors: []vc.Issue{{Code: vc.CodeMalformed, Message: "not JSON"}}}
	require.NoError(t, r.WriteText(&b))
	require.Equal(t, "NOT VERIFIED: unknown\n  error MALFORMED_DOCUMENT: not JSON\n", b.String())
}
