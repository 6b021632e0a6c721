package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/internal/sqldb/pg/pgtest"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/statuslist"
)

const issuerKey = "testdata/issuer-ed25519.json"

// tlsFiles writes a certificate for 127.0.0.1 and its key as PEM files and
// returns their paths and a client that trusts the certificate.
func tlsFiles(t *testing.T) (certFile, keyFile string, client *http.Client) {
	t.Helper()
	cert, err := selfSignedCertificate("127.0.0.1:0")
	require.NoError(t, err)
	der, err := x509.MarshalECPrivateKey(cert.PrivateKey.(*ecdsa.PrivateKey))
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600))
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	require.NoError(t, err)
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return certFile, keyFile, &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
}

// TestStatusEndToEnd: with each store, status create gives credentials
// their entries, sign signs them, serve publishes the lists over HTTPS,
// and clrkit's verifier, fetching them on loopback (allowed), sees each
// revoke, suspend and reinstate done with the command.
func TestStatusEndToEnd(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { statusEndToEnd(t, "sqlite:"+filepath.Join(t.TempDir(), "status.db")) })
	t.Run("postgres", func(t *testing.T) { statusEndToEnd(t, "postgres:"+pgtest.Database(t)) })
}

func statusEndToEnd(t *testing.T, store string) {
	ctx := context.Background()
	certFile, keyFile, client := tlsFiles(t)
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", issuerKey, "--tls-cert", certFile, "--tls-key", keyFile, "--store", store)
	base := url + "/status"
	dir := t.TempDir()

	// issue runs status create and sign, and returns the signed credential.
	issue := func(id string, purpose ...string) []byte {
		t.Helper()
		src, err := os.ReadFile("testdata/ob3-basic.json")
		require.NoError(t, err)
		path := filepath.Join(dir, "unsigned.json")
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002", id, 1)), 0o600))
		args := []string{"status", "create", "--store", store, "--base-url", base, path}
		for _, p := range purpose {
			args = append(args, "--purpose", p)
		}
		code, withStatus, errOut := runCLI(t, "", args...)
		require.Equal(t, exitOK, code, errOut)
		code, signed, errOut := runCLI(t, withStatus, "sign", "--key", issuerKey, "--proof-list", "-")
		require.Equal(t, exitOK, code, errOut)
		return []byte(signed)
	}
	// verify verifies with a new verifier (no cached lists) and returns
	// the report.
	verify := func(cred []byte) *vc.Report {
		t.Helper()
		v, err := openbadges.NewVerifier(vc.VerifierOptions{HTTPClient: client, AllowHosts: []string{"127.0.0.1"}})
		require.NoError(t, err)
		r, _ := v.Verify(ctx, cred, vc.Expectations{})
		require.NotNil(t, r)
		return r
	}
	status := func(args ...string) (int, map[string]any) {
		t.Helper()
		code, out, errOut := runCLI(t, "", append([]string{"status"}, args...)...)
		var got map[string]any
		if out != "" {
			require.NoError(t, json.Unmarshal([]byte(out), &got), out)
		}
		if code != exitOK {
			assert.NotEmpty(t, errOut)
		}
		return code, got
	}

	const revocable = "urn:uuid:00000000-0000-4000-8000-0000000000a1"
	cred := issue(revocable)
	var doc struct {
		Status map[string]string `json:"credentialStatus"`
	}
	require.NoError(t, json.Unmarshal(cred, &doc))
	assert.Equal(t, base+"/revocation/1", doc.Status["statusListCredential"])
	assert.Equal(t, "revocation", doc.Status["statusPurpose"])
	r := verify(cred)
	require.True(t, r.Verified, r.Summary())
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckStatus))

	code, shown := status("show", "--store", store, revocable)
	require.Equal(t, exitOK, code)
	entries := shown["status"].([]any)
	require.Len(t, entries, 1)
	assert.Equal(t, map[string]any{"statusPurpose": "revocation", "statusListCredential": base + "/revocation/1",
		"statusListIndex": doc.Status["statusListIndex"], "set": false}, entries[0])

	code, changed := status("revoke", "--store", store, revocable)
	require.Equal(t, exitOK, code)
	assert.Equal(t, true, changed["status"].([]any)[0].(map[string]any)["set"])
	r = verify(cred)
	assert.False(t, r.Verified)
	assert.True(t, r.HasError(vc.CodeRevoked), r.Summary())
	code, _ = status("revoke", "--store", store, revocable)
	assert.Equal(t, exitOK, code, "revoking twice is no error")
	code, _ = status("reinstate", "--store", store, revocable)
	assert.Equal(t, exitRejected, code, "no suspension entry to lift")

	const suspendable = "urn:uuid:00000000-0000-4000-8000-0000000000a2"
	cred = issue(suspendable, "suspension")
	require.True(t, verify(cred).Verified)
	code, _ = status("suspend", "--store", store, suspendable)
	require.Equal(t, exitOK, code)
	r = verify(cred)
	assert.True(t, r.HasError(vc.CodeSuspended), r.Summary())
	code, _ = status("revoke", "--store", store, suspendable)
	assert.Equal(t, exitRejected, code, "no revocation entry")
	code, _ = status("reinstate", "--store", store, suspendable)
	require.Equal(t, exitOK, code)
	r = verify(cred)
	assert.True(t, r.Verified, r.Summary())

	// The list for static hosting: signed by the issuer's key, it is a
	// credential that verifies, and its bit is the revoked one's.
	listURL := base + "/revocation/1"
	code, out, errOut := runCLI(t, "", "status", "show", "--store", store, "--list", listURL, "--key", issuerKey, "--at", "2026-01-01T00:00:00Z")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"created": "2026-01-01T00:00:00Z"`)
	r = verify([]byte(out))
	assert.True(t, r.Verified, r.Summary())
	var lc struct {
		Subject struct {
			Encoded string `json:"encodedList"`
		} `json:"credentialSubject"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &lc))
	l, err := statuslist.Decode(lc.Subject.Encoded)
	require.NoError(t, err)
	idx, err := strconv.Atoi(doc.Status["statusListIndex"])
	require.NoError(t, err)
	set, err := l.Get(idx)
	require.NoError(t, err)
	assert.True(t, set)

	code, _, errOut = runCLI(t, "", "status", "show", "--store", store, "--list", base+"/revocation/9")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, errOut, "no list at")
	code, _ = status("show", "--store", store, "urn:uuid:unknown")
	assert.Equal(t, exitRejected, code)

	// Another key cannot sign the issuer's list.
	other := writeTemp(t, "other.json", mustKeygen(t, "02"))
	code, _, errOut = runCLI(t, "", "status", "show", "--store", store, "--list", listURL, "--key", other)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, errOut, "is issued by did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn")
}

