package vc_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/vc"
)

// statusCase verifies a credential carrying credentialStatus entry and
// returns the report.
func statusCase(t *testing.T, v *vc.Verifier, iss statusIssuer, entry any) *vc.Report {
	t.Helper()
	cred := iss.credential(t, "urn:uuid:00000000-0000-4000-8000-000000000001", statusEpoch, map[string]any{"credentialStatus": entry})
	rep, _ := v.Verify(context.Background(), cred, vc.Expectations{})
	require.NotNil(t, rep)
	return rep
}

func TestStatusBitstring(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/revocation"
	srv.put("/lists/revocation", iss.bitstringList(t, list, vc.PurposeRevocation, 42, 131071))
	susp := srv.URL + "/lists/suspension"
	srv.put("/lists/suspension", iss.bitstringList(t, susp, vc.PurposeSuspension, 7))
	v := statusVerifier(t, srv.Client(), nil)

	tests := []struct {
		name     string
		entry    any
		verified bool
		code     string // expected error code, "" for none
		path     string
	}{
		{"not revoked", bitstringEntry(list, "revocation", "41"), true, "", ""},
		{"revoked", bitstringEntry(list, "revocation", "42"), false, vc.CodeRevoked, "/credentialStatus"},
		{"revoked, last entry", bitstringEntry(list, "revocation", "131071"), false, vc.CodeRevoked, "/credentialStatus"},
		{"not suspended", bitstringEntry(susp, "suspension", "8"), true, "", ""},
		{"suspended", bitstringEntry(susp, "suspension", "7"), false, vc.CodeSuspended, "/credentialStatus"},
		{"index out of range", bitstringEntry(list, "revocation", "131072"), false, vc.CodeStatusList, "/credentialStatus/statusListIndex"},
		{"index beyond uint64", bitstringEntry(list, "revocation", "123456789012345678901234567890"), false, vc.CodeStatusList, "/credentialStatus/statusListIndex"},
		{"index not digits", bitstringEntry(list, "revocation", "-1"), false, vc.CodeInvalidValue, "/credentialStatus/statusListIndex"},
		{"purpose mismatch", bitstringEntry(susp, "revocation", "1"), false, vc.CodeStatusList, "/credentialStatus/statusListCredential"},
		{"unknown purpose", bitstringEntry(list, "expiry", "1"), false, vc.CodeStatusUnsupported, "/credentialStatus/statusPurpose"},
		{"one of two revoked", []any{bitstringEntry(susp, "suspension", "8"), bitstringEntry(list, "revocation", "42")}, false, vc.CodeRevoked, "/credentialStatus/1"},
		{"array of one", []any{bitstringEntry(list, "revocation", "42")}, false, vc.CodeRevoked, "/credentialStatus/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := statusCase(t, v, iss, tt.entry)
			assert.Equal(t, tt.verified, rep.Verified, "%s", rep.Summary())
			if tt.code == "" {
				assert.Empty(t, rep.Errors)
				assert.Equal(t, vc.StatusPassed, rep.CheckStatus(vc.CheckStatus))
				return
			}
			require.NotEmpty(t, rep.Errors)
			assert.Equal(t, tt.code, rep.Errors[0].Code, "%v", rep.Errors)
			assert.Equal(t, tt.path, rep.Errors[0].Path)
			assert.Equal(t, vc.StatusFailed, rep.CheckStatus(vc.CheckStatus))
		})
	}
}

