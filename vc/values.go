package vc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/internal/jsonobj"
)

// Extensions holds the members of an object that its class does not
// declare, each as the exact JSON it was given. They are written back on
// marshalling, sorted by name, so a parse and marshal round trip keeps
// everything a signature covers. A name that a class declares cannot be an
// extension: marshalling such a value fails.
type Extensions map[string]json.RawMessage

// Get decodes the extension member name into v. It reports false when the
// member is absent.
func (e Extensions) Get(name string, v any) (bool, error) {
	raw, ok := e[name]
	if !ok {
		return false, nil
	}
	return true, jsonobj.At(name, json.Unmarshal(raw, v))
}

// Set stores v, marshalled to JSON, as the extension member name.
func (e *Extensions) Set(name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("vc: extension %s: %w", name, err)
	}
	if *e == nil {
		*e = Extensions{}
	}
	(*e)[name] = raw
	return nil
}

// Types is the value of a `type` member that may hold several IRIs. JSON
// gives it as one string or an array of strings; it is always written as
// an array, which is what the formal schemas require.
type Types []string

// Has reports whether t is one of the types.
func (ts Types) Has(t string) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// UnmarshalJSON accepts a string or an array of strings.
func (ts *Types) UnmarshalJSON(data []byte) error { return ts.read(jsonobj.Reader{}, data) }

func (ts *Types) read(r jsonobj.Reader, data []byte) error {
	var out []string
	if err := r.Each(data, func(raw []byte) error {
		s, err := jsonobj.String(raw)
		out = append(out, s)
		return err
	}); err != nil {
		return err
	}
	*ts = out
	return nil
}

// OneOrMany is a property that may hold several values, each a T. JSON-LD
// compaction writes a single value without the array, so both forms are
// read; it is always written as an array, which is what the formal schemas
// require.
type OneOrMany[T any] []T

// UnmarshalJSON accepts one value or an array of values.
func (o *OneOrMany[T]) UnmarshalJSON(data []byte) error { return o.read(jsonobj.Reader{}, data) }

func (o *OneOrMany[T]) read(r jsonobj.Reader, data []byte) error {
	var out []T
	if err := r.Each(data, func(raw []byte) error {
		var v T
		err := r.Value(raw, &v)
		out = append(out, v)
		return err
	}); err != nil {
		return err
	}
	*o = out
	return nil
}

// Context is one entry of an @context list: a URL, or an inline context
// object kept as its exact JSON.
type Context struct {
	URL    string
	Inline json.RawMessage
}

// Contexts is the @context member, in order. A single string is read as a
// list of one; it is always written as an array.
type Contexts []Context

// URLs returns the URL entries in order, skipping inline contexts.
func (cs Contexts) URLs() []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if c.URL != "" {
			out = append(out, c.URL)
		}
	}
	return out
}

// Has reports whether url is one of the entries.
func (cs Contexts) Has(url string) bool {
	for _, c := range cs {
		if c.URL == url {
			return true
		}
	}
	return false
}

// UnmarshalJSON accepts a URL, an object, or an array of them.
func (cs *Contexts) UnmarshalJSON(data []byte) error { return cs.read(jsonobj.Reader{}, data) }

func (cs *Contexts) read(r jsonobj.Reader, data []byte) error {
	var out Contexts
	err := r.Each(data, func(raw []byte) error {
		raw = bytes.TrimSpace(raw)
		switch {
		case len(raw) > 0 && raw[0] == '"':
			s, err := jsonobj.String(raw)
			out = append(out, Context{URL: s})
			return err
		case len(raw) > 0 && raw[0] == '{':
			out = append(out, Context{Inline: bytes.Clone(raw)})
			return nil
		}
		return fmt.Errorf("a context entry must be a URL or an object, got %s", jsonobj.Kind(raw))
	})
	if err != nil {
		return err
	}
	*cs = out
	return nil
}

// MarshalJSON writes the entries as an array.
func (cs Contexts) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, c := range cs {
		if i > 0 {
			buf.WriteByte(',')
		}
		switch {
		case c.Inline != nil:
			if err := json.Compact(&buf, c.Inline); err != nil {
				return nil, fmt.Errorf("vc: @context[%d]: %w", i, err)
			}
		default:
			jsonobj.WriteString(&buf, c.URL)
		}
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

// DateTime is a date and time exactly as written in the credential. The
// string is kept as given (signatures cover it); Time parses it.
type DateTime string

// NewDateTime formats t in UTC to the second, the form the specs' examples
// use (2024-01-02T03:04:05Z).
func NewDateTime(t time.Time) DateTime {
	return DateTime(t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z"))
}

// dateTimeZ is the shape the 1EdTech schemas require for DateTimeZ: an
// ISO 8601 / RFC 3339 date and time with a zone.
var dateTimeZ = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

// ErrDateTime is what an unparseable DateTime wraps.
var ErrDateTime = errors.New("vc: not an RFC 3339 date and time with a time zone")

// Time parses the value. It accepts RFC 3339 date-times with a zone
// (Z or ±hh:mm), fractions of a second included.
func (d DateTime) Time() (time.Time, error) {
	if !dateTimeZ.MatchString(string(d)) {
		return time.Time{}, fmt.Errorf("%w: %q", ErrDateTime, string(d))
	}
	t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(string(d)))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q: %v", ErrDateTime, string(d), err)
	}
	return t, nil
}

// LangString is a natural-language string, given either as a plain JSON
// string or as one or more JSON-LD value objects carrying a language and a
// base direction ({"@value": "Diplôme", "@language": "fr"}), as the VC Data
// Model 2.0 allows for name and description. A single value without
// language or direction is written as a plain string.
type LangString []LangValue