// mustKeygen returns the key file keygen makes from a seed of 32 bytes
// of the hex byte b.
func mustKeygen(t *testing.T, b string) string {
	t.Helper()
	code, out, errOut := runCLI(t, "", "keygen", "--seed", strings.Repeat(b, 32))
	require.Equal(t, exitOK, code, errOut)
	return out
}

// TestStatusUsage: usage errors exit 2 naming the problem; credentials the
// store cannot take and changes it cannot make exit 1.
func TestStatusUsage(t *testing.T) {
	store := "sqlite:" + filepath.Join(t.TempDir(), "status.db")
	signed := "testdata/ob3-basic.signed.json"
	unsigned := "testdata/ob3-basic.json"
	base := "https://example.edu/status"
	for _, tt := range []struct {
		name    string
		args    []string
		code    int
		mention string
	}{
		{"no subcommand", []string{"status"}, exitUsage, "want the subcommand"},
		{"unknown subcommand", []string{"status", "delete"}, exitUsage, "want the subcommand"},
		{"create without --store", []string{"status", "create", "--base-url", base, unsigned}, exitUsage, "--store is required"},
		{"create without --base-url", []string{"status", "create", "--store", store, unsigned}, exitUsage, "--base-url is required"},
		{"relative --base-url", []string{"status", "create", "--store", store, "--base-url", "/status", unsigned}, exitUsage, "--base-url"},
		{"unknown purpose", []string{"status", "create", "--store", store, "--base-url", base, "--purpose", "refresh", unsigned}, exitUsage, "--purpose"},
		{"purpose twice", []string{"status", "create", "--store", store, "--base-url", base, "--purpose", "revocation", "--purpose", "revocation", unsigned}, exitUsage, "twice"},
		{"unknown store kind", []string{"status", "create", "--store", "mysql:x", "--base-url", base, unsigned}, exitUsage, `unknown kind "mysql"`},
		{"store without kind", []string{"status", "show", "--store", "status.db", "urn:x"}, exitUsage, "want sqlite:PATH or postgres:DSN"},
		{"sqlite without a path", []string{"status", "show", "--store", "sqlite:", "urn:x"}, exitUsage, "the PATH after the colon is missing"},
		{"unreachable postgres", []string{"status", "show", "--store", "postgres://nobody:zq9sekrit@127.0.0.1:1/x?connect_timeout=2", "urn:x"}, exitUsage, "postgres:nobody@127.0.0.1:1/x"},
		{"password in the query", []string{"status", "show", "--store", "postgres://127.0.0.1:1/x?password=zq9sekrit&connect_timeout=2", "urn:x"}, exitUsage, "127.0.0.1:1/x"},
		{"quoted key=value password", []string{"status", "show", "--store", "postgres:host=127.0.0.1 port=1 password='my zq9sekrit' connect_timeout=2", "urn:x"}, exitUsage, "--store postgres"},
		{"spaced key=value password", []string{"status", "show", "--store", "postgres:host=127.0.0.1 port=1 password = zq9sekrit connect_timeout=2", "urn:x"}, exitUsage, "--store postgres"},
		{"@ in the password", []string{"status", "show", "--store", "postgres://u:zq9@sekrit@127.0.0.1:1/x?connect_timeout=2", "urn:x"}, exitUsage, "--store postgres"},
		{"unknown kind with a secret", []string{"status", "show", "--store", "mysql://u:zq9sekrit@h/x", "urn:x"}, exitUsage, `unknown kind "mysql"`},
		{"signed already", []string{"status", "create", "--store", store, "--base-url", base, signed}, exitRejected, "signed already"},
		{"not JSON", []string{"status", "create", "--store", store, "--base-url", base, "testdata/ob3-basic.eddsa.jwt"}, exitUsage, "not valid JSON"},
		{"revoke without ID", []string{"status", "revoke", "--store", store}, exitUsage, "missing ID"},
		{"revoke unknown", []string{"status", "revoke", "--store", store, "urn:x"}, exitRejected, "has no revocation entry"},
		{"show --key without --list", []string{"status", "show", "--store", store, "--key", issuerKey, "urn:x"}, exitUsage, "go with --list"},
		{"show --list and an ID", []string{"status", "show", "--store", store, "--list", base + "/revocation/1", "urn:x"}, exitUsage, "unexpected argument"},
		{"show bad --at", []string{"status", "show", "--store", store, "--list", base + "/revocation/1", "--key", issuerKey, "--at", "today"}, exitUsage, "--at"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", tt.args...)
			assert.Equal(t, tt.code, code, errOut)
			assert.Contains(t, errOut, tt.mention)
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
			assert.NotContains(t, errOut, "zq9sekrit")
			assert.NotContains(t, errOut, "sekrit")
		})
	}
}

