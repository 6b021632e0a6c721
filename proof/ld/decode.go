package ld

import (
	"errors"
	"fmt"

	"github.com/clrkit/clrkit/internal/jsonld"
)

// CodeJSONSyntax is the Code of an *Error for input that is not JSON.
const CodeJSONSyntax = "JSON syntax error"

// CodeMaxDepth is the Code of an *Error for JSON nested deeper than
// Limits.MaxDepth.
const CodeMaxDepth = "JSON too deeply nested"

// decodeJSON checks data against the depth limit and decodes it, keeping
// numbers as json.Number so that 1 and 1.5 keep their JSON-LD datatypes.
func decodeJSON(data []byte, maxDepth int) (any, error) {
	if off := depthExceeded(data, maxDepth); off >= 0 {
		return nil, &Error{Kind: ErrLimit, Code: CodeMaxDepth,
			Detail: fmt.Sprintf("more than %d levels at byte offset %d", maxDepth, off)}
	}
	v, err := jsonld.DecodeJSON(data)
	if err != nil {
		var je *jsonld.Error
		if errors.As(err, &je) && je.Err != nil {
			err = je.Err
		}
		return nil, &Error{Kind: ErrInvalid, Code: CodeJSONSyntax, Err: err}
	}
	return v, nil
}

// depthExceeded returns the byte offset at which data's nesting of arrays and
// objects first exceeds max, or -1. It only counts brackets outside strings;
// syntax errors are left for the decoder to report.
func depthExceeded(data []byte, max int) int {
	depth := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > max {
				return i
			}
		case ']', '}':
			depth--
		}
	}
	return -1
}
