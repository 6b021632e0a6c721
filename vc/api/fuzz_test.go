package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/vc/api"
)

// FuzzHandler: any method, path, query, content type and body gets one of
// the documented statuses, never a panic, and every body but a 304's is
// JSON (or the text/plain JWS echoed).
func FuzzHandler(f *testing.F) {
	h, err := api.NewHandler(api.Options{Standard: std, Store: api.NewMemoryStore(), Authorizer: tokens, Discovery: api.Discovery{
		TermsOfService: "https://e.org/t", PrivacyPolicyURL: "https://e.org/p", RegistrationURL: "https://e.org/r",
		AuthorizationURL: "https://e.org/a", TokenURL: "https://e.org/t"}, MaxBodyBytes: 4 << 10})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []struct{ method, path, ct, body string }{
		{"POST", "/credentials", "application/json", credential(1, t0)},
		{"POST", "/credentials", "text/plain", "eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln"},
		{"GET", "/credentials?limit=2&offset=1&since=2020-01-01T00:00:00Z", "", ""},
		{"PUT", "/profile", "application/json", `{"id": "https://e.org/1", "type": "Profile"}`},
		{"GET", "/discovery", "", ""},
		{"PATCH", "/profile", "", "{}"},
		{"POST", "/credentials", "application/json; charset=utf-8", `{"type": ["OpenBadgeCredential"], "issuer": 7}`},
	} {
		f.Add(seed.method, seed.path, seed.ct, seed.body)
	}
	allowed := map[int]bool{200: true, 201: true, 304: true, 400: true, 401: true, 403: true, 404: true, 405: true, 413: true, 415: true}
	f.Fuzz(func(t *testing.T, method, path, ct, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req, err := http.NewRequest(method, "https://api.example"+std.BasePath+path, strings.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		req.Header.Set("Authorization", "Bearer fuzz:all")
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		if rec.Code == http.StatusNotModified || rec.Body.Len() == 0 || rec.Header().Get("Content-Type") == "text/plain" {
			return
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: %d with a body that is not JSON: %q", method, path, rec.Code, rec.Body)
		}
	})
}