func TestStatusMessage(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/message"
	b := make(bitstring, 32<<10) // 131,072 two-bit entries
	b.set(3, 2, 2)
	b.set(4, 2, 3)
	srv.put("/lists/message", iss.sign(t, iss.listDoc(list, vc.PurposeMessage, b.encode(t, true)), false))
	v := statusVerifier(t, srv.Client(), nil)
	messages := []map[string]string{
		{"status": "0x0", "message": "pending review"},
		{"status": "0x1", "message": "accepted"},
		{"status": "0x2", "message": "under appeal"},
		{"status": "0x3", "message": "withdrawn"},
	}
	entry := func(index string) map[string]any {
		e := bitstringEntry(list, vc.PurposeMessage, index)
		e["statusSize"] = 2
		e["statusMessage"] = messages
		return e
	}

	rep := statusCase(t, v, iss, entry("3"))
	assert.True(t, rep.Verified, rep.Summary())
	require.Equal(t, []string{vc.CodeStatusMessage}, issueCodes(rep.Warnings))
	assert.Contains(t, rep.Warnings[0].Message, "under appeal")
	assert.Contains(t, rep.Warnings[0].Message, "0x2")

	rep = statusCase(t, v, iss, entry("4"))
	require.Equal(t, []string{vc.CodeStatusMessage}, issueCodes(rep.Warnings))
	assert.Contains(t, rep.Warnings[0].Message, "withdrawn")

	rep = statusCase(t, v, iss, entry("5"))
	assert.True(t, rep.Verified, rep.Summary())
	assert.Empty(t, rep.Warnings)
	assert.Equal(t, vc.StatusPassed, rep.CheckStatus(vc.CheckStatus))

	// statusSize 2 without statusMessage, or with the wrong number of
	// messages, is a malformed entry.
	noMessages := bitstringEntry(list, vc.PurposeMessage, "3")
	noMessages["statusSize"] = 2
	rep = statusCase(t, v, iss, noMessages)
	require.False(t, rep.Verified)
	assert.Equal(t, vc.CodeInvalidValue, rep.Errors[0].Code)
	assert.Equal(t, "/credentialStatus/statusMessage", rep.Errors[0].Path)
	short := entry("3")
	short["statusMessage"] = messages[:2]
	rep = statusCase(t, v, iss, short)
	require.False(t, rep.Verified)
	assert.Equal(t, "/credentialStatus/statusMessage", rep.Errors[0].Path)
}

func TestStatusListInvalid(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	other := newStatusIssuer(t, 2)
	srv := newDocServer(t)
	url := func(p string) string { return srv.URL + p }

	// A 16KB list signed, then tampered with: one bit set after signing.
	signed := iss.bitstringList(t, url("/tampered"), vc.PurposeRevocation)
	clean := make(bitstring, 16<<10)
	flipped := make(bitstring, 16<<10)
	flipped.set(9, 1, 1)
	tampered := []byte(replaceOnce(t, string(signed), clean.encode(t, true), flipped.encode(t, true)))
	srv.put("/tampered", tampered)

	expired := iss.listDoc(url("/expired"), vc.PurposeRevocation, clean.encode(t, true))
	expired["validUntil"] = vc.NewDateTime(statusNow.Add(-24 * time.Hour))
	srv.put("/expired", iss.sign(t, expired, false))

	notYet := iss.listDoc(url("/not-yet"), vc.PurposeRevocation, clean.encode(t, true))
	notYet["validFrom"] = vc.NewDateTime(statusNow.Add(24 * time.Hour))
	srv.put("/not-yet", iss.sign(t, notYet, false))

	wrongType := iss.listDoc(url("/wrong-type"), vc.PurposeRevocation, clean.encode(t, true))
	wrongType["type"] = []string{vc.TypeVerifiableCredential}
	srv.put("/wrong-type", iss.sign(t, wrongType, false))

	wrongSubject := iss.listDoc(url("/wrong-subject"), vc.PurposeRevocation, clean.encode(t, true))
	wrongSubject["credentialSubject"].(map[string]any)["type"] = "StatusList2021"
	srv.put("/wrong-subject", iss.sign(t, wrongSubject, true))

	short := make(bitstring, 1<<10) // 8,192 entries
	srv.put("/short", iss.sign(t, iss.listDoc(url("/short"), vc.PurposeRevocation, short.encode(t, true)), false))

	noPrefix := iss.listDoc(url("/no-prefix"), vc.PurposeRevocation, clean.encode(t, false))
	srv.put("/no-prefix", iss.sign(t, noPrefix, false))

	notGzip := iss.listDoc(url("/not-gzip"), vc.PurposeRevocation, "u"+"AAAAAAAA")
	srv.put("/not-gzip", iss.sign(t, notGzip, false))

	// Signed by a key that is not the issuer's.
	srv.put("/forged", other.sign(t, iss.listDoc(url("/forged"), vc.PurposeRevocation, clean.encode(t, true)), false))

	v := statusVerifier(t, srv.Client(), nil)
	for _, name := range []string{"tampered", "expired", "not-yet", "wrong-type", "wrong-subject", "short", "no-prefix", "not-gzip", "forged"} {
		t.Run(name, func(t *testing.T) {
			rep := statusCase(t, v, iss, bitstringEntry(url("/"+name), vc.PurposeRevocation, "9"))
			assert.False(t, rep.Verified, "a list that is not valid must not let the credential verify")
			require.Len(t, rep.Errors, 1, "%v", rep.Errors)
			assert.Equal(t, vc.CodeStatusList, rep.Errors[0].Code, rep.Errors[0].Message)
			t.Log(rep.Errors[0].Message)
			assert.Equal(t, "/credentialStatus/statusListCredential", rep.Errors[0].Path)
		})
	}
}

