package statuslist

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/vc"
)

// ErrCredential reports a credential AddStatus cannot give a status entry
// to; the message says why.
var ErrCredential = errors.New("statuslist: cannot add a status entry")

// Issuer is one issuer's side of a Store: it gives the issuer's
// credentials their entries, in lists published under BaseURL, and adds
// them to credentials before they are signed. Several Issuers may share a
// Store: one issuer behind several servers, or several issuers, whose
// credential ids must then differ (the store finds entries by id alone,
// and refuses an id that another issuer's entry has).
type Issuer struct {
	// Store keeps the lists and entries.
	Store Store
	// ID is the issuer's id, as the credentials' issuer member gives it;
	// the lists are credentials of the same issuer.
	ID string
	// BaseURL is the absolute URL under which the lists are published: list
	// n of a purpose is at BaseURL/<purpose>/<n> (ListURL). Every entry
	// holds its list's URL, so the lists must stay there for as long as
	// the credentials are in use; after a change, new entries go to a new
	// list under the new base, and the old lists keep their URLs.
	BaseURL string
}

// ListURL returns the URL of the issuer's list n (1, 2, ...) of purpose.
func (is *Issuer) ListURL(purpose string, n int) string {
	return strings.TrimSuffix(is.BaseURL, "/") + "/" + purpose + "/" + strconv.Itoa(n)
}

