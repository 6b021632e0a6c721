package vc_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// The hermetic kit of the status and refresh tests: a did:key issuer with a
// fixed key, a TLS server whose documents the test sets and whose requests
// it counts, and a fixed clock.

var (
	statusNow   = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	statusEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

type statusIssuer struct {
	key ed25519.PrivateKey
	did string
	vm  string
}

func newStatusIssuer(t testing.TB, seed byte) statusIssuer {
	t.Helper()
	key, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{seed}, 32))
	require.NoError(t, err)
	id, err := did.DIDKey(key.Public())
	require.NoError(t, err)
	return statusIssuer{key: key, did: id, vm: id + "#" + strings.TrimPrefix(id, "did:key:")}
}

// sign secures doc with eddsa-rdfc-2022, or with eddsa-jcs-2022 when jcs
// is set (for documents whose terms the embedded contexts do not define).
func (iss statusIssuer) sign(t testing.TB, doc map[string]any, jcs bool) []byte {
	t.Helper()
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	// Some status lists are signed by the wrong party on purpose.
	opts := proof.SignOptions{VerificationMethod: iss.vm, Created: statusEpoch, CoSigner: true}
	if jcs {
		opts.Suite = proof.EdDSAJCS2022{}
	}
	signed, err := proof.Sign(context.Background(), data, iss.key, opts)
	require.NoError(t, err)
	return signed
}

// credential returns a signed VCDM 2.0 credential with the given members
// added (credentialStatus, refreshService, validUntil, ...). It is signed
// with eddsa-jcs-2022 so that status types the embedded contexts do not
// define (StatusList2021Entry, 1EdTechRevocationList) can be used.
func (iss statusIssuer) credential(t testing.TB, id string, validFrom time.Time, extra map[string]any) []byte {
	t.Helper()
	doc := map[string]any{
		"@context":          []string{vc.ContextV2},
		"id":                id,
		"type":              []string{vc.TypeVerifiableCredential},
		"issuer":            iss.did,
		"validFrom":         vc.NewDateTime(validFrom),
		"credentialSubject": map[string]any{"id": "did:example:learner"},
	}
	for k, v := range extra {
		doc[k] = v
	}
	return iss.sign(t, doc, true)
}

// bitstring is an uncompressed status list of n bytes.
type bitstring []byte

// set writes value into the size-bit entry at index, most significant bit
// first.
func (b bitstring) set(index, size int, value uint64) {
	for i := 0; i < size; i++ {
		p := index*size + i
		bit := value >> (size - 1 - i) & 1
		if bit == 1 {
			b[p/8] |= 0x80 >> (p % 8)
		} else {
			b[p/8] &^= 0x80 >> (p % 8)
		}
	}
}

// encode GZIP-compresses the bitstring and encodes it in base64url, with the
// multibase prefix "u" when multibase is set.
func (b bitstring) encode(t testing.TB, multibase bool) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	s := base64.RawURLEncoding.EncodeToString(buf.Bytes())
	if multibase {
		return "u" + s
	}
	return s
}

// listDoc is an unsigned BitstringStatusListCredential.
func (iss statusIssuer) listDoc(url, purpose, encoded string) map[string]any {
	return map[string]any{
		"@context":  []string{vc.ContextV2},
		"id":        url,
		"type":      []string{vc.TypeVerifiableCredential, "BitstringStatusListCredential"},
		"issuer":    iss.did,
		"validFrom": vc.NewDateTime(statusEpoch),
		"credentialSubject": map[string]any{
			"id":            url + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": purpose,
			"encodedList":   encoded,
		},
	}
}

// bitstringList returns a signed BitstringStatusListCredential of 16KB
// (131,072 one-bit entries) with the given entries set to 1.
func (iss statusIssuer) bitstringList(t testing.TB, url, purpose string, set ...int) []byte {
	t.Helper()
	b := make(bitstring, 16<<10)
	for _, i := range set {
		b.set(i, 1, 1)
	}
	return iss.sign(t, iss.listDoc(url, purpose, b.encode(t, true)), false)
}

// bitstringEntry is a BitstringStatusListEntry.
func bitstringEntry(list, purpose, index string) map[string]any {
	return map[string]any{
		"id":                   list + "#" + index,
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        purpose,
		"statusListIndex":      index,
		"statusListCredential": list,
	}
}

// doc is what the test server serves at a path.
type doc struct {
	status      int
	contentType string
	body        []byte
	header      http.Header
}

// docServer is a TLS server of documents set by the test, counting
// requests per path.
type docServer struct {
	*httptest.Server
	mu    sync.Mutex
	docs  map[string]doc
	hits  map[string]*atomic.Int64
	total atomic.Int64
}

func newDocServer(t testing.TB) *docServer {
	t.Helper()
	s := &docServer{docs: map[string]doc{}, hits: map[string]*atomic.Int64{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.total.Add(1)
		s.mu.Lock()
		d, ok := s.docs[r.URL.Path]
		if s.hits[r.URL.Path] == nil {
			s.hits[r.URL.Path] = &atomic.Int64{}
		}
		s.hits[r.URL.Path].Add(1)
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, vs := range d.header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		ct := d.contentType
		if ct == "" {
			ct = "application/vc+ld+json"
		}
		w.Header().Set("Content-Type", ct)
		if d.status != 0 {
			w.WriteHeader(d.status)
		}
		_, _ = w.Write(d.body)
	}))
	t.Cleanup(s.Close)
	return s
}

// put serves body at path as application/vc+ld+json.
func (s *docServer) put(path string, body []byte) { s.putDoc(path, doc{body: body}) }

func (s *docServer) putDoc(path string, d doc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = d
}

// count returns how many requests path received.
func (s *docServer) count(path string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.hits[path]; c != nil {
		return c.Load()
	}
	return 0
}

// statusVerifier returns a Verifier resolving did:key, with the server's
// client (nil for none) and the fixed clock; edit changes the options.
func statusVerifier(t testing.TB, client *http.Client, edit func(*vc.VerifierOptions)) *vc.Verifier {
	t.Helper()
	res, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: res})
	require.NoError(t, err)
	// The test servers are on loopback, which fetches reach only when
	// allowed.
	opts := vc.VerifierOptions{Retriever: ret, HTTPClient: client, AllowHosts: []string{"127.0.0.1"}, Now: func() time.Time { return statusNow }}
	if edit != nil {
		edit(&opts)
	}
	v, err := vc.NewVerifier(opts)
	require.NoError(t, err)
	return v
}

// issueCodes lists the codes of issues.
func issueCodes(is []vc.Issue) []string {
	out := make([]string, 0, len(is))
	for _, i := range is {
		out = append(out, i.Code)
	}
	return out
}
