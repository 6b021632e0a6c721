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

// decodeJSON decodes data, keeping numbers as json.Number so that 1 and 1.5
// keep their JSON-LD datatypes. The depth limit is enforced by the parser
// as it reads, so errors come in document order: a syntax error before the
// first bracket that is too deep is reported as a syntax error.
func decodeJSON(data []byte, maxDepth int) (any, error) {
	v, err := jsonld.DecodeJSON(data, maxDepth)
	if err == nil {
		return v, nil
	}
	var je *jsonld.Error
	if errors.As(err, &je) && je.Code == jsonld.CodeMaxDepth {
		return nil, &Error{Kind: ErrLimit, Code: CodeMaxDepth, Detail: je.Detail}
	}
	detail := ""
	if je != nil {
		detail = je.Detail
	}
	return nil, &Error{Kind: ErrInvalid, Code: CodeJSONSyntax, Detail: detail}
}
