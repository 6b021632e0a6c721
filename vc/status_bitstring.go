package vc

// Bitstring Status List v1.0 and Status List 2021.
//
// What the specifications say, and what is implemented here:
//
// W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/,
// sections 2 and 3):
//   - The entry (type BitstringStatusListEntry) has statusPurpose (a
//     string), statusListIndex (an integer >= 0 written as a base-10
//     string), statusListCredential (the URL of the list credential), and
//     optionally statusSize (an integer > 0, bits per entry, default 1) and
//     statusMessage (an array of {status: "0x..", message} objects, one per
//     possible value, required when statusSize > 1).
//   - The list credential's type includes BitstringStatusListCredential; its
//     credentialSubject has type BitstringStatusList, statusPurpose (one or
//     more strings) and encodedList: the GZIP-compressed bitstring, base64url
//     encoded without padding, with the multibase prefix "u".
//   - Validate algorithm: dereference statusListCredential
//     (STATUS_RETRIEVAL_ERROR), verify its proofs (STATUS_VERIFICATION_ERROR),
//     check that the entry's purpose is one of the list's purposes
//     (STATUS_VERIFICATION_ERROR), expand the bitstring, and if its length
//     divided by statusSize is under 131,072 entries (16KB at one bit)
//     raise STATUS_LIST_LENGTH_ERROR; the status is the statusSize bits at
//     position statusListIndex*statusSize (RANGE_ERROR outside the
//     bitstring), index 0 being the left-most (most significant) bit of the
//     first byte. Status 0 is valid.
//   - The list credential's validFrom/validUntil are those of any
//     credential: verifying it as a credential checks them, so an expired
//     list is a list that does not verify.
//
// W3C CCG Status List 2021 (https://w3c-ccg.github.io/vc-status-list-2021/):
// entry StatusList2021Entry with statusPurpose (revocation or suspension),
// statusListIndex and statusListCredential; list credential
// StatusList2021Credential whose subject (type StatusList2021) has
// statusPurpose and encodedList, the GZIP-compressed bitstring in base64url
// without a multibase prefix; one bit per entry, 16KB minimum, same bit
// order. Its context (https://w3id.org/vc/status-list/2021/v1) is one of
// clrkit's built-in contexts.
//
// Mapping to the report: a list that cannot be fetched is
// CodeStatusUnavailable; a list that does not verify, has the wrong type or
// purpose, cannot be decoded, is too short, or does not reach the index is
// CodeStatusList; a list that expands beyond Limits.MaxStatusListBytes is
// CodeLimit; a malformed entry is CodeInvalidValue. Revocation is
// CodeRevoked, suspension CodeSuspended (both errors); a message (or
// refresh) status other than 0 is the warning CodeStatusMessage.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// minStatusListEntries is the smallest list the specifications allow
// (131,072 entries, 16KB at one bit per entry): smaller lists give holders
// too small a crowd to hide in.
const minStatusListEntries = 131072

// maxStatusSize bounds statusSize; a status value must fit in a uint64.
const maxStatusSize = 32

// The status purposes.
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
	PurposeMessage    = "message"
	PurposeRefresh    = "refresh"
)

// statusListKind holds what differs between the two bitstring methods.
type statusListKind struct {
	credentialType, subjectType string
	multibase                   bool     // encodedList carries the "u" prefix
	purposes                    []string // the purposes the method defines
	sizes                       bool     // statusSize and statusMessage are allowed
}

var (
	bitstringKind = statusListKind{credentialType: "BitstringStatusListCredential", subjectType: "BitstringStatusList",
		multibase: true, purposes: []string{PurposeRevocation, PurposeSuspension, PurposeMessage, PurposeRefresh}, sizes: true}
	statusList2021Kind = statusListKind{credentialType: "StatusList2021Credential", subjectType: "StatusList2021",
		purposes: []string{PurposeRevocation, PurposeSuspension}}
)

// statusMessage is one element of an entry's statusMessage.
type statusMessage struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// listEntry is a parsed BitstringStatusListEntry or StatusList2021Entry.
type listEntry struct {
	purpose  string
	index    uint64
	list     string
	size     int
	messages []statusMessage
}

