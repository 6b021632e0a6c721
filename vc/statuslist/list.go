package statuslist

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MinEntries is the smallest list the specification allows: 131,072
// entries (16 KB at one bit each), so that the list a credential points to
// is shared by enough others to say nothing about its holder.
const MinEntries = 131072

// Purposes a list can have; a list serves one purpose.
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
)

// ErrIndex reports an index outside a list.
var ErrIndex = errors.New("statuslist: index out of range")

// List is a bitstring status list of one bit per entry. The zero value is
// not usable; make one with New or Decode.
type List struct {
	bits []byte
}

// New returns a list of n entries, all 0 (valid), n rounded up to a
// multiple of 8 and to at least MinEntries.
func New(n int) *List {
	n = max(n, MinEntries)
	return &List{bits: make([]byte, (n+7)/8)}
}

// Len returns the number of entries.
func (l *List) Len() int { return 8 * len(l.bits) }

// Bytes returns the bitstring, for a Store to save (a copy).
func (l *List) Bytes() []byte { return append([]byte(nil), l.bits...) }

// FromBytes returns the list whose bitstring is b (as Bytes returns it); b
// must hold at least MinEntries bits.
func FromBytes(b []byte) (*List, error) {
	if 8*len(b) < MinEntries {
		return nil, fmt.Errorf("statuslist: %d entries, fewer than the %d the specification requires", 8*len(b), MinEntries)
	}
	return &List{bits: append([]byte(nil), b...)}, nil
}

// Get returns whether entry i is set (revoked, or suspended).
func (l *List) Get(i int) (bool, error) {
	if i < 0 || i >= l.Len() {
		return false, fmt.Errorf("%w: %d of %d", ErrIndex, i, l.Len())
	}
	return l.bits[i/8]&(0x80>>(i%8)) != 0, nil
}

// Set sets entry i to v (true: revoked or suspended; false: valid again).
func (l *List) Set(i int, v bool) error {
	if i < 0 || i >= l.Len() {
		return fmt.Errorf("%w: %d of %d", ErrIndex, i, l.Len())
	}
	if v {
		l.bits[i/8] |= 0x80 >> (i % 8)
	} else {
		l.bits[i/8] &^= 0x80 >> (i % 8)
	}
	return nil
}

// Encode returns the list as an encodedList value: "u" and the base64url
// (no padding) of the GZIP-compressed bitstring.
func (l *List) Encode() (string, error) {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(l.bits); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// gzipWriters keeps compressors between Encodes: each holds some 800 KB of
// state that gzip.NewWriter would allocate afresh.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// maxDecoded bounds what Decode expands: 16 MB, 134 million entries.
const maxDecoded = 16 << 20

// Decode reads an encodedList value as Encode writes it. The list must
// have at least MinEntries entries and expand to at most 16 MB.
func Decode(encoded string) (*List, error) {
	b64, ok := strings.CutPrefix(encoded, "u")
	if !ok {
		return nil, errors.New(`statuslist: encodedList does not start with the multibase prefix "u"`)
	}
	gz, err := base64.RawURLEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("statuslist: encodedList is not base64url without padding: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("statuslist: encodedList is not GZIP data: %w", err)
	}
	bits, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return nil, fmt.Errorf("statuslist: encodedList is not GZIP data: %w", err)
	}
	if len(bits) > maxDecoded {
		return nil, fmt.Errorf("statuslist: the list expands to more than %d bytes", maxDecoded)
	}
	if 8*len(bits) < MinEntries {
		return nil, fmt.Errorf("statuslist: %d entries, fewer than the %d the specification requires", 8*len(bits), MinEntries)
	}
	return &List{bits: bits}, nil
}

// Entry is the credentialStatus member that points a credential at entry
// Index of the list published at ListCredential (a URL).
type Entry struct {
	ListCredential string
	Purpose        string
	Index          int
}

// MarshalJSON writes the BitstringStatusListEntry: an id (the list's URL
// and the index as fragment), type, statusPurpose, statusListIndex (as the
// base-10 string the specification requires) and statusListCredential.
func (e Entry) MarshalJSON() ([]byte, error) {
	if e.ListCredential == "" || e.Purpose == "" || e.Index < 0 {
		return nil, errors.New("statuslist: an entry needs a list credential URL, a purpose and an index >= 0")
	}
	idx := strconv.Itoa(e.Index)
	return json.Marshal(struct {
		ID             string `json:"id"`
		Type           string `json:"type"`
		StatusPurpose  string `json:"statusPurpose"`
		StatusListIdx  string `json:"statusListIndex"`
		StatusListCred string `json:"statusListCredential"`
	}{e.ListCredential + "#" + idx, "BitstringStatusListEntry", e.Purpose, idx, e.ListCredential})
}

// Credential returns the unsigned BitstringStatusListCredential that
// publishes l: id url, issued by issuer, valid from validFrom, its subject
// (url + "#list") of type BitstringStatusList with purpose and the encoded
// list. Sign it with the issuer's key (proof.Sign) and serve it at url, or
// let a Publisher do both.
func Credential(url, issuer, purpose string, validFrom time.Time, l *List) ([]byte, error) {
	return credential(url, issuer, purpose, validFrom, 0, l)
}

// credential is Credential with the subject's ttl (how long a verifier may
// cache the list, in milliseconds; left out when zero).
func credential(url, issuer, purpose string, validFrom time.Time, ttl time.Duration, l *List) ([]byte, error) {
	encoded, err := l.Encode()
	if err != nil {
		return nil, err
	}
	type subject struct {
		ID            string `json:"id"`
		Type          string `json:"type"`
		StatusPurpose string `json:"statusPurpose"`
		EncodedList   string `json:"encodedList"`
		TTL           int64  `json:"ttl,omitempty"`
	}
	return json.MarshalIndent(struct {
		Context           []string `json:"@context"`
		ID                string   `json:"id"`
		Type              []string `json:"type"`
		Issuer            string   `json:"issuer"`
		ValidFrom         string   `json:"validFrom"`
		CredentialSubject subject  `json:"credentialSubject"`
	}{
		Context:           []string{"https://www.w3.org/ns/credentials/v2"},
		ID:                url,
		Type:              []string{"VerifiableCredential", "BitstringStatusListCredential"},
		Issuer:            issuer,
		ValidFrom:         validFrom.UTC().Format(time.RFC3339),
		CredentialSubject: subject{ID: url + "#list", Type: "BitstringStatusList", StatusPurpose: purpose, EncodedList: encoded, TTL: ttl.Milliseconds()},
	}, "", "  ")
}
