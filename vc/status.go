package vc

// Credential status (step 4 of the OB 3.0 verification procedure).
//
// Status methods supported, chosen by the credentialStatus entry's type:
//
//   - BitstringStatusListEntry (W3C Bitstring Status List v1.0,
//     https://www.w3.org/TR/vc-bitstring-status-list/): the entry names a
//     BitstringStatusListCredential by URL and an index into its bitstring.
//     Purposes revocation, suspension, message and refresh; statusSize bits
//     per entry. See status_bitstring.go.
//   - StatusList2021Entry (W3C CCG Status List 2021, the predecessor): the
//     same idea with one bit per entry, purposes revocation and suspension,
//     and an encodedList without a multibase prefix.
//   - 1EdTechRevocationList (1EdTech Revocation List Status Method 1.0,
//     OB 3.0 VCRL-10): an unsigned JSON list of revoked credential ids at
//     the entry's id. See status_revocationlist.go.
//
// Every fetch goes through the Verifier's HTTP client (VerifierOptions
// .HTTPClient), over https only unless VerifierOptions.HTTPAllow lists the
// permitted URL prefixes, bounded in size by Limits.MaxStatusListBytes, and
// through a cache that honours Cache-Control, so that many credentials on
// one list fetch it once. A status list credential is verified like any
// other credential (structure, proof, dates, ...) through verifyNested.
//
// The fail-closed rule: a credential whose status cannot be determined does
// not verify. No HTTP client, a fetch that fails, a list that does not
// verify or cannot be decoded, an entry that is malformed, a status type or
// purpose clrkit does not know: each is an error in the report, never a
// silent pass.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/clrkit/clrkit/internal/httpfetch"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof"
)

// The credentialStatus types the status check knows.
const (
	// TypeBitstringStatusListEntry is the W3C Bitstring Status List entry.
	TypeBitstringStatusListEntry = "BitstringStatusListEntry"
	// TypeStatusList2021Entry is the W3C CCG Status List 2021 entry.
	TypeStatusList2021Entry = "StatusList2021Entry"
	// Type1EdTechRevocationList is the 1EdTech Revocation List status entry.
	Type1EdTechRevocationList = "1EdTechRevocationList"
)

// Tuning of the fetcher. Not options: the size bound is
// Limits.MaxStatusListBytes, the rest are conservative constants.
const (
	fetchTimeout      = 15 * time.Second
	fetchMaxRedirects = 3
	fetchCacheSize    = 64 // at most 64 × MaxStatusListBytes held
	fetchDefaultTTL   = 5 * time.Minute
	fetchMaxTTL       = 24 * time.Hour
)

// errNotAllowed is the policy's refusal of a URL.
var errNotAllowed = errors.New("not an https URL, or not under an HTTPAllow prefix")

// fetcher gets status lists (cached, shared by every verification of the
// Verifier) and refreshed credentials (never cached). It is safe for
// concurrent use.
type fetcher struct {
	allow   []string
	lists   *httpfetch.Fetcher
	refresh *httpfetch.Fetcher
}

// mediaTypes are what a status list, revocation list or refreshed
// credential may be served as: VC Data Model 2.0's application/vc (section
// 6.3), JSON (application/json, application/ld+json, the earlier
// application/vc+ld+json, application/vc+json...), a compact JWT
// (application/vc+jwt...) or an SD-JWT (application/vc+sd-jwt). The body
// decides how it is read, whatever the type.
var mediaTypes = []string{"application/vc", "application/json", "+json", "application/jwt", "+jwt", "+sd-jwt"}

const acceptHeader = "application/vc, application/vc+ld+json, application/ld+json;q=0.9, application/json;q=0.9, application/vc+jwt;q=0.8, application/vc+sd-jwt;q=0.8"

func newFetcher(client *http.Client, allow, allowHosts []string, maxBytes int64, now func() time.Time) (fetcher, error) {
	for _, a := range allow {
		u, err := url.Parse(a)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fetcher{}, fmt.Errorf("HTTPAllow entry %q is not an absolute http(s) URL", a)
		}
	}
	f := fetcher{allow: append([]string(nil), allow...)}
	opts := httpfetch.Options{
		Policy:       f.policy,
		Accept:       acceptHeader,
		MediaTypes:   mediaTypes,
		MaxBytes:     maxBytes,
		MaxRedirects: fetchMaxRedirects,
		Timeout:      fetchTimeout,
		CacheSize:    fetchCacheSize,
		DefaultTTL:   fetchDefaultTTL,
		MaxTTL:       fetchMaxTTL,
		Now:          now,
		// The hosts of the URL allowlist may be internal: naming them
		// allows it.
		AllowHosts: append(slices.Clone(allowHosts), httpfetch.HostsOf(allow)...),
	}
	var err error
	if f.lists, err = httpfetch.New(client, opts); err != nil {
		return fetcher{}, err
	}
	opts.CacheSize = 0
	if f.refresh, err = httpfetch.New(client, opts); err != nil {
		return fetcher{}, err
	}
	return f, nil
}