// LangValue is one language's version of a LangString.
type LangValue struct {
	Value     string
	Language  string
	Direction string
}

// Text returns a LangString of one plain string.
func Text(s string) LangString { return LangString{{Value: s}} }

// String returns the first value, or "" when there is none.
func (l LangString) String() string {
	if len(l) == 0 {
		return ""
	}
	return l[0].Value
}

// In returns the value in language lang (compared case-insensitively, as
// BCP 47 tags are), and whether there was one.
func (l LangString) In(lang string) (string, bool) {
	for _, v := range l {
		if strings.EqualFold(v.Language, lang) {
			return v.Value, true
		}
	}
	return "", false
}

// UnmarshalJSON accepts a string, a value object, or an array of them.
func (l *LangString) UnmarshalJSON(data []byte) error { return l.read(jsonobj.Reader{}, data) }

func (l *LangString) read(r jsonobj.Reader, data []byte) error {
	var out LangString
	err := r.Each(data, func(raw []byte) error {
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] == '"' {
			s, err := jsonobj.String(raw)
			out = append(out, LangValue{Value: s})
			return err
		}
		if len(raw) == 0 || raw[0] != '{' {
			return fmt.Errorf("expected a string or a language value object, got %s", jsonobj.Kind(raw))
		}
		members, err := r.Members(raw)
		if err != nil {
			return err
		}
		var v LangValue
		seen := false
		for _, m := range members {
			var dst *string
			switch m.Name {
			case "@value":
				dst, seen = &v.Value, true
			case "@language":
				dst = &v.Language
			case "@direction":
				dst = &v.Direction
			default:
				return jsonobj.At(m.Name, errors.New("a language value object has only @value, @language and @direction"))
			}
			s, err := jsonobj.String(m.Value)
			if err != nil {
				return jsonobj.At(m.Name, err)
			}
			*dst = s
		}
		if !seen {
			return errors.New("a language value object needs @value")
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return err
	}
	*l = out
	return nil
}

// MarshalJSON writes a plain string when there is one value without
// language or direction, and value objects otherwise.
func (l LangString) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if len(l) == 0 {
		return []byte(`""`), nil
	}
	if len(l) == 1 && l[0].Language == "" && l[0].Direction == "" {
		jsonobj.WriteString(&buf, l[0].Value)
		return buf.Bytes(), nil
	}
	if len(l) > 1 {
		buf.WriteByte('[')
	}
	for i, v := range l {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"@value":`)
		jsonobj.WriteString(&buf, v.Value)
		if v.Language != "" {
			buf.WriteString(`,"@language":`)
			jsonobj.WriteString(&buf, v.Language)
		}
		if v.Direction != "" {
			buf.WriteString(`,"@direction":`)
			jsonobj.WriteString(&buf, v.Direction)
		}
		buf.WriteByte('}')
	}
	if len(l) > 1 {
		buf.WriteByte(']')
	}
	return buf.Bytes(), nil
}

// Compacted is a property the 1EdTech model allows once but the VC Data
// Model allows several times (credentialStatus, refreshService). Both forms
// are read; one value is written bare and several as an array, so a
// credential that had one keeps the shape its schema requires.
type Compacted[T any] []T

// UnmarshalJSON accepts one value or an array of values.
func (o *Compacted[T]) UnmarshalJSON(data []byte) error { return o.read(jsonobj.Reader{}, data) }

func (o *Compacted[T]) read(r jsonobj.Reader, data []byte) error {
	return (*OneOrMany[T])(o).read(r, data)
}

// MarshalJSON writes one value bare and several as an array.
func (o Compacted[T]) MarshalJSON() ([]byte, error) {
	if len(o) == 1 {
		return jsonobj.Encode(o[0])
	}
	return jsonobj.Encode([]T(o))
}

// Number is a JSON number kept exactly as written, so that a round trip
// gives back the same JSON text: 3.0 stays 3.0 and 1e3 stays 1e3. (JSON-LD
// reads 3.0 and 3 as the same number, so the canonical N-Quads do not
// depend on the form; other readers of the JSON, and hashes of it, do.)
type Number string

// NewNumber formats f in the shortest form that reads back as f.
func NewNumber(f float64) Number { return Number(strconv.FormatFloat(f, 'g', -1, 64)) }

// Float64 parses the number.
func (n Number) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// UnmarshalJSON accepts a JSON number only (not a string holding one).
func (n *Number) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || !(data[0] == '-' || data[0] >= '0' && data[0] <= '9') || !json.Valid(data) {
		return fmt.Errorf("expected a number, got %s", jsonobj.Kind(data))
	}
	*n = Number(data)
	return nil
}

// MarshalJSON writes the number as it was given.
func (n Number) MarshalJSON() ([]byte, error) {
	if !json.Valid([]byte(n)) || n == "" || n[0] == '"' {
		return nil, fmt.Errorf("vc: %q is not a JSON number", string(n))
	}
	return []byte(n), nil
}

// SingleType is a `type` member the model allows exactly once (Image,
// IdentityObject, CredentialStatus, Proof, ...). Some issuers write it as an
// array of one; that is read as the one value and written back as a string,
// which JSON-LD reads identically. An array of several is an error.
type SingleType string

// UnmarshalJSON accepts a string or an array of one string.
func (t *SingleType) UnmarshalJSON(data []byte) error {
	var ts Types
	if err := ts.UnmarshalJSON(data); err != nil {
		return err
	}
	if len(ts) != 1 {
		return fmt.Errorf("expected one type, got %d", len(ts))
	}
	*t = SingleType(ts[0])
	return nil
}