func TestStatusGzipBomb(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/bomb"
	bomb := make(bitstring, 4<<20) // 4 MiB of zeros, a few KB compressed
	srv.put("/bomb", iss.sign(t, iss.listDoc(list, vc.PurposeRevocation, bomb.encode(t, true)), true))
	v := statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.Limits.MaxStatusListBytes = 1 << 20 })
	rep := statusCase(t, v, iss, bitstringEntry(list, vc.PurposeRevocation, "1"))
	assert.False(t, rep.Verified)
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, vc.CodeLimit, rep.Errors[0].Code, rep.Errors[0].Message)

	// The same list under the default limit (16 MiB) decodes.
	v = statusVerifier(t, srv.Client(), nil)
	rep = statusCase(t, v, iss, bitstringEntry(list, vc.PurposeRevocation, "1"))
	assert.True(t, rep.Verified, rep.Summary())
}

// TestStatusMediaTypes: a list is read whichever media type of a
// credential its server gives: VC Data Model 2.0's application/vc (section
// 6.3), the earlier application/vc+ld+json, and plain JSON types.
func TestStatusMediaTypes(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	v := statusVerifier(t, srv.Client(), nil)
	for i, ct := range []string{"application/vc", "application/vc; charset=utf-8", "application/vc+ld+json", "application/ld+json", "application/json"} {
		t.Run(ct, func(t *testing.T) {
			path := "/lists/" + strconv.Itoa(i)
			list := srv.URL + path
			srv.putDoc(path, doc{contentType: ct, body: iss.bitstringList(t, list, vc.PurposeRevocation)})
			rep := statusCase(t, v, iss, bitstringEntry(list, vc.PurposeRevocation, "1"))
			assert.True(t, rep.Verified, rep.Summary())
		})
	}
}

func TestStatusUnavailable(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/1"
	srv.put("/lists/1", iss.bitstringList(t, list, vc.PurposeRevocation))
	srv.putDoc("/html", doc{contentType: "text/html", body: iss.bitstringList(t, srv.URL+"/html", vc.PurposeRevocation)})
	srv.putDoc("/error", doc{status: http.StatusInternalServerError, body: []byte("{}")})
	big := make([]byte, 2<<10)
	srv.put("/big", append(append([]byte(`{"x":"`), bytes32(big)...), `"}`...))

	closed := newDocServer(t)
	closedList := closed.URL + "/lists/1"
	closed.put("/lists/1", iss.bitstringList(t, closedList, vc.PurposeRevocation))
	closed.Close()

	v := statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.Limits.MaxStatusListBytes = 1 << 10 })
	for name, entry := range map[string]any{
		"server closed":  bitstringEntry(closedList, vc.PurposeRevocation, "1"),
		"not found":      bitstringEntry(srv.URL+"/missing", vc.PurposeRevocation, "1"),
		"server error":   bitstringEntry(srv.URL+"/error", vc.PurposeRevocation, "1"),
		"wrong media":    bitstringEntry(srv.URL+"/html", vc.PurposeRevocation, "1"),
		"too large":      bitstringEntry(srv.URL+"/big", vc.PurposeRevocation, "1"),
		"plain http":     bitstringEntry("http"+srv.URL[len("https"):]+"/lists/1", vc.PurposeRevocation, "1"),
		"revocationlist": map[string]any{"id": closed.URL + "/revocations", "type": "1EdTechRevocationList"},
	} {
		t.Run(name, func(t *testing.T) {
			rep := statusCase(t, v, iss, entry)
			assert.False(t, rep.Verified, "fail closed")
			require.Len(t, rep.Errors, 1, "%v", rep.Errors)
			assert.Equal(t, vc.CodeStatusUnavailable, rep.Errors[0].Code, rep.Errors[0].Message)
			t.Log(rep.Errors[0].Message)
		})
	}
}

