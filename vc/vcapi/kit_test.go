package vcapi_test

// The hermetic test kit of the suite replicas: fixed keys, the verifier
// `clrkit serve` builds, an httptest server on loopback, and signing as the
// W3C suites do it (their own did:key, proof.Sign).

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	gold "github.com/piprate/json-gold/ld"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/vcapi"
)

// testKey is a fixed Ed25519 did:key.
type testKey struct {
	priv ed25519.PrivateKey
	did  string
	vm   string
}

func newTestKey(t testing.TB, seedByte byte) testKey {
	t.Helper()
	priv, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{seedByte}, 32))
	require.NoError(t, err)
	d, err := did.DIDKey(priv.Public())
	require.NoError(t, err)
	return testKey{priv: priv, did: d, vm: d + "#" + d[len("did:key:"):]}
}

// newServeVerifier is the verifier `clrkit serve` builds (serve.go).
func newServeVerifier(t testing.TB) *vc.Verifier {
	t.Helper()
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}, "jwk": did.JWKResolver{}})
	require.NoError(t, err)
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	require.NoError(t, err)
	v, err := clr.NewVerifier(vc.VerifierOptions{Retriever: r, Resolver: mr, AllowUnsignedPresentations: true})
	require.NoError(t, err)
	return v
}

// server is the handler under test, mounted on an httptest server.
type server struct {
	*httptest.Server
	issuer testKey
}

// newServer serves a Handler with the issuer key (seed 1), the serve
// verifier, and whatever edit makes to the options.
func newServer(t testing.TB, edit func(*vcapi.Options)) *server {
	t.Helper()
	issuer := newTestKey(t, 1)
	opts := vcapi.Options{Signer: issuer.priv, VerificationMethod: issuer.vm, Verifier: newServeVerifier(t)}
	if edit != nil {
		edit(&opts)
	}
	h, err := vcapi.NewHandler(opts)
	require.NoError(t, err)
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return &server{Server: s, issuer: issuer}
}

// post sends body (marshalled unless it is []byte or string) and returns
// the status and the decoded JSON response.
func (s *server) post(t testing.TB, path string, body any) (int, map[string]any) {
	t.Helper()
	var data []byte
	switch b := body.(type) {
	case []byte:
		data = b
	case string:
		data = []byte(b)
	default:
		var err error
		data, err = json.Marshal(body)
		require.NoError(t, err)
	}
	resp, err := s.Client().Post(s.URL+path, "application/json", bytes.NewReader(data))
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "response %d is not a JSON object: %s", resp.StatusCode, raw)
	return resp.StatusCode, out
}

// issue posts {"credential": cred} and returns the status and response.
func (s *server) issue(t testing.TB, cred any) (int, map[string]any) {
	t.Helper()
	return s.post(t, "/credentials/issue", map[string]any{"credential": cred})
}

// mustIssue issues cred and returns the verifiable credential as a map.
func (s *server) mustIssue(t testing.TB, cred any) map[string]any {
	t.Helper()
	status, body := s.issue(t, cred)
	require.Equal(t, http.StatusCreated, status, "issue: %v", body)
	vcred, ok := body["verifiableCredential"].(map[string]any)
	require.True(t, ok, "no verifiableCredential in %v", body)
	return vcred
}

// verify posts a credential with the DI suites' options.
func (s *server) verify(t testing.TB, cred any, options map[string]any) (int, map[string]any) {
	t.Helper()
	if options == nil {
		options = map[string]any{"checks": []any{"proof"}}
	}
	return s.post(t, "/credentials/verify", map[string]any{"verifiableCredential": cred, "options": options})
}

func (s *server) verifyVP(t testing.TB, vp any, options map[string]any) (int, map[string]any) {
	t.Helper()
	body := map[string]any{"verifiablePresentation": vp}
	if options != nil {
		body["options"] = options
	}
	return s.post(t, "/presentations/verify", body)
}

// requireRejected asserts a DI-suite rejection: 400 or 422, never 200.
func requireRejected(t testing.TB, status int, body map[string]any, msgAndArgs ...any) {
	t.Helper()
	require.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, status, append(msgAndArgs, body)...)
}

// requireVerified asserts exactly 200 and no errors (both suites' success).
func requireVerified(t testing.TB, status int, body map[string]any, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, http.StatusOK, status, append(msgAndArgs, body)...)
	if errs, ok := body["errors"].([]any); ok {
		require.Empty(t, errs, msgAndArgs...)
	}
}

// fixedCreated is the created time of the suite's proofs (second
// precision, as the suites' generators write).
var fixedCreated = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// jsonMap decodes JSON into a map, keeping numbers exact.
func jsonMap(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m))
	return m
}

// clone deep-copies a JSON value.
func clone(t testing.TB, v any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return jsonMap(t, data)
}

// signAs signs doc with key as the suites do (eddsa-rdfc-2022 unless
// opts.Suite says otherwise) and returns the signed document.
func signAs(t testing.TB, key testKey, doc any, opts proof.SignOptions) map[string]any {
	t.Helper()
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	if opts.VerificationMethod == "" {
		opts.VerificationMethod = key.vm
	}
	if opts.Created.IsZero() {
		opts.Created = fixedCreated
	}
	// The suites send credentials signed by the wrong party on purpose.
	opts.CoSigner = true
	signed, err := proof.Sign(context.Background(), data, key.priv, opts)
	require.NoError(t, err)
	return jsonMap(t, signed)
}