// Allocate gives credentialID one entry for each purpose (revocation when
// none is given) and returns them in that order. A credential allocated
// before gets its entries again, so that after a failure (each entry is
// allocated atomically, not the set of them) allocating again is safe. An
// id with another issuer's entry is refused (ErrIDInUse).
func (is *Issuer) Allocate(ctx context.Context, credentialID string, purposes ...string) ([]Entry, error) {
	if err := is.check(); err != nil {
		return nil, err
	}
	if credentialID == "" {
		return nil, fmt.Errorf("%w: no credential id", ErrCredential)
	}
	if len(purposes) == 0 {
		purposes = []string{PurposeRevocation}
	}
	if err := CheckPurposes(purposes); err != nil { // all checked before any is allocated
		return nil, err
	}
	entries := make([]Entry, 0, len(purposes))
	for _, p := range purposes {
		e, err := is.Store.Allocate(ctx, is.ID, p, credentialID, func(n int) string { return is.ListURL(p, n) })
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

func (is *Issuer) check() error {
	if is.Store == nil || is.ID == "" {
		return errors.New("statuslist: an Issuer needs a Store and the issuer's ID")
	}
	return CheckBaseURL(is.BaseURL)
}

// CheckBaseURL returns nil when base can be the URL lists are published
// under: an absolute http or https URL with a host and without query or
// fragment, written as Go's net/url writes it (a lower-case scheme,
// characters such as braces and spaces escaped), since list URLs are made
// by appending path segments to it and must come back unchanged in
// requests.
func CheckBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.HasSuffix(base, "#") {
		return fmt.Errorf("statuslist: base URL %q is not an absolute http(s) URL without query or fragment", base)
	}
	// The URL a verifier sends back must be the one in the entry, byte
	// for byte: so the base is written as requests write it.
	if canonical := u.String(); canonical != base {
		return fmt.Errorf("statuslist: base URL %q: write it as %q", base, canonical)
	}
	return nil
}

// CheckPurposes returns nil when purposes are statuses a one-bit list
// serves (revocation, suspension), each named once.
func CheckPurposes(purposes []string) error {
	for i, p := range purposes {
		if p != PurposeRevocation && p != PurposeSuspension {
			return fmt.Errorf("statuslist: status purpose %q: this package keeps one-bit lists, for %q and %q", p, PurposeRevocation, PurposeSuspension)
		}
		if slices.Contains(purposes[:i], p) {
			return fmt.Errorf("statuslist: status purpose %q given twice", p)
		}
	}
	return nil
}

// AddStatus allocates entries for the credential in JSON (an unsigned
// VC Data Model 2.0 credential with an id, issued by the Issuer), one for
// each purpose (revocation when none is given), and returns the credential
// with them as its credentialStatus: one entry as an object, as the OB 3.0
// and CLR 2.0 models allow only one, several as an array. The other
// members keep their order and values; the output is indented with two
// spaces. Sign the result afterwards: a proof over the credential without
// its status would not cover it.
//
// It refuses (ErrCredential, naming the problem) a credential that is
// signed already, has a credentialStatus, has no id, is another issuer's,
// or is not a VC Data Model 2.0 credential: BitstringStatusListEntry is a
// term of the 2.0 context only.
func (is *Issuer) AddStatus(ctx context.Context, credential []byte, purposes ...string) ([]byte, error) {
	if err := is.check(); err != nil {
		return nil, err
	}
	members, err := jsonobj.Members(credential)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCredential, err)
	}
	var id string
	for _, m := range members {
		switch m.Name {
		case "proof":
			return nil, fmt.Errorf("%w: the credential is signed already (it has a proof); add the status first, then sign", ErrCredential)
		case "credentialStatus":
			return nil, fmt.Errorf("%w: the credential has a credentialStatus already", ErrCredential)
		case "@context":
			var ctxs []any // an ordered set: a JSON array (VC Data Model 2.0, section 4.3)
			if json.Unmarshal(m.Value, &ctxs) != nil || len(ctxs) == 0 || ctxs[0] != vc.ContextV2 {
				return nil, fmt.Errorf("%w: @context must be a list beginning with %s (BitstringStatusListEntry is a VC Data Model 2.0 term)", ErrCredential, vc.ContextV2)
			}
		case "type":
			var types vc.Types
			if json.Unmarshal(m.Value, &types) != nil || !slices.Contains(types, "VerifiableCredential") {
				return nil, fmt.Errorf("%w: /type: not a VerifiableCredential", ErrCredential)
			}
		case "id":
			if json.Unmarshal(m.Value, &id) != nil || vc.CheckURI(id) != nil {
				return nil, fmt.Errorf("%w: /id is not a URL: %s", ErrCredential, m.Value)
			}
		case "issuer":
			var issuer vc.Issuer
			if err := json.Unmarshal(m.Value, &issuer); err != nil {
				return nil, fmt.Errorf("%w: /issuer: %w", ErrCredential, err)
			}
			if issuer.ID != is.ID {
				return nil, fmt.Errorf("%w: the credential's issuer is %s, and these lists are %s's: a verifier accepts only a list by the credential's own issuer", ErrCredential, issuer.ID, is.ID)
			}
		}
	}
	for _, want := range []string{"@context", "type", "issuer"} {
		if !slices.ContainsFunc(members, func(m jsonobj.Member) bool { return m.Name == want }) {
			return nil, fmt.Errorf("%w: the credential has no %s", ErrCredential, want)
		}
	}
	if id == "" {
		return nil, fmt.Errorf("%w: the credential has no id, and its entries are kept by id: give it one (a urn:uuid: will do)", ErrCredential)
	}
	entries, err := is.Allocate(ctx, id, purposes...)
	if err != nil {
		return nil, err
	}
	var status []byte
	if len(entries) == 1 {
		status, err = json.Marshal(entries[0])
	} else {
		status, err = json.Marshal(entries)
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for _, m := range members {
		name, _ := json.Marshal(m.Name)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(m.Value)
		buf.WriteByte(',')
	}
	buf.WriteString(`"credentialStatus":`)
	buf.Write(status)
	buf.WriteByte('}')
	out, err := jsonobj.Indent(nil, buf.Bytes())
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// CredentialStatus returns e as the typed model's credentialStatus, for a
// builder (openbadges.CredentialBuilder.CredentialStatus,
// clr.CredentialBuilder.CredentialStatus).
func (e Entry) CredentialStatus() (vc.CredentialStatus, error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return vc.CredentialStatus{}, err
	}
	var s vc.CredentialStatus
	err = json.Unmarshal(raw, &s)
	return s, err
}
