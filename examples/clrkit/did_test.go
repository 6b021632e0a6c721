package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// runDIDCommand runs `clrkit did ...` in-process.
func runDIDCommand(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	return runDID(e, args), out.String(), errOut.String()
}

// didWebServer serves did:web documents for did:web:localhost%3APORT on
// plain http (or TLS) and returns the server and that DID.
func didWebServer(t *testing.T, tls bool) (*httptest.Server, string) {
	t.Helper()
	var did string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/did.json":
			w.Header().Set("Content-Type", "application/did+json")
			w.Write([]byte(`{"@context": ["https://www.w3.org/ns/did/v1"], "id": "` + did + `",
				"verificationMethod": [{"id": "` + did + `#key-0", "type": "Multikey", "controller": "` + did + `",
					"publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],
				"assertionMethod": ["` + did + `#key-0"]}`))
		case "/wrong/did.json":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"id": "did:web:elsewhere.example"}`))
		default:
			http.NotFound(w, r)
		}
	})
	var s *httptest.Server
	if tls {
		s = httptest.NewTLSServer(h)
	} else {
		s = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	port := s.Listener.Addr().String()[strings.LastIndexByte(s.Listener.Addr().String(), ':')+1:]
	did = "did:web:localhost%3A" + port
	return s, did
}

func TestDIDResolveWeb(t *testing.T) {
	_, did := didWebServer(t, false)
	host := "localhost:" + did[strings.LastIndex(did, "%3A")+3:]
	code, out, stderr := runDIDCommand(t, "resolve", did, "--allow-http-host", host)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc["id"] != did {
		t.Fatalf("output %q: %v", out, err)
	}
	if !strings.Contains(out, "\n  \"id\": ") {
		t.Errorf("output not indented:\n%s", out)
	}

	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no allow-http-host: https to an http server fails", []string{"resolve", did}, exitRejected},
		{"404", []string{"resolve", did + ":missing", "--allow-http-host", host}, exitRejected},
		{"wrong id", []string{"resolve", did + ":wrong", "--allow-http-host", host}, exitRejected},
		{"IP host", []string{"resolve", "did:web:127.0.0.1%3A8080"}, exitUsage},
		{"bad allow-http-host", []string{"resolve", did, "--allow-http-host", "localhost"}, exitUsage},
	}
	for _, tt := range tests {
		code, out, stderr := runDIDCommand(t, tt.args...)
		if code != tt.code || out != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d (want %d), stdout %q, stderr %q", tt.name, code, tt.code, out, stderr)
		}
	}
}

func TestDIDResolveInsecureTLS(t *testing.T) {
	_, did := didWebServer(t, true)
	// The test certificate does not name localhost.
	if code, _, stderr := runDIDCommand(t, "resolve", did); code != exitRejected {
		t.Errorf("untrusted certificate: exit %d: %s", code, stderr)
	}
	if code, out, stderr := runDIDCommand(t, "resolve", "--insecure-skip-tls-verify", did); code != exitOK || !strings.Contains(out, did) {
		t.Errorf("--insecure-skip-tls-verify: exit %d: %s", code, stderr)
	}
}

func TestDIDResolveKeyAndJWK(t *testing.T) {
	const key = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	code, out, stderr := runDIDCommand(t, "resolve", key)
	if code != exitOK || !strings.Contains(out, `"publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"`) {
		t.Fatalf("did:key: exit %d: %s%s", code, out, stderr)
	}
	// did:jwk example of the did:jwk specification (a P-256 key).
	const jwk = "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
	if code, out, stderr := runDIDCommand(t, "resolve", jwk); code != exitOK || !strings.Contains(out, `"publicKeyJwk"`) {
		t.Errorf("did:jwk: exit %d: %s%s", code, out, stderr)
	}
}

func TestDIDResolveUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"resolve"},
		{"dereference", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
		{"resolve", "a", "b"},
		{"resolve", "--nope", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
		{"resolve", "not-a-did"},
		{"resolve", "did:example:123"},
		{"resolve", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#frag"},
	} {
		code, out, stderr := runDIDCommand(t, args...)
		if code != exitUsage || out != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
}
