package did

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"github.com/clrkit/clrkit/internal/httpfetch"
)

// MaxLocalDocumentBytes bounds one file of a local document set.
const MaxLocalDocumentBytes = 16 << 20

// LocalDocuments are local copies of documents that verification would
// otherwise fetch: did:web DID documents, https controller and key
// documents, JWK Sets, status list credentials, refreshed credentials. A
// harness, an air-gapped registrar or CI hands them to the verifier so that
// did:web and status-bearing credentials verify deterministically.
//
// Copies are consulted before any network, and pass through every check a
// fetched document meets: the fetch rules of the caller (https only, the
// URL allowlists, size limits), and the checks of what is read (a DID
// document's id must be the DID, a status list credential's proof must
// verify). Give the WebResolver, the Retriever and the vc Verifier the
// client Client returns, and the same local set and network policy hold
// for every fetch. JSON-LD contexts are not fetched through a client: a
// caller that wants the copies' contexts gives its JSON-LD loader the
// bodies (Body, URLs), as the clrkit command does.
type LocalDocuments struct {
	bodies map[string][]byte         // as given, for Body and URLs
	local  *httpfetch.LocalTransport // offline; Client forwards it
}

// NewLocalDocuments returns a set holding, for each absolute URL in docs,
// the bytes it serves; the name is what reports show as its source (a
// file name, say). A fragment of a URL is ignored.
func NewLocalDocuments(docs map[string]LocalDocument) (*LocalDocuments, error) {
	l := &LocalDocuments{bodies: make(map[string][]byte, len(docs))}
	copies := make(map[string]httpfetch.LocalDocument, len(docs))
	for u, d := range docs {
		l.bodies[u] = d.Body
		copies[u] = httpfetch.LocalDocument{Body: d.Body, Name: d.Name}
	}
	local, err := httpfetch.NewLocalTransport(copies, nil)
	if err != nil {
		return nil, fmt.Errorf("did: %w", err)
	}
	l.local = local
	return l, nil
}

// LocalDocument is one local copy: its bytes and where they came from.
type LocalDocument struct {
	Body []byte
	Name string
}

// ReadLocalDocuments reads the set described by dir/index.json: a JSON
// object mapping each URL, exactly as it would be fetched, to a file path
// relative to dir ({"https://example.edu/.well-known/did.json":
// "example.edu-did.json"}). Paths may not leave dir. Every file is read
// now, so that a missing one is reported before any verification.
func ReadLocalDocuments(dir string) (*LocalDocuments, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("did: local documents: %w", err)
	}
	defer root.Close()
	index, err := readRootFile(root, "index.json")
	if err != nil {
		return nil, fmt.Errorf("did: local documents %s: %w", filepath.Join(dir, "index.json"), err)
	}
	var entries map[string]string
	if err := json.Unmarshal(index, &entries); err != nil {
		return nil, fmt.Errorf("did: local documents %s: want a JSON object mapping URLs to file paths: %v", filepath.Join(dir, "index.json"), err)
	}
	docs := make(map[string]LocalDocument, len(entries))
	for u, name := range entries {
		if name == "" || filepath.IsAbs(name) {
			return nil, fmt.Errorf("did: local documents: %s: %q is not a path relative to %s", u, name, dir)
		}
		body, err := readRootFile(root, filepath.FromSlash(name))
		if err != nil {
			return nil, fmt.Errorf("did: local documents: %s: %w", u, err)
		}
		docs[u] = LocalDocument{Body: body, Name: name}
	}
	return NewLocalDocuments(docs)
}

// readRootFile reads a file inside root, up to MaxLocalDocumentBytes.
func readRootFile(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, MaxLocalDocumentBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxLocalDocumentBytes {
		return nil, fmt.Errorf("%s is over %d bytes", name, MaxLocalDocumentBytes)
	}
	return body, nil
}

// Len is the number of copies in the set.
func (l *LocalDocuments) Len() int { return len(l.bodies) }

// URLs lists the URLs the set has copies of, as they were given.
func (l *LocalDocuments) URLs() []string {
	out := make([]string, 0, len(l.bodies))
	for u := range l.bodies {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

// Body returns the bytes of the copy held for rawURL (the URL as it was
// given), exactly as the set was given them.
func (l *LocalDocuments) Body(rawURL string) ([]byte, bool) {
	b, ok := l.bodies[rawURL]
	return b, ok
}

// Client returns an HTTP client that answers from the local copies first
// and sends every other request through network (its Transport, Timeout,
// Jar and CheckRedirect), or, when network is nil, fails it: offline, with
// ErrNoLocalCopy. The fetchers of this module guard what the client sends
// to the network as they guard any client (HTTPOptions.AllowHosts).
func (l *LocalDocuments) Client(network *http.Client) *http.Client {
	var next http.RoundTripper
	c := &http.Client{}
	if network != nil {
		*c = *network
		next = network.Transport
		if next == nil {
			next = http.DefaultTransport
		}
	}
	c.Transport = l.local.Forward(next)
	return c
}

// ErrNoLocalCopy is what a LocalDocuments client without a network fails a
// request with when the set has no copy of its URL; errors.Is finds it in
// the resolution and retrieval errors such a fetch ends in.
var ErrNoLocalCopy = httpfetch.ErrNoLocalCopy