// bytes32 fills b with 'a' and returns it.
func bytes32(b []byte) []byte {
	for i := range b {
		b[i] = 'a'
	}
	return b
}

func TestStatusNoHTTPClient(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	v := statusVerifier(t, nil, nil)
	for _, entry := range []any{
		bitstringEntry("https://issuer.example/lists/1", vc.PurposeRevocation, "1"),
		map[string]any{"id": "https://issuer.example/revocations", "type": "1EdTechRevocationList"},
	} {
		rep := statusCase(t, v, iss, entry)
		assert.False(t, rep.Verified, "without a client the status is unknown: fail closed")
		require.Len(t, rep.Errors, 1)
		assert.Equal(t, vc.CodeStatusUnavailable, rep.Errors[0].Code)
		assert.Contains(t, rep.Errors[0].Message, "no HTTP client is configured")
		assert.Equal(t, "/credentialStatus", rep.Errors[0].Path)
	}
}

func TestStatusUnsupportedType(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	v := statusVerifier(t, srv.Client(), nil)
	rep := statusCase(t, v, iss, map[string]any{"id": srv.URL + "/x", "type": "CredentialStatusList2017"})
	assert.False(t, rep.Verified)
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, vc.CodeStatusUnsupported, rep.Errors[0].Code)
	assert.Equal(t, "/credentialStatus/type", rep.Errors[0].Path)
	assert.Zero(t, srv.total.Load(), "nothing is fetched for an unknown type")

	// Without any credentialStatus the check is skipped.
	cred := iss.credential(t, "urn:uuid:00000000-0000-4000-8000-000000000002", statusEpoch, nil)
	rep, err := v.Verify(context.Background(), cred, vc.Expectations{})
	require.NoError(t, err)
	assert.Equal(t, vc.StatusSkipped, rep.CheckStatus(vc.CheckStatus))
}

func TestStatusList2021(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/sl2021"
	b := make(bitstring, 16<<10)
	b.set(5, 1, 1)
	// A VCDM 1.1 list credential, as StatusList2021 lists were; its terms
	// come from an inline context, and it is signed with eddsa-jcs-2022
	// (TestStatusList2021PublishedContext cites the published context).
	srv.put("/sl2021", iss.sign(t, map[string]any{
		"@context": []any{vc.ContextV1, map[string]any{
			"StatusList2021Credential": "https://w3id.org/vc/status-list#StatusList2021Credential",
			"StatusList2021":           "https://w3id.org/vc/status-list#StatusList2021",
			"statusPurpose":            "https://w3id.org/vc/status-list#statusPurpose",
			"encodedList":              "https://w3id.org/vc/status-list#encodedList",
		}},
		"id":           list,
		"type":         []string{vc.TypeVerifiableCredential, "StatusList2021Credential"},
		"issuer":       iss.did,
		"issuanceDate": vc.NewDateTime(statusEpoch),
		"credentialSubject": map[string]any{
			"id": list + "#list", "type": "StatusList2021", "statusPurpose": "revocation", "encodedList": b.encode(t, false),
		},
	}, true))
	v := statusVerifier(t, srv.Client(), nil)
	entry := func(index string) map[string]any {
		return map[string]any{"id": list + "#" + index, "type": "StatusList2021Entry", "statusPurpose": "revocation",
			"statusListIndex": index, "statusListCredential": list}
	}
	rep := statusCase(t, v, iss, entry("4"))
	assert.True(t, rep.Verified, rep.Summary())
	assert.Equal(t, vc.StatusPassed, rep.CheckStatus(vc.CheckStatus))

	rep = statusCase(t, v, iss, entry("5"))
	assert.False(t, rep.Verified)
	assert.Equal(t, []string{vc.CodeRevoked}, issueCodes(rep.Errors))

	// A Bitstring entry pointing at a StatusList2021 list is refused, and a
	// StatusList2021 entry has no statusSize.
	rep = statusCase(t, v, iss, bitstringEntry(list, "revocation", "4"))
	assert.Equal(t, []string{vc.CodeStatusList}, issueCodes(rep.Errors))
	sized := entry("4")
	sized["statusSize"] = 1
	rep = statusCase(t, v, iss, sized)
	assert.Equal(t, []string{vc.CodeInvalidValue}, issueCodes(rep.Errors))
}

