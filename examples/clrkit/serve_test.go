package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startServe runs `clrkit serve` in-process with args and returns the URL
// from its first line of output; the server stops (and its exit status is
// checked) when the test ends.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	e := &env{ctx: ctx, stdin: strings.NewReader(""), stdout: pw, stderr: &errOut}
	done := make(chan int, 1)
	go func() {
		code := run(e, append([]string{"serve"}, args...))
		pw.Close()
		done <- code
	}()
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, pr)
	}()
	var first string
	select {
	case first = <-lines:
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("serve printed nothing in 10s")
	}
	require.NotEmpty(t, first, "serve stopped: %s", errOut.String())
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			assert.Equal(t, exitOK, code, "serve exit status; stderr: %s", errOut.String())
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10s of its context's cancellation")
		}
	})
	url, _, _ := strings.Cut(first, " ")
	return url
}

// issueOver posts a credential to url's issue endpoint and returns the
// verifiable credential's JSON.
func issueOver(t *testing.T, client *http.Client, url string) []byte {
	t.Helper()
	body := `{"credential": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "credentialSubject": {"name": "Alice"}}}`
	resp, err := client.Post(url+"/credentials/issue", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", data)
	var out struct {
		VerifiableCredential json.RawMessage `json:"verifiableCredential"`
	}
	require.NoError(t, json.Unmarshal(data, &out))
	require.NotEmpty(t, out.VerifiableCredential)
	return out.VerifiableCredential
}

func TestServeTLSSelfSigned(t *testing.T) {
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", "testdata/issuer-ed25519.json", "--tls-self-signed")
	require.True(t, strings.HasPrefix(url, "https://127.0.0.1:"), url)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // the suites' rejectUnauthorized: false
	cred := issueOver(t, client, url)
	assert.Contains(t, string(cred), `"issuer":"did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn"`)

	// clrkit's own verify command accepts what serve issued.
	path := filepath.Join(t.TempDir(), "issued.json")
	require.NoError(t, os.WriteFile(path, cred, 0o600))
	code, out, errOut := runCLI(t, "", "verify", path)
	assert.Equal(t, exitOK, code, "stdout: %s\nstderr: %s", out, errOut)

	// And serve's verify endpoint does too.
	resp, err := client.Post(url+"/credentials/verify", "application/json",
		strings.NewReader(`{"verifiableCredential": `+string(cred)+`, "options": {"checks": ["proof"]}}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestServePlainHTTP(t *testing.T) {
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", "testdata/issuer-ed25519.json")
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), url)
	client := &http.Client{Timeout: 30 * time.Second}
	cred := issueOver(t, client, url)
	resp, err := client.Post(url+"/credentials/verify", "application/json",
		strings.NewReader(`{"verifiableCredential": `+string(cred)+`}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, err = client.Get(url + "/credentials/issue")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestServeUsage(t *testing.T) {
	key := "testdata/issuer-ed25519.json"
	for name, args := range map[string][]string{
		"no flags":                  {},
		"missing --addr":            {"--key", key},
		"missing --key":             {"--addr", "127.0.0.1:0"},
		"self-signed and a cert":    {"--addr", "127.0.0.1:0", "--key", key, "--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
		"cert without its key":      {"--addr", "127.0.0.1:0", "--key", key, "--tls-cert", "c.pem"},
		"key without its cert":      {"--addr", "127.0.0.1:0", "--key", key, "--tls-key", "k.pem"},
		"extra argument":            {"--addr", "127.0.0.1:0", "--key", key, "extra"},
		"unreadable key file":       {"--addr", "127.0.0.1:0", "--key", "testdata/does-not-exist.json"},
		"address not listenable":    {"--addr", "256.0.0.1:0", "--key", key, "--unsafe-any-address"},
		"non-loopback address":      {"--addr", "0.0.0.0:0", "--key", key},
		"host name not loopback":    {"--addr", "example.com:0", "--key", key},
		"certificate files missing": {"--addr", "127.0.0.1:0", "--key", key, "--tls-cert", "testdata/none.pem", "--tls-key", "testdata/none.key"},
		"unknown suite":             {"--addr", "127.0.0.1:0", "--key", key, "--suite", "bbs-2023"},
		"suite and key disagree":    {"--addr", "127.0.0.1:0", "--key", key, "--suite", "ecdsa-rdfc-2019"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", append([]string{"serve"}, args...)...)
			assert.Equal(t, exitUsage, code)
			assert.NotEmpty(t, errOut)
		})
	}
}

// --suite chooses the cryptosuite of issued proofs (the W3C suites'
// eddsa-jcs-2022 and ecdsa-rdfc-2019 issuer tests need it), and what serve
// issues with it verifies.
func TestServeSuite(t *testing.T) {
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", "testdata/issuer-ed25519.json", "--suite", "eddsa-jcs-2022")
	client := &http.Client{Timeout: 30 * time.Second}
	cred := issueOver(t, client, url)
	assert.Contains(t, string(cred), `"cryptosuite":"eddsa-jcs-2022"`)
	path := filepath.Join(t.TempDir(), "issued.json")
	require.NoError(t, os.WriteFile(path, cred, 0o600))
	code, out, errOut := runCLI(t, "", "verify", path)
	assert.Equal(t, exitOK, code, "stdout: %s\nstderr: %s", out, errOut)
}