// mutatedSuite signs like Base but with the proof configuration changed
// by mutate before hashing, so the proof signs over the mutated
// configuration; applyMutation then writes the same change into the
// signed document's proof. Name overrides the cryptosuite name.
type mutatedSuite struct {
	base   proof.Cryptosuite
	name   string
	mutate func(cfg map[string]any)
	// hash replaces SHA-256 of the canonical forms (the digestSha512 case).
	hash func([]byte) []byte
}

func (s mutatedSuite) Name() string {
	if s.name != "" {
		return s.name
	}
	return s.base.Name()
}

func (s mutatedSuite) HashData(ctx context.Context, unsecured, cfg map[string]any) (*proof.HashData, error) {
	c := make(map[string]any, len(cfg))
	for k, v := range cfg {
		c[k] = v
	}
	if s.mutate != nil {
		s.mutate(c)
	}
	hd, err := s.base.HashData(ctx, unsecured, c)
	if err != nil || s.hash == nil {
		return hd, err
	}
	hd.ProofConfigHash = s.hash(hd.CanonicalProofConfig)
	hd.DocumentHash = s.hash(hd.CanonicalDocument)
	hd.Data = append(append([]byte{}, hd.ProofConfigHash...), hd.DocumentHash...)
	return hd, nil
}

func (s mutatedSuite) Sign(key crypto.Signer, data []byte) ([]byte, error) {
	return s.base.Sign(key, data)
}
func (s mutatedSuite) Verify(pub crypto.PublicKey, data, sig []byte) error {
	return s.base.Verify(pub, data, sig)
}

func sha512Sum(b []byte) []byte { h := sha512.Sum512(b); return h[:] }

// signMutated signs doc with a proof whose configuration mutate changes,
// and returns the document with that change written into its proof.
func signMutated(t testing.TB, key testKey, doc any, mutate func(p map[string]any)) map[string]any {
	t.Helper()
	return signMutatedWith(t, proof.EdDSARDFC2022{}, key, doc, mutate)
}

// signMutatedWith is signMutated with another base suite (unsafeRDFC for
// configurations safe mode refuses, such as an unknown proof type).
func signMutatedWith(t testing.TB, base proof.Cryptosuite, key testKey, doc any, mutate func(p map[string]any)) map[string]any {
	t.Helper()
	signed := signAs(t, key, doc, proof.SignOptions{Suite: mutatedSuite{base: base, mutate: mutate}})
	mutate(signed["proof"].(map[string]any))
	return signed
}

// unsafeRDFC is eddsa-rdfc-2022 without JSON-LD safe mode (json-gold, as
// jsonld.js runs when the suites pass safe: false): undefined terms are
// dropped and relative IRIs kept, so it signs what clrkit refuses to.
type unsafeRDFC struct{}

func (unsafeRDFC) Name() string { return proof.SuiteEdDSARDFC2022 }

func (unsafeRDFC) HashData(_ context.Context, unsecured, cfg map[string]any) (*proof.HashData, error) {
	canon := func(doc map[string]any) ([]byte, error) {
		data, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		var plain any
		if err := json.Unmarshal(data, &plain); err != nil {
			return nil, err
		}
		opts := gold.NewJsonLdOptions("")
		opts.Algorithm = gold.AlgorithmURDNA2015
		opts.Format = "application/n-quads"
		opts.DocumentLoader = goldLoader{}
		out, err := gold.NewJsonLdProcessor().Normalize(plain, opts)
		if err != nil {
			return nil, err
		}
		return []byte(out.(string)), nil
	}
	c, err := canon(cfg)
	if err != nil {
		return nil, err
	}
	d, err := canon(unsecured)
	if err != nil {
		return nil, err
	}
	hc, hd := sha256.Sum256(c), sha256.Sum256(d)
	return &proof.HashData{Data: append(hc[:], hd[:]...), CanonicalProofConfig: c, CanonicalDocument: d,
		ProofConfigHash: hc[:], DocumentHash: hd[:]}, nil
}

func (unsafeRDFC) Sign(key crypto.Signer, data []byte) ([]byte, error) {
	return proof.EdDSARDFC2022{}.Sign(key, data)
}

func (unsafeRDFC) Verify(pub crypto.PublicKey, data, sig []byte) error {
	return proof.EdDSARDFC2022{}.Verify(pub, data, sig)
}

// goldLoader serves json-gold the contexts embedded in clrkit.
type goldLoader struct{}

func (goldLoader) LoadDocument(u string) (*gold.RemoteDocument, error) {
	data, err := ld.DefaultLoader().LoadDocument(context.Background(), u)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return &gold.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// signUnsafe signs doc with key without safe mode.
func signUnsafe(t testing.TB, key testKey, doc any) map[string]any {
	t.Helper()
	return signAs(t, key, doc, proof.SignOptions{Suite: unsafeRDFC{}})
}
