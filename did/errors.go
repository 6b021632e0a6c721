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

// OfflineWebResolver answers for did:web where fetching is off: every DID
// fails with ErrFetchingDisabled (CodeFetchingDisabled), saying what to
// set, where a MultiResolver without a did:web entry would answer
// methodNotSupported. vc.NewVerifier uses it when it has no HTTP client.
type OfflineWebResolver struct{}

// Resolve refuses every DID: its document would have to be fetched.
func (OfflineWebResolver) Resolve(_ context.Context, d string) (*Resolution, error) {
	return nil, &ResolutionError{Code: CodeFetchingDisabled, DID: d,
		Detail: "a did:web document must be fetched and fetching is off: set an HTTP client (vc.VerifierOptions.HTTPClient; " +
			"clrkit verify --allow-network), or serve a local copy through it (did.NewLocalDocuments; clrkit verify --documents DIR)"}
}