// TestStatusList2021PublishedContext: a StatusList2021 list credential
// that cites the published context (built in) and is signed with
// eddsa-rdfc-2022, as real 2021-era lists are.
func TestStatusList2021PublishedContext(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/sl2021"
	b := make(bitstring, 16<<10)
	b.set(9, 1, 1)
	srv.put("/sl2021", iss.sign(t, map[string]any{
		"@context":     []any{vc.ContextV1, "https://w3id.org/vc/status-list/2021/v1", "https://w3id.org/security/data-integrity/v2"},
		"id":           list,
		"type":         []string{vc.TypeVerifiableCredential, "StatusList2021Credential"},
		"issuer":       iss.did,
		"issuanceDate": vc.NewDateTime(statusEpoch),
		"credentialSubject": map[string]any{
			"id": list + "#list", "type": "StatusList2021", "statusPurpose": "revocation", "encodedList": b.encode(t, false),
		},
	}, false))
	v := statusVerifier(t, srv.Client(), nil)
	entry := func(index string) map[string]any {
		return map[string]any{"id": list + "#" + index, "type": "StatusList2021Entry", "statusPurpose": "revocation",
			"statusListIndex": index, "statusListCredential": list}
	}
	rep := statusCase(t, v, iss, entry("8"))
	assert.True(t, rep.Verified, rep.Summary())
	rep = statusCase(t, v, iss, entry("9"))
	assert.Equal(t, []string{vc.CodeRevoked}, issueCodes(rep.Errors))
}

func TestStatus1EdTechRevocationList(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	listed := "urn:uuid:00000000-0000-4000-8000-000000000001"
	srv.putDoc("/revocations", doc{contentType: "application/json", body: []byte(`{
		"id": "` + srv.URL + `/revocations",
		"issuer": "` + iss.did + `",
		"revokedCredentials": [
			{"id": "urn:uuid:00000000-0000-4000-8000-00000000000f"},
			{"id": "` + listed + `", "revocationReason": "Issued in error"}
		]}`)})
	srv.putDoc("/other-issuer", doc{contentType: "application/json", body: []byte(`{"issuer": "did:example:other", "revokedCredentials": []}`)})
	srv.putDoc("/no-list", doc{contentType: "application/json", body: []byte(`{"issuer": "` + iss.did + `"}`)})
	v := statusVerifier(t, srv.Client(), nil)
	entry := func(p string) map[string]any {
		return map[string]any{"id": srv.URL + p, "type": "1EdTechRevocationList"}
	}

	rep := statusCase(t, v, iss, entry("/revocations"))
	assert.False(t, rep.Verified)
	require.Equal(t, []string{vc.CodeRevoked}, issueCodes(rep.Errors))
	assert.Contains(t, rep.Errors[0].Message, "Issued in error")
	assert.Equal(t, "/credentialStatus", rep.Errors[0].Path)

	cred := iss.credential(t, "urn:uuid:00000000-0000-4000-8000-000000000002", statusEpoch, map[string]any{"credentialStatus": entry("/revocations")})
	rep, err := v.Verify(context.Background(), cred, vc.Expectations{})
	require.NoError(t, err, rep.Summary())
	assert.Equal(t, vc.StatusPassed, rep.CheckStatus(vc.CheckStatus))

	for _, p := range []string{"/other-issuer", "/no-list"} {
		rep = statusCase(t, v, iss, entry(p))
		assert.False(t, rep.Verified, p)
		assert.Equal(t, []string{vc.CodeStatusList}, issueCodes(rep.Errors), p)
	}
}