// policy admits https URLs, or with an allowlist the URLs under one of its
// prefixes; redirect targets alike.
func (f fetcher) policy(u, _ *url.URL) error {
	if len(f.allow) > 0 {
		if httpfetch.InPrefixes(u.String(), f.allow) {
			return nil
		}
		return errNotAllowed
	}
	if u.Scheme != "https" || u.Host == "" {
		return errNotAllowed
	}
	return nil
}

// configured reports whether the Verifier has an HTTP client.
func (f fetcher) configured() bool { return f.lists != nil }

// verifyFetched verifies a fetched credential (JSON with an embedded proof,
// or a compact JWT) one level deeper, and returns its report and its
// credential JSON (a JWT's payload). json is nil when it did not verify.
func (v *Verifier) verifyFetched(ctx context.Context, body []byte, exp Expectations) (*Report, []byte) {
	exp.Explain = false
	exp.fetched = true
	nested := v.verifyNested(ctx, body, "", exp)
	if !nested.Verified {
		return nested, nil
	}
	trimmed := bytes.TrimSpace(body)
	if !proof.IsCompactJWT(trimmed) && !proof.IsSDJWT(trimmed) {
		return nested, trimmed
	}
	jv, err := v.jwtsFor(exp)
	if err != nil {
		return nested, nil
	}
	var res *proof.JWTOutcome
	if proof.IsSDJWT(trimmed) {
		res, err = jv.VerifySDJWT(ctx, trimmed)
	} else {
		res, err = jv.Verify(ctx, trimmed)
	}
	if err != nil || res == nil || len(res.Credential) == 0 {
		return nested, nil
	}
	return nested, res.Credential
}

// statusPath is the JSON pointer of entry i of n.
func statusPath(i, n int, array bool) string {
	if n > 1 || array {
		return "/credentialStatus/" + strconv.Itoa(i)
	}
	return "/credentialStatus"
}

// memberIsArray reports whether the object's member name is a JSON array.
func memberIsArray(data []byte, name string) bool {
	members, err := jsonobj.Members(data)
	if err != nil {
		return false
	}
	for _, m := range members {
		if m.Name == name {
			return len(bytes.TrimSpace(m.Value)) > 0 && bytes.TrimSpace(m.Value)[0] == '['
		}
	}
	return false
}

// checkStatus is step 4's status part: one check line per credentialStatus
// entry, every failure an error with its code and the entry's pointer.
func (v *Verifier) checkStatus(ctx context.Context, d *Document, exp Expectations, r *Report) {
	entries := d.Credential.CredentialStatus
	if len(entries) == 0 {
		r.skip(CheckStatus, "no credentialStatus")
		return
	}
	if len(entries) > v.limits.MaxStatusEntries {
		r.fail(CheckStatus, CodeLimit, "/credentialStatus", "%d credentialStatus entries, over the limit of %d", len(entries), v.limits.MaxStatusEntries)
		return
	}
	array := len(entries) == 1 && memberIsArray(d.JSON, "credentialStatus")
	for i, e := range entries {
		path := statusPath(i, len(entries), array)
		switch string(e.Type) {
		case TypeBitstringStatusListEntry, TypeStatusList2021Entry, Type1EdTechRevocationList:
		default:
			r.fail(CheckStatus, CodeStatusUnsupported, path+"/type",
				"credentialStatus type %q is not supported, so the status cannot be determined", string(e.Type))
			continue
		}
		if !v.fetch.configured() {
			r.fail(CheckStatus, CodeStatusUnavailable, path,
				"the %s status could not be checked because no HTTP client is configured (VerifierOptions.HTTPClient)", string(e.Type))
			continue
		}
		switch string(e.Type) {
		case Type1EdTechRevocationList:
			v.checkRevocationList(ctx, d, e, path, r)
		default:
			v.checkStatusList(ctx, d, e, path, exp, r)
		}
	}
}

// fetchFailed reports a fetch error as CodeStatusUnavailable.
func fetchFailed(r *Report, path, what string, err error) {
	var fe *httpfetch.Error
	if errors.As(err, &fe) && fe.Kind == httpfetch.KindNotAllowed {
		r.fail(CheckStatus, CodeStatusUnavailable, path, "the %s %s may not be fetched: %v", what, fe.URL, err)
		return
	}
	r.fail(CheckStatus, CodeStatusUnavailable, path, "the %s could not be fetched: %v", what, err)
}
