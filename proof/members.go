package proof

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/clrkit/clrkit/internal/jsonobj"
)

// rawMember is one member of a JSON object as it was written: the name
// token and the value, byte for byte.
type rawMember struct {
	name    string
	rawName []byte
	value   json.RawMessage
}

// splitMembers returns the members of the JSON object in doc in document
// order, keeping the bytes of every name and value.
func splitMembers(doc []byte) ([]rawMember, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, ErrMalformedDocument
	}
	var out []rawMember
	for dec.More() {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, ErrMalformedDocument
		}
		raw := bytes.TrimLeft(doc[start:dec.InputOffset()], " \t\r\n,")
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
		}
		out = append(out, rawMember{name: name, rawName: raw, value: v})
	}
	return out, nil
}

// joinMembers writes members as one JSON object indented with two spaces
// and a final newline, the layout Sign produces.
func joinMembers(members []rawMember) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(m.rawName)
		buf.WriteByte(':')
		buf.Write(m.value)
	}
	buf.WriteByte('}')
	out, err := jsonobj.Indent(make([]byte, 0, buf.Len()*3/2), buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	return append(out, '\n'), nil
}

// marshalJSON encodes v without HTML escaping.
func marshalJSON(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
