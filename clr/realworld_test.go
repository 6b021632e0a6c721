package clr_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// realWorldFile holds 117 signed credentials from public issuers,
// implementations and wallets, with their sources (see the README beside
// it).
const realWorldFile = "../proof/ld/testdata/realworld/credentials.json.gz"

// realWorldVerdicts is what each profile decides of each credential
// offline: "verified", or the error codes, sorted, joined by commas.
const realWorldVerdicts = "testdata/realworld-verdicts.json"

var updateVerdicts = flag.Bool("update-verdicts", false, "rewrite "+realWorldVerdicts+" from this build (review the diff)")

type realWorldCredential struct {
	Name string `json:"name"`
	Doc  []byte `json:"doc"`
}

// realWorldVerdict sums up a report: "verified", or its error codes.
func realWorldVerdict(r *vc.Report) string {
	if r.Verified {
		return "verified"
	}
	var cs []string
	for _, e := range r.Errors {
		if !slices.Contains(cs, e.Code) {
			cs = append(cs, e.Code)
		}
	}
	slices.Sort(cs)
	return strings.Join(cs, ",")
}

// TestRealWorldProfiles verifies every real credential under each profile
// (offline: did:key and did:jwk only, embedded contexts, at a fixed time)
// and holds the verdicts and the codes that decided them to the reviewed
// table; and checks how the profiles relate on every one of them: what
// spec verifies, authenticity verifies (but for a plain VC whose key the
// issuer does not control, which only spec accepts); authenticity differs
// from spec only by conformance errors (and that binding). No status list
// is fetched here; revocation is TestValidatorFixtureReports'.
func TestRealWorldProfiles(t *testing.T) {
	f, err := os.Open(realWorldFile)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var creds []realWorldCredential
	require.NoError(t, json.NewDecoder(zr).Decode(&creds))
	require.Len(t, creds, 117)

	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}, "jwk": did.JWKResolver{}})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	require.NoError(t, err)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := clr.NewVerifier(vc.VerifierOptions{Retriever: ret, Resolver: mr, Unpackers: []vc.Unpacker{openbadges.BakedImages{}},
		Now: func() time.Time { return at }})
	require.NoError(t, err)

	got := map[string]map[vc.Profile]string{}
	for _, c := range creds {
		reports := map[vc.Profile]*vc.Report{}
		got[c.Name] = map[vc.Profile]string{}
		for _, p := range vc.Profiles {
			r, _ := v.Verify(context.Background(), c.Doc, vc.Expectations{Profile: p})
			reports[p] = r
			got[c.Name][p] = realWorldVerdict(r)
		}
		spec, auth := reports[vc.ProfileSpec], reports[vc.ProfileAuthenticity]
		// Spec verifies a plain VC whose key the issuer does not control (VC
		// Data Integrity does not bind them), with a warning; authenticity
		// binds every credential, as the JavaScript verifiers do.
		unboundInSpec := spec.HasWarning(vc.CodeUnverifiedKey) && spec.Kind == "VerifiableCredential"
		if spec.Verified && !unboundInSpec {
			assert.True(t, auth.Verified, "%s: spec verifies, authenticity must", c.Name)
		}
		// The errors by code and pointer: authenticity keeps spec's
		// authenticity and validity errors, and fails a nested credential
		// only where spec does (spec may also fail it for conformance).
		var specKept, authErrs, specNested, authNested []string
		for _, e := range spec.Errors {
			switch {
			case e.Code == vc.CodeNested:
				specNested = append(specNested, e.Path)
			case e.Class != vc.ClassConformance || spec.CheckStatus(vc.CheckProof) == "":
				specKept = append(specKept, e.Code+" "+e.Path)
			}
		}
		for _, e := range auth.Errors {
			if unboundInSpec && e.Code == vc.CodeIssuerBinding {
				continue
			}
			if e.Code == vc.CodeNested {
				authNested = append(authNested, e.Path)
				continue
			}
			authErrs = append(authErrs, e.Code+" "+e.Path)
		}
		assert.ElementsMatch(t, specKept, authErrs, "%s: authenticity keeps exactly spec's non-conformance errors", c.Name)
		assert.Subset(t, specNested, authNested, "%s: a nested credential authenticity fails, spec fails", c.Name)
	}

	if *updateVerdicts {
		out, err := json.MarshalIndent(got, "", " ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(realWorldVerdicts, append(out, '\n'), 0o644))
		t.Logf("wrote %s", realWorldVerdicts)
		return
	}
	data, err := os.ReadFile(realWorldVerdicts)
	require.NoError(t, err)
	var want map[string]map[vc.Profile]string
	require.NoError(t, json.Unmarshal(data, &want))
	require.Len(t, want, len(creds))
	for _, c := range creds {
		for _, p := range vc.Profiles {
			assert.Equal(t, want[c.Name][p], got[c.Name][p], "%s, %s", c.Name, p)
		}
	}
}