func TestStatusCache(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/shared"
	srv.put("/lists/shared", iss.bitstringList(t, list, vc.PurposeRevocation, 2))
	nocache := srv.URL + "/lists/nocache"
	srv.putDoc("/lists/nocache", doc{body: iss.bitstringList(t, nocache, vc.PurposeRevocation, 2),
		header: http.Header{"Cache-Control": {"no-store"}}})
	v := statusVerifier(t, srv.Client(), nil)

	for i, index := range []string{"1", "2", "3"} {
		rep := statusCase(t, v, iss, bitstringEntry(list, vc.PurposeRevocation, index))
		assert.Equal(t, index != "2", rep.Verified, "credential %d: %s", i, rep.Summary())
	}
	assert.Equal(t, int64(1), srv.count("/lists/shared"), "three credentials on one list fetch it once")

	for range 2 {
		statusCase(t, v, iss, bitstringEntry(nocache, vc.PurposeRevocation, "1"))
	}
	assert.Equal(t, int64(2), srv.count("/lists/nocache"), "a no-store list is fetched every time")

	// Another Verifier has its own cache.
	statusCase(t, statusVerifier(t, srv.Client(), nil), iss, bitstringEntry(list, vc.PurposeRevocation, "1"))
	assert.Equal(t, int64(2), srv.count("/lists/shared"))
}

func TestStatusHTTPAllow(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/1"
	srv.put("/lists/1", iss.bitstringList(t, list, vc.PurposeRevocation))

	v := statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.HTTPAllow = []string{"https://status.example/"} })
	rep := statusCase(t, v, iss, bitstringEntry(list, vc.PurposeRevocation, "1"))
	assert.False(t, rep.Verified)
	require.Equal(t, []string{vc.CodeStatusUnavailable}, issueCodes(rep.Errors))
	assert.Contains(t, rep.Errors[0].Message, "may not be fetched")
	assert.Zero(t, srv.total.Load(), "a URL outside HTTPAllow is not requested")

	v = statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.HTTPAllow = []string{srv.URL + "/lists/"} })
	rep = statusCase(t, v, iss, bitstringEntry(list, vc.PurposeRevocation, "1"))
	assert.True(t, rep.Verified, rep.Summary())

	_, err := vc.NewVerifier(vc.VerifierOptions{Retriever: mustRetriever(t), HTTPClient: srv.Client(), HTTPAllow: []string{"lists/"}})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions)
}

func mustRetriever(t testing.TB) *did.Retriever {
	t.Helper()
	res, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: res})
	require.NoError(t, err)
	return ret
}

// replaceOnce replaces the one occurrence of old in s.
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(s, old), "expected exactly one %q", old)
	return strings.Replace(s, old, new, 1)
}

func BenchmarkStatusCheck(b *testing.B) {
	iss := newStatusIssuer(b, 1)
	srv := newDocServer(b)
	list := srv.URL + "/lists/bench"
	srv.put("/lists/bench", iss.bitstringList(b, list, vc.PurposeRevocation, 9))
	v := statusVerifier(b, srv.Client(), nil)
	cred := iss.credential(b, "urn:uuid:00000000-0000-4000-8000-000000000001", statusEpoch,
		map[string]any{"credentialStatus": bitstringEntry(list, vc.PurposeRevocation, "8")})
	ctx := context.Background()
	if _, err := v.Verify(ctx, cred, vc.Expectations{}); err != nil { // warms the cache
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := v.Verify(ctx, cred, vc.Expectations{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := srv.count("/lists/bench"); n != 1 {
		b.Fatalf("the list was fetched %d times", n)
	}
}
