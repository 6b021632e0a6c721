package vc_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/vc"
)

// TestStatusInternalAddress: a status list whose host resolves to an
// internal address (the test server's client sends example.com to the
// loopback server, as a DNS answer could) is not fetched unless the
// verifier's allowance names the host or the address; the status is then
// unavailable and verification fails closed.
func TestStatusInternalAddress(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := "https://example.com/lists/revocation"
	srv.put("/lists/revocation", iss.bitstringList(t, list, vc.PurposeRevocation, 42))
	entry := bitstringEntry(list, "revocation", "41")

	refused := statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.AllowHosts = nil })
	rep := statusCase(t, refused, iss, entry)
	require.False(t, rep.Verified)
	require.NotEmpty(t, rep.Errors)
	assert.Equal(t, vc.CodeStatusUnavailable, rep.Errors[0].Code)
	assert.Contains(t, rep.Errors[0].Message, "not a public address")
	assert.Zero(t, srv.count("/lists/revocation"), "nothing was sent to the internal address")

	for _, allow := range [][]string{{"example.com"}, {"example.com:443"}, {"127.0.0.1"}} {
		v := statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.AllowHosts = allow })
		rep := statusCase(t, v, iss, entry)
		assert.True(t, rep.Verified, "%v: %s", allow, rep.Summary())
	}
	_, err := vc.NewVerifier(vc.VerifierOptions{Retriever: mustRetriever(t), HTTPClient: srv.Client(), AllowHosts: []string{"a b"}})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions)
}

// TestStatusIndexNumber: an index written as a JSON number is read, so the
// status is determined; the form is a conformance error, so spec fails the
// credential and authenticity accepts it with the warning, unless the
// status itself says revoked.
func TestStatusIndexNumber(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/revocation"
	srv.put("/lists/revocation", iss.bitstringList(t, list, vc.PurposeRevocation, 42))
	v := statusVerifier(t, srv.Client(), nil)
	entry := func(n int) map[string]any {
		e := bitstringEntry(list, "revocation", "0")
		e["statusListIndex"] = n
		return e
	}
	rep := statusCase(t, v, iss, entry(41))
	require.False(t, rep.Verified)
	assert.Equal(t, []string{vc.CodeInvalidValue}, codes(rep.Errors))
	assert.Equal(t, vc.ClassConformance, rep.Errors[0].Class)
	assert.Equal(t, "/credentialStatus/statusListIndex", rep.Errors[0].Path)
	assert.Equal(t, vc.StatusPassed, rep.CheckStatus(vc.CheckStatus))

	va := statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.Profile = vc.ProfileAuthenticity })
	rep = statusCase(t, va, iss, entry(41))
	assert.True(t, rep.Verified, rep.Summary())
	rep = statusCase(t, va, iss, entry(42))
	require.False(t, rep.Verified)
	assert.Equal(t, []string{vc.CodeRevoked}, codes(rep.Errors))
	assert.True(t, strings.Contains(rep.Warnings[0].Message, "number 42"), rep.Warnings[0].Message)
}
