package ld

import (
	"errors"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonld"
)

// Kinds of canonicalization failure. Every *Error has one as its Kind, so
// callers can sort failures with errors.Is.
var (
	// ErrSafeMode: the document would lose data or keep a relative IRI when
	// turned into RDF (an undefined term or type, a relative @id, an IRI
	// that is not well formed). Signing such a document would leave that data
	// unsigned, so it is rejected.
	ErrSafeMode = errors.New("ld: JSON-LD safe mode violation")
	// ErrLimit: the input exceeds one of the Limits.
	ErrLimit = errors.New("ld: limit exceeded")
	// ErrInvalid: the input is not valid JSON, JSON-LD or N-Quads.
	ErrInvalid = errors.New("ld: invalid input")
)

// Codes of errors found by this package rather than the JSON-LD processor.
const (
	CodeDocumentTooLarge = "document too large"
	CodeWorkLimit        = "canonicalization work limit exceeded"
	CodeNQuadsSyntax     = "N-Quads syntax error"
)

// Error describes a document that could not be canonicalized.
type Error struct {
	// Kind is ErrSafeMode, ErrLimit or ErrInvalid.
	Kind error
	// Code names the problem: a JSON-LD 1.1 API error code such as
	// "invalid @id value", a safe-mode code such as
	// "safe mode: dropped property", or one of this package's Code constants.
	Code string
	// Path is an RFC 6901 JSON pointer to the offending member of the input,
	// or "" when the problem is not at one place (or is in a context).
	Path string
	// Detail names the term, value or figure at fault.
	Detail string
	// Err is the underlying cause, if any.
	Err error
}

// Error renders "ld: <code>: <detail> at <pointer>: <cause>", leaving out
// the parts that are empty.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ld: ")
	b.WriteString(e.Code)
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Path != "" {
		b.WriteString(" at ")
		b.WriteString(e.Path)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Is reports whether target is the error's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// wrapJSONLD turns an error of the JSON-LD processor into an *Error, keeping
// loader and context errors reachable through Unwrap.
func wrapJSONLD(err error) error {
	var je *jsonld.Error
	if !errors.As(err, &je) {
		return err
	}
	e := &Error{Code: je.Code, Path: je.Path, Detail: je.Detail, Err: je.Err}
	switch {
	case strings.HasPrefix(je.Code, "safe mode:"):
		e.Kind = ErrSafeMode
	case je.Code == jsonld.CodeMaxDepth || je.Code == jsonld.CodeMaxQuads || je.Code == jsonld.CodeContextOverflow ||
		je.Code == jsonld.CodeMaxTermDefinitions:
		e.Kind = ErrLimit
	case je.Code == jsonld.CodeCanceled:
		return je.Err // the caller's context error, as is
	default:
		e.Kind = ErrInvalid
	}
	return e
}
