package openbadges

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Errors of IdentityObject.Matches.
var (
	// ErrUnknownHashAlgorithm: an identityHash names an algorithm other
	// than sha256 or md5.
	ErrUnknownHashAlgorithm = errors.New("openbadges: unknown identity hash algorithm")
	// ErrMalformedIdentityHash: an identityHash is not "<alg>$<hex digest>"
	// with a digest of the algorithm's length.
	ErrMalformedIdentityHash = errors.New("openbadges: malformed identity hash")
)

// HashIdentity returns the IdentityHash of identifier with salt, as
// issuers write it: "sha256$" followed by the lowercase hex SHA-256 digest
// of the UTF-8 bytes of identifier immediately followed by salt.
func HashIdentity(identifier, salt string) string {
	sum := sha256.Sum256([]byte(identifier + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// NewHashedIdentity returns an IdentityObject that identifies a recipient
// by the salted SHA-256 hash of identifier (an email address, a student
// number ...). Use a fresh random salt per credential, so that the hash
// cannot be linked across credentials or reversed by guessing.
func NewHashedIdentity(t IdentifierType, identifier, salt string) IdentityObject {
	return IdentityObject{
		Type:         TypeIdentityObject,
		Hashed:       true,
		IdentityHash: HashIdentity(identifier, salt),
		IdentityType: t,
		Salt:         salt,
	}
}

// NewPlainIdentity returns an IdentityObject that carries identifier in
// plain text (hashed false).
func NewPlainIdentity(t IdentifierType, identifier string) IdentityObject {
	return IdentityObject{
		Type:         TypeIdentityObject,
		Hashed:       false,
		IdentityHash: identifier,
		IdentityType: t,
	}
}

// Matches reports whether identifier is the identity o describes. A plain
// identity compares the strings exactly. A hashed one hashes identifier with
// o's salt and compares digests: sha256$ as issuers write it, and md5$ as
// older issuers did (read only; nothing here writes md5). The hex digest is
// compared without regard to case. An unknown algorithm is an error wrapping
// ErrUnknownHashAlgorithm, and a hash that is not "<alg>$<hex>" with a
// digest of the right length one wrapping ErrMalformedIdentityHash.
func (o IdentityObject) Matches(identifier string) (bool, error) {
	if !o.Hashed {
		return subtle.ConstantTimeCompare([]byte(o.IdentityHash), []byte(identifier)) == 1, nil
	}
	alg, digest, ok := strings.Cut(o.IdentityHash, "$")
	if !ok {
		return false, fmt.Errorf("%w: no \"$\" separating algorithm and digest", ErrMalformedIdentityHash)
	}
	var sum []byte
	switch alg {
	case "sha256":
		s := sha256.Sum256([]byte(identifier + o.Salt))
		sum = s[:]
	case "md5":
		s := md5.Sum([]byte(identifier + o.Salt))
		sum = s[:]
	default:
		return false, fmt.Errorf("%w: %q", ErrUnknownHashAlgorithm, alg)
	}
	want, err := hex.DecodeString(digest)
	if err != nil || len(want) != len(sum) {
		return false, fmt.Errorf("%w: the %s digest must be %d hex digits", ErrMalformedIdentityHash, alg, 2*len(sum))
	}
	return subtle.ConstantTimeCompare(want, sum) == 1, nil
}