// TestServeStatusUsage: the status flags of serve; each usage error names
// the flag.
func TestServeStatusUsage(t *testing.T) {
	store := "sqlite:" + filepath.Join(t.TempDir(), "status.db")
	for name, tc := range map[string]struct {
		args    []string
		mention string
	}{
		"base without store":  {[]string{"--status-base-url", "https://example.edu/status"}, "go with --store"},
		"max-age w/o store":   {[]string{"--status-max-age", "5m"}, "go with --store"},
		"relative base":       {[]string{"--store", store, "--status-base-url", "/status"}, "--status-base-url"},
		"base with a query":   {[]string{"--store", store, "--status-base-url", "https://example.edu/status?"}, "--status-base-url"},
		"base not escaped":    {[]string{"--store", store, "--status-base-url", "https://example.edu/{a}"}, "--status-base-url"},
		"base at the root":    {[]string{"--store", store, "--status-base-url", "https://example.edu/"}, "a path of their own"},
		"base on the VC-API":  {[]string{"--store", store, "--status-base-url", "https://example.edu/credentials/status"}, "taken by the server's own endpoints"},
		"base on the OAuth":   {[]string{"--store", store, "--status-base-url", "https://example.edu/oauth"}, "taken by the server's own endpoints"},
		"base above the APIs": {[]string{"--store", store, "--status-base-url", "https://example.edu/ims/ob"}, "taken by the server's own endpoints"},
		"negative max-age":    {[]string{"--store", store, "--status-max-age", "-1s"}, "--status-max-age"},
		"unknown store kind":  {[]string{"--store", "bolt:x.db"}, `unknown kind "bolt"`},
		"public URL w/ path":  {[]string{"--store", store, "--public-url", "https://example.edu/x"}, "--public-url"},
		"all addresses":       {[]string{"--store", store, "--unsafe-any-address", "--addr", "0.0.0.0:0"}, "give --public-url"},
		"store without a DSN": {[]string{"--store", "postgres:"}, "DSN after the colon is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--key", issuerKey}, tc.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tc.mention)
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
		})
	}
}

// TestServePublicURL: --public-url names the server in its lists' URLs.
func TestServePublicURL(t *testing.T) {
	store := "sqlite:" + filepath.Join(t.TempDir(), "status.db")
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", issuerKey, "--store", store, "--public-url", "https://badges.example.edu")
	cred := issueOver(t, &http.Client{Timeout: 30 * time.Second}, url)
	assert.Contains(t, string(cred), `"statusListCredential":"https://badges.example.edu/status/revocation/1"`)
}

// TestServeStatusBase: lists under a base whose path needs escaping are
// served there, and the VC-API beside them is untouched.
func TestServeStatusBase(t *testing.T) {
	store := "sqlite:" + filepath.Join(t.TempDir(), "status.db")
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", issuerKey, "--store", store, "--status-base-url", "https://lists.example/a%20b")
	client := &http.Client{Timeout: 30 * time.Second}
	cred := issueOver(t, client, url)
	var doc struct {
		Status map[string]string `json:"credentialStatus"`
	}
	require.NoError(t, json.Unmarshal(cred, &doc))
	list := doc.Status["statusListCredential"]
	require.Equal(t, "https://lists.example/a%20b/revocation/1", list)
	resp, err := client.Get(url + strings.TrimPrefix(list, "https://lists.example"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
