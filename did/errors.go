package did

import (
	"context"
	"errors"
	"fmt"
)

// Error codes of DID resolution and dereferencing, as the DID Resolution
// specification names them.
const (
	CodeInvalidDID                 = "invalidDid"
	CodeInvalidDIDURL              = "invalidDidUrl"
	CodeNotFound                   = "notFound"
	CodeMethodNotSupported         = "methodNotSupported"
	CodeRepresentationNotSupported = "representationNotSupported"
	CodeInvalidDIDDocument         = "invalidDidDocument"
	CodeInvalidPublicKey           = "invalidPublicKey"
	CodeInvalidPublicKeyLength     = "invalidPublicKeyLength"
	CodeInvalidPublicKeyType       = "invalidPublicKeyType"
	CodeUnsupportedPublicKeyType   = "unsupportedPublicKeyType"
	CodeInternalError              = "internalError"

	// CodeFetchingDisabled is not one of the DID Resolution
	// specification's codes: it says that the document needed must be
	// fetched and the caller has not allowed fetching (no HTTP client
	// configured), a matter of configuration rather than of the method or
	// the document.
	CodeFetchingDisabled = "fetchingDisabled"
)

// Sentinel errors, one per code, for errors.Is. A *ResolutionError matches
// the sentinel of its Code.
var (
	ErrInvalidDID                 = errors.New("did: " + CodeInvalidDID)
	ErrInvalidDIDURL              = errors.New("did: " + CodeInvalidDIDURL)
	ErrNotFound                   = errors.New("did: " + CodeNotFound)
	ErrMethodNotSupported         = errors.New("did: " + CodeMethodNotSupported)
	ErrRepresentationNotSupported = errors.New("did: " + CodeRepresentationNotSupported)
	ErrInvalidDIDDocument         = errors.New("did: " + CodeInvalidDIDDocument)
	ErrInvalidPublicKey           = errors.New("did: " + CodeInvalidPublicKey)
	ErrInvalidPublicKeyLength     = errors.New("did: " + CodeInvalidPublicKeyLength)
	ErrInvalidPublicKeyType       = errors.New("did: " + CodeInvalidPublicKeyType)
	ErrUnsupportedPublicKeyType   = errors.New("did: " + CodeUnsupportedPublicKeyType)
	ErrInternal                   = errors.New("did: " + CodeInternalError)
	ErrFetchingDisabled           = errors.New("did: " + CodeFetchingDisabled)
)

var sentinels = map[string]error{
	CodeInvalidDID:                 ErrInvalidDID,
	CodeInvalidDIDURL:              ErrInvalidDIDURL,
	CodeNotFound:                   ErrNotFound,
	CodeMethodNotSupported:         ErrMethodNotSupported,
	CodeRepresentationNotSupported: ErrRepresentationNotSupported,
	CodeInvalidDIDDocument:         ErrInvalidDIDDocument,
	CodeInvalidPublicKey:           ErrInvalidPublicKey,
	CodeInvalidPublicKeyLength:     ErrInvalidPublicKeyLength,
	CodeInvalidPublicKeyType:       ErrInvalidPublicKeyType,
	CodeUnsupportedPublicKeyType:   ErrUnsupportedPublicKeyType,
	CodeInternalError:              ErrInternal,
	CodeFetchingDisabled:           ErrFetchingDisabled,
}

// ResolutionError reports why a DID or DID URL could not be resolved or
// dereferenced. Code is one of the Code constants; DID is the identifier (or
// URL) at fault; Err, when set, is the underlying cause (a key decoding
// error, a network failure, ctx.Err()).
type ResolutionError struct {
	Code   string
	DID    string
	Detail string
	Err    error
}

// Error renders "did: <code>: <did>: <detail>: <cause>", leaving out empty parts.
func (e *ResolutionError) Error() string {
	s := "did: " + e.Code
	if e.DID != "" {
		s += ": " + e.DID
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is reports whether target is the sentinel error of e's Code.
func (e *ResolutionError) Is(target error) bool { return sentinels[e.Code] == target }

// Unwrap returns the underlying cause.
func (e *ResolutionError) Unwrap() error { return e.Err }

// resolutionErrorf builds a *ResolutionError with a formatted detail.
func resolutionErrorf(code, did string, cause error, format string, args ...any) *ResolutionError {
	return &ResolutionError{Code: code, DID: did, Detail: fmt.Sprintf(format, args...), Err: cause}
}

// OfflineMethods returns, as a new map for NewMultiResolver, the resolvers
// that need no network: did:key, did:jwk, and did:web answered by
// OfflineWebResolver. A caller that may fetch replaces "web" with a
// WebResolver.
func OfflineMethods() map[string]Resolver {
	return map[string]Resolver{"key": &KeyResolver{}, "jwk": JWKResolver{}, "web": OfflineWebResolver{}}
}

// OfflineWebResolver answers for did:web where fetching is off: every DID
// fails with ErrFetchingDisabled (CodeFetchingDisabled), saying what to
// set, where a MultiResolver without a did:web entry would answer
// methodNotSupported. vc.NewVerifier uses it when it has no HTTP client.
type OfflineWebResolver struct{}

// Resolve refuses every DID: its document would have to be fetched.
func (OfflineWebResolver) Resolve(_ context.Context, d string) (*Resolution, error) {
	return nil, &ResolutionError{Code: CodeFetchingDisabled, DID: d,
		Detail: fetchingOff("the did:web document", "WebResolver")}
}

// fetchingOff is the detail of a CodeFetchingDisabled error: what would
// have to be fetched, and what to set (the component's own option, the
// verifier's, the command's flags, or local copies).
func fetchingOff(what, option string) string {
	return what + " must be fetched and fetching is off: set " + option + " (or vc.VerifierOptions.HTTPClient; " +
		"clrkit verify --allow-network), or provide a local copy (did.NewLocalDocuments; clrkit verify --documents DIR)"
}
