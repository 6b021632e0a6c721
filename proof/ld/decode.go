package ld

import (
	"errors"

	"github.com/clrkit/clrkit/internal/jsonld"
)

// CodeJSONSyntax is the Code of an *Error for input that is not JSON.
const CodeJSONSyntax = "JSON syntax error"

// CodeMaxDepth is the Code of an *Error for JSON nested deeper than
// Limits.MaxDepth.
const CodeMaxDepth = "JSON too deeply nested"

// CodeNotIJSON is the Code of an *Error for JSON that breaks a rule of
// I-JSON (RFC 7493), which the VC Data Model requires: invalid UTF-8, an
// unpaired surrogate escape, a member name twice in one object, or a number
// no double holds. Its Path points at the value.
const CodeNotIJSON = jsonld.CodeNotIJSON

// DecodeJSON decodes a JSON document as Canonicalize reads it, into the
// values CanonicalizeValue takes: map[string]any, []any, string,
// json.Number (so that 1 and 1.5 keep their JSON-LD datatypes), bool and
// nil. maxDepth bounds the nesting of arrays and objects (0 means
// DefaultMaxDepth).
//
// The document must be I-JSON (RFC 7493), as the VC Data Model requires:
// invalid UTF-8, an unpaired surrogate escape, a member name twice in one
// object, or a number that a double cannot hold (1e400, or 1e-400, which
// would read as 0) is an *Error with Code CodeNotIJSON and the JSON
// pointer of the value. Decoders that repair these (encoding/json replaces
// bad text with U+FFFD and keeps the last duplicate) let two different
// documents canonicalize, and so sign, alike.
//
// Other errors are *Error values with Code CodeJSONSyntax or CodeMaxDepth.
// The depth limit is enforced as the parser reads, so errors come in
// document order: a syntax error before the first bracket that is too deep
// is reported as a syntax error.
func DecodeJSON(data []byte, maxDepth int) (any, error) {
	v, err := jsonld.DecodeJSON(data, maxDepth)
	if err == nil {
		return v, nil
	}
	var je *jsonld.Error
	if !errors.As(err, &je) {
		return nil, &Error{Kind: ErrInvalid, Code: CodeJSONSyntax, Err: err}
	}
	switch je.Code {
	case jsonld.CodeMaxDepth:
		return nil, &Error{Kind: ErrLimit, Code: CodeMaxDepth, Path: je.Path, Detail: je.Detail}
	case jsonld.CodeNotIJSON:
		return nil, &Error{Kind: ErrInvalid, Code: CodeNotIJSON, Path: je.Path, Detail: je.Detail}
	}
	return nil, &Error{Kind: ErrInvalid, Code: CodeJSONSyntax, Path: je.Path, Detail: je.Detail}
}