// parseListEntry reads and checks the entry's members; it reports the
// problem and false when the entry is malformed.
func parseListEntry(e CredentialStatus, kind statusListKind, path string, r *Report) (listEntry, bool) {
	var le listEntry
	bad := func(member, format string, args ...any) (listEntry, bool) {
		r.fail(CheckStatus, CodeInvalidValue, path+"/"+member, format, args...)
		return le, false
	}
	if ok, err := e.Extensions.Get("statusPurpose", &le.purpose); !ok || err != nil || le.purpose == "" {
		return bad("statusPurpose", "%s: statusPurpose must be a non-empty string", string(e.Type))
	}
	if !slices.Contains(kind.purposes, le.purpose) {
		r.fail(CheckStatus, CodeStatusUnsupported, path+"/statusPurpose",
			"%s: statusPurpose %q is not one clrkit knows, so the status cannot be determined", string(e.Type), le.purpose)
		return le, false
	}
	var index string
	if ok, err := e.Extensions.Get("statusListIndex", &index); !ok || err != nil {
		// Issuers in the wild write the index as a JSON number; the status
		// can still be read, and the form is a conformance error of its own.
		var num json.Number
		if ok, err := e.Extensions.Get("statusListIndex", &num); !ok || err != nil || strings.Trim(num.String(), "0123456789") != "" {
			return bad("statusListIndex", "%s: statusListIndex must be a string of decimal digits", string(e.Type))
		}
		index = num.String()
		r.addError(CodeInvalidValue, path+"/statusListIndex", "%s: statusListIndex is the number %s; it must be a string of decimal digits (%q)", string(e.Type), index, index)
	}
	if index == "" || strings.Trim(index, "0123456789") != "" {
		return bad("statusListIndex", "%s: statusListIndex %q is not a string of decimal digits", string(e.Type), index)
	}
	n, err := strconv.ParseUint(index, 10, 64)
	if err != nil {
		n = ^uint64(0) // beyond any list; reported as out of range
	}
	le.index = n
	if ok, err := e.Extensions.Get("statusListCredential", &le.list); !ok || err != nil || CheckURI(le.list) != nil {
		return bad("statusListCredential", "%s: statusListCredential must be a URL", string(e.Type))
	}
	le.size = 1
	var size json.Number
	if ok, _ := e.Extensions.Get("statusSize", &size); ok {
		if !kind.sizes {
			return bad("statusSize", "%s has no statusSize", string(e.Type))
		}
		s, err := strconv.Atoi(size.String())
		if err != nil || s < 1 || s > maxStatusSize {
			return bad("statusSize", "%s: statusSize must be an integer from 1 to %d, got %s", string(e.Type), maxStatusSize, size.String())
		}
		le.size = s
	}
	if ok, err := e.Extensions.Get("statusMessage", &le.messages); ok {
		if err != nil || !kind.sizes {
			return bad("statusMessage", "%s: statusMessage must be an array of {status, message} objects", string(e.Type))
		}
		if len(le.messages) != 1<<le.size {
			return bad("statusMessage", "%s: statusMessage has %d entries; statusSize %d needs %d", string(e.Type), len(le.messages), le.size, 1<<le.size)
		}
	} else if le.size > 1 {
		return bad("statusMessage", "%s: statusMessage is required when statusSize is over 1", string(e.Type))
	}
	return le, true
}

// message returns the entry's message for a status value.
func (le listEntry) message(status uint64) string {
	for _, m := range le.messages {
		hex, ok := strings.CutPrefix(strings.ToLower(m.Status), "0x")
		if v, err := strconv.ParseUint(hex, 16, 64); ok && err == nil && v == status {
			return m.Message
		}
	}
	return ""
}

