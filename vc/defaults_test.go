package vc_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/vc"
)

// TestVerifierDefaults: with no Retriever and no Resolver, a verifier
// verifies did:key credentials offline, and did:web ones through its
// HTTPClient alone (here a client of local copies, so nothing reaches the
// network); without an HTTPClient the did:web credential fails, saying
// that fetching is off.
func TestVerifierDefaults(t *testing.T) {
	ctx := context.Background()
	k := testkit.NewKey(t, 1)
	offline, err := clr.NewVerifier(vc.VerifierOptions{Now: testkit.Clock})
	require.NoError(t, err)
	r, err := offline.Verify(ctx, signedBadge(t, k, "https://example.edu/a/1"), vc.Expectations{})
	require.NoError(t, err, "%v", r)

	web := testkit.Key{Private: k.Private, DID: "did:web:example.edu", VM: "did:web:example.edu#key-1"}
	didDoc := `{"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
  "id": "did:web:example.edu",
  "verificationMethod": [{"id": "did:web:example.edu#key-1", "type": "Multikey", "controller": "did:web:example.edu",
    "publicKeyMultibase": "` + k.Multikey(t) + `"}],
  "assertionMethod": ["did:web:example.edu#key-1"]}`
	docs, err := did.NewLocalDocuments(map[string]did.LocalDocument{
		"https://example.edu/.well-known/did.json": {Body: []byte(didDoc), Name: "did.json"}})
	require.NoError(t, err)
	badge := signedBadge(t, web, "https://example.edu/a/2")

	online, err := clr.NewVerifier(vc.VerifierOptions{Now: testkit.Clock, HTTPClient: docs.Client(nil)})
	require.NoError(t, err)
	r, err = online.Verify(ctx, badge, vc.Expectations{})
	require.NoError(t, err, "did:web through HTTPClient: %v", r)

	r, err = offline.Verify(ctx, badge, vc.Expectations{})
	require.True(t, errors.Is(err, vc.ErrNotVerified), "did:web offline: %v", err)
	require.Contains(t, r.Summary(), "fetching is off", "did:web offline: %s", r.Summary())

	// A Resolver of the caller's and no Retriever: the Retriever is built
	// on that Resolver (here a did:web resolver reading the local copies).
	web2, err := did.NewWebResolver(docs.Client(nil), did.HTTPOptions{})
	require.NoError(t, err)
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"web": web2})
	require.NoError(t, err)
	ownResolver, err := clr.NewVerifier(vc.VerifierOptions{Now: testkit.Clock, Resolver: mr})
	require.NoError(t, err)
	r, err = ownResolver.Verify(ctx, badge, vc.Expectations{})
	require.NoError(t, err, "did:web through the caller's Resolver: %v", r)

	// A Retriever of the caller's (did:key only) beside an HTTPClient: the
	// Retriever alone decides, did:web stays out of reach.
	keyOnly, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: keyOnly})
	require.NoError(t, err)
	ownRetriever, err := clr.NewVerifier(vc.VerifierOptions{Now: testkit.Clock, Retriever: ret, HTTPClient: docs.Client(nil)})
	require.NoError(t, err)
	r, err = ownRetriever.Verify(ctx, badge, vc.Expectations{})
	require.True(t, errors.Is(err, vc.ErrNotVerified), "did:web beside a did:key-only Retriever: %v", err)
	require.Contains(t, r.Summary(), "no resolver for method web", "the caller's Retriever decided: %s", r.Summary())
}
