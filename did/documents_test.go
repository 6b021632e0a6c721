package did

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeDocuments writes files (name to content) and an index.json into a
// new directory.
func writeDocuments(t *testing.T, index string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.json"), []byte(index), 0o600))
	for name, body := range files {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
	}
	return dir
}

// TestLocalDocumentsDIDWeb: a did:web DID resolves offline from its local
// copy, which is checked as a fetched document is (its id must be the DID);
// another DID has no copy and fails without reaching a network.
func TestLocalDocumentsDIDWeb(t *testing.T) {
	doc := readFile(t, "testdata/did-web/example-did-jwk.json")
	dir := writeDocuments(t, `{"https://example.com/.well-known/did.json": "example.com/did.json",
		"https://example.com/other/did.json": "other.json"}`,
		map[string]string{"example.com/did.json": doc, "other.json": strings.Replace(doc, `"did:web:example.com"`, `"did:web:example.org"`, 1)})
	docs, err := ReadLocalDocuments(dir)
	require.NoError(t, err)
	assert.Equal(t, 2, docs.Len())
	body, ok := docs.Body("https://example.com/.well-known/did.json")
	require.True(t, ok)
	assert.Equal(t, doc, string(body))

	r, err := NewWebResolver(docs.Client(nil), HTTPOptions{})
	require.NoError(t, err)
	res, err := r.Resolve(context.Background(), "did:web:example.com")
	require.NoError(t, err)
	assert.Equal(t, "did:web:example.com", res.Document.ID)

	_, err = r.Resolve(context.Background(), "did:web:example.com:other")
	assert.ErrorIs(t, err, ErrInvalidDIDDocument, "a local copy whose id is another DID is refused")

	_, err = r.Resolve(context.Background(), "did:web:example.net")
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrNoLocalCopy), "%v", err)
	assert.ErrorIs(t, err, ErrURLNotAllowed)
}

// TestLocalDocumentsThenNetwork: URLs without a copy go to the network
// client, still guarded.
func TestLocalDocumentsThenNetwork(t *testing.T) {
	s := newWebServer(t)
	s.handle("example.com/.well-known/did.json", serveJSON(readFile(t, "testdata/did-web/example-did-jwk.json"), "application/did+json", ""))
	dir := writeDocuments(t, `{}`, nil)
	docs, err := ReadLocalDocuments(dir)
	require.NoError(t, err)

	guarded, err := NewWebResolver(docs.Client(s.Client()), HTTPOptions{})
	require.NoError(t, err)
	_, err = guarded.Resolve(context.Background(), "did:web:example.com")
	assert.ErrorIs(t, err, ErrURLNotAllowed, "the test server is on loopback")

	allowed, err := NewWebResolver(docs.Client(s.Client()), HTTPOptions{AllowHosts: loopbackHosts})
	require.NoError(t, err)
	res, err := allowed.Resolve(context.Background(), "did:web:example.com")
	require.NoError(t, err)
	assert.Equal(t, "did:web:example.com", res.Document.ID)
}

func TestReadLocalDocumentsErrors(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.json")
	require.NoError(t, os.WriteFile(outside, []byte(`{}`), 0o600))
	for _, c := range []struct {
		name, index, want string
		files             map[string]string
	}{
		{"no index", "", "index.json", nil},
		{"index not an object", `["a"]`, "want a JSON object", nil},
		{"missing file", `{"https://example.com/a": "a.json"}`, "a.json", nil},
		{"absolute path", `{"https://example.com/a": "` + filepath.ToSlash(outside) + `"}`, "not a path relative", nil},
		{"escaping path", `{"https://example.com/a": "../secret.json"}`, "escapes", nil},
		{"relative URL", `{"/a": "a.json"}`, "not an absolute URL", map[string]string{"a.json": "{}"}},
		{"same URL twice", `{"https://example.com/a#x": "a.json", "https://example.com/a": "a.json"}`, "two local copies", map[string]string{"a.json": "{}"}},
	} {
		dir := t.TempDir()
		if c.index != "" {
			dir = writeDocuments(t, c.index, c.files)
		}
		_, err := ReadLocalDocuments(dir)
		if assert.Error(t, err, c.name) {
			assert.Contains(t, err.Error(), c.want, c.name)
		}
	}
	_, err := ReadLocalDocuments(filepath.Join(t.TempDir(), "absent"))
	assert.Error(t, err)
}

// TestLocalDocumentsClient: the client keeps the network client's
// settings, and without one is offline.
func TestLocalDocumentsClient(t *testing.T) {
	docs, err := NewLocalDocuments(map[string]LocalDocument{"https://example.com/list": {Body: []byte("eyJ.a.b"), Name: "list.jwt"}})
	require.NoError(t, err)
	c := docs.Client(&http.Client{Timeout: 7})
	assert.Equal(t, 7, int(c.Timeout))
	resp, err := c.Get("https://example.com/list#frag")
	require.NoError(t, err)
	assert.Equal(t, "application/jwt", resp.Header.Get("Content-Type"))
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	resp.Body.Close()

	_, err = docs.Client(nil).Get("https://example.com/other")
	assert.True(t, errors.Is(err, ErrNoLocalCopy), "%v", err)
}