// checkStatusList checks a BitstringStatusListEntry or StatusList2021Entry.
func (v *Verifier) checkStatusList(ctx context.Context, d *Document, e CredentialStatus, path string, exp Expectations, r *Report) {
	kind := bitstringKind
	if string(e.Type) == TypeStatusList2021Entry {
		kind = statusList2021Kind
	}
	le, ok := parseListEntry(e, kind, path, r)
	if !ok {
		return
	}
	body, _, err := v.fetch.lists.Get(ctx, le.list)
	if err != nil {
		fetchFailed(r, path+"/statusListCredential", "status list credential", err)
		return
	}
	nested, credJSON := v.verifyFetched(ctx, body, exp)
	if credJSON == nil {
		r.fail(CheckStatus, CodeStatusList, path+"/statusListCredential",
			"the status list credential %s does not verify: %s", le.list, nested.Summary())
		return
	}
	if nested.Issuer != d.Credential.Issuer.ID {
		// Whoever controls the list's URL must not decide the status of
		// another issuer's credential.
		r.fail(CheckStatus, CodeStatusList, path+"/statusListCredential",
			"the status list credential %s is issued by %s, not by the credential's issuer %s", le.list, nested.Issuer, d.Credential.Issuer.ID)
		return
	}
	bits, err := v.decodeStatusList(credJSON, kind, le.purpose)
	if err != nil {
		code := CodeStatusList
		if errors.Is(err, errListTooLarge) {
			code = CodeLimit
		}
		r.fail(CheckStatus, code, path+"/statusListCredential", "status list %s: %v", le.list, err)
		return
	}
	entries := uint64(len(bits)) * 8 / uint64(le.size)
	if entries < minStatusListEntries {
		r.fail(CheckStatus, CodeStatusList, path+"/statusListCredential",
			"status list %s has %d entries, fewer than the %d the specification requires", le.list, entries, minStatusListEntries)
		return
	}
	if le.index >= entries {
		r.fail(CheckStatus, CodeStatusList, path+"/statusListIndex",
			"statusListIndex %s is outside status list %s (%d entries)", indexString(e), le.list, entries)
		return
	}
	status := readStatus(bits, le.index*uint64(le.size), le.size)
	where := fmt.Sprintf("index %d of %s", le.index, le.list)
	switch {
	case le.purpose == PurposeRevocation && status != 0:
		r.fail(CheckStatus, CodeRevoked, path, "the credential is revoked (%s)", where)
	case le.purpose == PurposeSuspension && status != 0:
		r.fail(CheckStatus, CodeSuspended, path, "the credential is suspended (%s)", where)
	case le.purpose == PurposeMessage && status != 0:
		r.warn(CheckStatus, CodeStatusMessage, path, "status %#x: %s (%s)", status, le.message(status), where)
	case le.purpose == PurposeRefresh && status != 0:
		r.warn(CheckStatus, CodeStatusMessage, path, "the issuer signals that a newer version is available from its refresh service (%s)", where)
	case le.purpose == PurposeMessage:
		r.pass(CheckStatus, fmt.Sprintf("%s status 0: %s (%s)", string(e.Type), le.message(0), where))
	default:
		r.pass(CheckStatus, fmt.Sprintf("%s %s: not set (%s)", string(e.Type), le.purpose, where))
	}
}

// indexString returns the entry's statusListIndex as written.
func indexString(e CredentialStatus) string {
	var s string
	_, _ = e.Extensions.Get("statusListIndex", &s)
	return s
}

// readStatus reads size bits at bit position pos, most significant first.
func readStatus(bits []byte, pos uint64, size int) uint64 {
	var v uint64
	for i := uint64(0); i < uint64(size); i++ {
		p := pos + i
		bit := bits[p/8] >> (7 - p%8) & 1
		v = v<<1 | uint64(bit)
	}
	return v
}

// errListTooLarge is what decodeStatusList returns for a list that expands
// beyond the limit.
var errListTooLarge = errors.New("the decompressed status list is over the size limit")

// decodeStatusList checks the verified list credential's type, subject and
// purpose, and returns its expanded bitstring.
func (v *Verifier) decodeStatusList(credJSON []byte, kind statusListKind, purpose string) ([]byte, error) {
	c, err := ParseCredential(credJSON)
	if err != nil {
		return nil, err
	}
	if !c.Type.Has(kind.credentialType) {
		return nil, fmt.Errorf("the credential's type %v does not include %s", []string(c.Type), kind.credentialType)
	}
	var subject *Subject
	for i := range c.CredentialSubject {
		if c.CredentialSubject[i].Type.Has(kind.subjectType) {
			subject = &c.CredentialSubject[i]
			break
		}
	}
	if subject == nil {
		return nil, fmt.Errorf("no credentialSubject of type %s", kind.subjectType)
	}
	var purposes Types
	if ok, err := subject.Extensions.Get("statusPurpose", &purposes); !ok || err != nil {
		return nil, errors.New("the list has no statusPurpose")
	}
	if !purposes.Has(purpose) {
		return nil, fmt.Errorf("the list's statusPurpose %v does not include the entry's %q", []string(purposes), purpose)
	}
	var encoded string
	if ok, err := subject.Extensions.Get("encodedList", &encoded); !ok || err != nil || encoded == "" {
		return nil, errors.New("encodedList is missing or not a string")
	}
	return expandBitstring(encoded, kind.multibase, v.limits.MaxStatusListBytes)
}

// expandBitstring decodes encodedList (base64url, with the multibase prefix
// "u" when multibase is set, padding tolerated) and decompresses it, reading
// at most max bytes of output.
func expandBitstring(encoded string, multibase bool, max int64) ([]byte, error) {
	if multibase {
		rest, ok := strings.CutPrefix(encoded, "u")
		if !ok {
			return nil, errors.New(`encodedList does not start with the multibase base64url prefix "u"`)
		}
		encoded = rest
	}
	compressed, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(encoded, "="))
	if err != nil {
		return nil, fmt.Errorf("encodedList is not base64url: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, fmt.Errorf("encodedList is not GZIP data: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("encodedList does not decompress: %v", err)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("%w (%d bytes)", errListTooLarge, max)
	}
	return out, nil
}
