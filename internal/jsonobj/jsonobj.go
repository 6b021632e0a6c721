package jsonobj

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/clrkit/clrkit/internal/jsonptr"
)

// Error is a decoding or encoding failure at a member path.
type Error struct {
	// Path is the dotted member path from the outermost object decoded, with
	// array indexes in brackets, such as credentialSubject.result[2].value.
	// It is for people: a member name may itself hold dots or brackets, so
	// use Pointer to locate the value.
	Path string
	// Err is the cause.
	Err error

	pointer string // Path as an RFC 6901 JSON pointer
}

// Error renders the error as "path: cause".
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Pointer returns the path as an RFC 6901 JSON pointer, such as
// /credentialSubject/result/2/value ("" for the outermost value).
func (e *Error) Pointer() string { return e.pointer }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Sentinel causes.
var (
	// ErrDuplicateMember: a member name occurs twice in one object.
	ErrDuplicateMember = errors.New("duplicate member")
	// ErrNotObject: a JSON object was expected.
	ErrNotObject = errors.New("not a JSON object")
	// ErrShadowed: an extension member has the name of a declared property.
	ErrShadowed = errors.New("extension member has the name of a declared property")
	// ErrNotIJSON: JSON that breaks an I-JSON rule on strings or numbers
	// (invalid UTF-8, an unpaired surrogate escape, a number no double
	// holds; see internal/ijson). The error also wraps the ijson sentinel
	// of the rule.
	ErrNotIJSON = errors.New("not I-JSON")
)

// At prefixes err's path with the member name.
func At(name string, err error) error {
	return prefix(err, name, "/"+jsonptr.Token(name))
}

// Index is At for an array element.
func Index(i int, err error) error {
	n := strconv.Itoa(i)
	return prefix(err, "["+n+"]", "/"+n)
}

// prefix adds one step, written as part in Path and as token in the
// pointer, in front of err's path.
func prefix(err error, part, token string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		p := e.Path
		switch {
		case p == "":
			p = part
		case p[0] == '[':
			p = part + p
		default:
			p = part + "." + p
		}
		return &Error{Path: p, Err: e.Err, pointer: token + e.pointer}
	}
	return &Error{Path: part, Err: describe(err), pointer: token}
}

// describe turns encoding/json's errors into short messages.
func describe(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		got := te.Value
		switch got {
		case "string", "number":
			got = "a " + got
		case "bool":
			got = "a boolean"
		case "array", "object":
			got = "an " + got
		default:
			got = "JSON " + got // "number 1.5" for an integer field
		}
		return fmt.Errorf("expected %s, got %s", goKind(te.Type), got)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON: %v", se)
	}
	return err
}

func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64:
		return "a number"
	}
	return t.String()
}

// field describes one declared member of a model struct.
type field struct {
	name      string
	index     []int
	omitEmpty bool
	last      bool
}

type structInfo struct {
	fields []field
	byName map[string]int
	extra  []int // index path of the extension map, nil if none
}

var infos sync.Map // reflect.Type -> *structInfo

var rawType = reflect.TypeFor[json.RawMessage]()

func infoOf(t reflect.Type) *structInfo {
	if v, ok := infos.Load(t); ok {
		return v.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}}
	collect(t, nil, si)
	v, _ := infos.LoadOrStore(t, si)
	return v.(*structInfo)
}

func collect(t reflect.Type, prefix []int, si *structInfo) {
	for i := range t.NumField() {
		f := t.Field(i)
		idx := append(slices.Clone(prefix), i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			collect(f.Type, idx, si)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "-" {
			if f.Type.Kind() == reflect.Map && f.Type.Key().Kind() == reflect.String && f.Type.Elem() == rawType && si.extra == nil {
				si.extra = idx
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			panic("jsonobj: field " + t.String() + "." + f.Name + " has no json name") // a programming error in a model type
		}
		if _, dup := si.byName[name]; dup {
			panic("jsonobj: " + t.String() + " declares member " + name + " twice")
		}
		fd := field{name: name, index: idx}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				fd.omitEmpty = true
			case "last":
				// Options encoding/json does not know would be flagged
				// by vet and ignored by encoding/json: this package's own
				// go under its own key.
				panic("jsonobj: field " + t.String() + "." + f.Name + ": write `jsonobj:\"last\"`, not the json option last")
			}
		}
		switch jt := f.Tag.Get("jsonobj"); jt {
		case "":
		case "last":
			fd.last = true
		default:
			panic("jsonobj: field " + t.String() + "." + f.Name + ": unknown jsonobj tag " + jt)
		}
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, fd)
	}
}

// Members reads a JSON object into its members in document order, refusing
// duplicate names. Each value is the exact bytes of the member's value.
//
// The object is validated (by valid.go's validator, with at most MaxDepth
// levels of nesting) and then split by a small scanner that relies on that
// validation; this is several times faster than json.Decoder's Token, which
// allocates for every token.
func Members(data []byte) ([]Member, error) {
	data = trimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, &Error{Err: fmt.Errorf("%w: got %s", ErrNotObject, jsonKind(data))}
	}
	if !validDepth(data, MaxDepth) {
		return nil, invalidOrDeep(data)
	}
	return (*Text)(nil).splitMembers(data)
}

// splitMembers is Members for an object valid accepted, without
// leading or trailing white space, in t's text when t is not nil.
func (t *Text) splitMembers(data []byte) ([]Member, error) {
	var out []Member
	var seen map[string]struct{} // for large objects; small ones are searched
	i := skipSpace(data, 1)
	if data[i] == '}' {
		return out, nil
	}
	for {
		// data[i] is the '"' of a member name.
		end := stringEnd(data, i)
		name, err := String(data[i:end])
		if err != nil {
			return nil, &Error{Err: err}
		}
		i = skipSpace(data, end)
		i = skipSpace(data, i+1) // the ':'
		vend := t.valueEnd(data, i)
		if dup := isDuplicate(out, &seen, name); dup {
			return nil, At(name, ErrDuplicateMember)
		}
		out = append(out, Member{Name: name, Value: data[i:vend:vend]})
		i = skipSpace(data, vend)
		if data[i] == '}' {
			return out, nil
		}
		i = skipSpace(data, i+1) // the ','
	}
}

// Check reports whether data is one JSON value without duplicate member
// names in any of its objects, naming the path of the first duplicate. It
// is for values kept as raw bytes (a CLR's nested credentials) that must
// still obey the rule every decoded object does.
func Check(data []byte) error {
	data = trimSpace(data)
	if !validDepth(data, MaxDepth) {
		return invalidOrDeep(data)
	}
	return checkValue(data)
}

// checkValue walks a valid value for duplicate member names without
// building members: names are compared as their raw bytes, decoded only
// when they hold an escape or invalid UTF-8.
func checkValue(data []byte) error {
	switch data[0] {
	case '{':
		var names [][]byte
		var seen map[string]struct{}
		i := skipSpace(data, 1)
		if data[i] == '}' {
			return nil
		}
		for {
			end := stringEnd(data, i)
			name := data[i+1 : end-1]
			if bytes.IndexByte(name, '\\') >= 0 {
				// Decoded as Members decodes it: escapes resolved ("a"
				// and "\u0061" are one name). The text is I-JSON, so
				// there is no invalid UTF-8 or lone surrogate to repair.
				s, err := String(data[i:end])
				if err != nil {
					return &Error{Err: err}
				}
				name = []byte(s)
			}
			if seen != nil {
				if _, dup := seen[string(name)]; dup {
					return At(string(name), ErrDuplicateMember)
				}
				seen[string(name)] = struct{}{}
			} else {
				for _, n := range names {
					if bytes.Equal(n, name) {
						return At(string(name), ErrDuplicateMember)
					}
				}
				names = append(names, name)
				if len(names) >= dupMapThreshold { // large objects: a map, not a quadratic search
					seen = make(map[string]struct{}, 2*len(names))
					for _, n := range names {
						seen[string(n)] = struct{}{}
					}
				}
			}
			i = skipSpace(data, end)
			i = skipSpace(data, i+1) // the ':'
			vend := valueEnd(data, i)
			if c := data[i]; c == '{' || c == '[' {
				if err := checkValue(data[i:vend]); err != nil {
					return At(string(name), err)
				}
			}
			i = skipSpace(data, vend)
			if data[i] == '}' {
				return nil
			}
			i = skipSpace(data, i+1) // the ','
		}
	case '[':
		i := skipSpace(data, 1)
		if data[i] == ']' {
			return nil
		}
		for n := 0; ; n++ {
			vend := valueEnd(data, i)
			if c := data[i]; c == '{' || c == '[' {
				if err := checkValue(data[i:vend]); err != nil {
					return Index(n, err)
				}
			}
			i = skipSpace(data, vend)
			if data[i] == ']' {
				return nil
			}
			i = skipSpace(data, i+1) // the ','
		}
	}
	return nil
}

// Elements reads a JSON array into its elements in order, each as its exact
// bytes.
func Elements(data []byte) ([]json.RawMessage, error) {
	data = trimSpace(data)
	if len(data) == 0 || data[0] != '[' {
		return nil, &Error{Err: fmt.Errorf("expected an array, got %s", jsonKind(data))}
	}
	if !validDepth(data, MaxDepth) {
		return nil, invalidOrDeep(data)
	}
	return (*Text)(nil).splitElements(data), nil
}

// splitElements is Elements for an array valid accepted, without
// leading or trailing white space, in t's text when t is not nil.
func (t *Text) splitElements(data []byte) []json.RawMessage {
	var out []json.RawMessage
	i := skipSpace(data, 1)
	if data[i] == ']' {
		return out
	}
	for {
		vend := t.valueEnd(data, i)
		out = append(out, data[i:vend:vend])
		i = skipSpace(data, vend)
		if data[i] == ']' {
			return out
		}
		i = skipSpace(data, i+1) // the ','
	}
}

const dupMapThreshold = 16

func isDuplicate(out []Member, seen *map[string]struct{}, name string) bool {
	if len(out) < dupMapThreshold {
		for _, m := range out {
			if m.Name == name {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(out))
		for _, m := range out {
			(*seen)[m.Name] = struct{}{}
		}
	}
	if _, ok := (*seen)[name]; ok {
		return true
	}
	(*seen)[name] = struct{}{}
	return false
}

// MaxDepth is how deeply the objects and arrays of a document may nest.
// Every level of the model checks the JSON below it again, so the depth
// bounds the work of parsing (real credentials nest about a dozen levels).
const MaxDepth = 64

// ErrTooDeep: a document nests deeper than MaxDepth.
var ErrTooDeep = fmt.Errorf("nested more than %d levels deep", MaxDepth)

// invalidOrDeep describes why validDepth refused data: an *Error with the
// path of a value that breaks I-JSON, or one without a path for text that
// is not JSON or nests too deeply.
func invalidOrDeep(data []byte) *Error {
	if !isJSON(data) {
		return &Error{Err: syntaxError(data)}
	}
	if e := notIJSON(data); e != nil {
		return e
	}
	return &Error{Err: ErrTooDeep}
}

// syntaxError describes why data (which valid refused) is not JSON.
func syntaxError(data []byte) error {
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	if err == nil { // not reached: valid and json.Unmarshal agree (FuzzValid)
		err = errors.New("invalid JSON")
	}
	return describe(err)
}

// trimSpace drops the white space JSON allows around a value (space, tab,
// line feed, carriage return), and no other: bytes.TrimSpace would also
// drop \f, \v and Unicode spaces, which encoding/json refuses.
func trimSpace(data []byte) []byte { return bytes.Trim(data, " \t\n\r") }

// The scanners below run on JSON that valid accepted.

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd returns the index just after the string starting at data[i],
// in JSON text the validator accepted (it relies on the closing quote).
func stringEnd(data []byte, i int) int {
	i++
	q := -1 // the next quote at or after i, once found
	for {
		// The quote that ends the string is the first one not escaped:
		// look for it, then for a backslash before it (two IndexByte
		// scans are several times faster than one IndexAny). Each scans
		// forward from where the last stopped, so a string full of escapes
		// still costs one pass.
		if q < i {
			q = i + bytes.IndexByte(data[i:], '"')
		}
		b := bytes.IndexByte(data[i:q], '\\')
		if b < 0 {
			return q + 1
		}
		i += b + 2 // a backslash and the character it escapes
	}
}

// mayBeStructural8 reports whether one of the first eight bytes of data
// may be a quote or a bracket, which valueEnd must look at; false means
// none is. (It may say true for eight other bytes, after a borrow.)
func mayBeStructural8(data []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	w := binary.LittleEndian.Uint64(data)
	zero := func(x uint64) uint64 { return (x - ones) &^ x }
	return (zero(w^('"'*ones))|zero(w^('{'*ones))|zero(w^('}'*ones))|zero(w^('['*ones))|zero(w^(']'*ones)))&highs != 0
}

// valueEnd returns the index just after the value starting at data[i].
func valueEnd(data []byte, i int) int {
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for {
			if i+8 <= len(data) && !mayBeStructural8(data[i:]) {
				i += 8
				continue
			}
			switch data[i] {
			case '"':
				i = stringEnd(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// Member is one member of a JSON object.
type Member struct {
	Name  string
	Value json.RawMessage
}

func jsonKind(data []byte) string {
	if len(data) == 0 {
		return "nothing"
	}
	switch data[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// Kind names the JSON type of a value ("a string", "an array", ...).
func Kind(data []byte) string { return jsonKind(trimSpace(data)) }

// Unmarshal decodes the JSON object data into the struct v points to.
func Unmarshal(data []byte, v any) error { return unmarshal(nil, data, v, false) }

// UnmarshalValid is Unmarshal for JSON text already known to be valid, as
// Check and the JSON-LD decoder (which refuse the same texts) accept it,
// and that stays unchanged while v is in use. It does not validate data
// again, and the extension members of v are slices of data rather than
// copies. Fields of the types registered (Register) are decoded by their
// hooks, at any depth.
//
// Given the same valid text, it decodes what Unmarshal decodes and fails
// where Unmarshal fails, with the same error.
//
// When data is part of t's text (t may be nil), the ends t knows spare
// looking for the end of each object and array that is skipped or held
// as bytes; hooks are given t to read their parts the same way.
func UnmarshalValid(t *Text, data []byte, v any) error {
	return unmarshal(t, data, v, true)
}

func unmarshal(t *Text, data []byte, v any, valid bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return &Error{Err: fmt.Errorf("jsonobj: Unmarshal needs a pointer to a struct, got %T", v)}
	}
	d := decodeState{sv: rv.Elem(), valid: valid, text: t}
	d.si = infoOf(d.sv.Type())
	if !valid {
		members, err := Members(data)
		if err != nil {
			return err
		}
		for _, m := range members {
			if err := d.member(nil, m.Name, m.Value); err != nil {
				return err
			}
		}
		return nil
	}
	scan, err := t.scanMembers(data)
	if err != nil {
		return err
	}
	for {
		name, value, ok := scan.next()
		if !ok {
			return nil
		}
		if err := d.member(name, "", value); err != nil {
			return err
		}
	}
}

// decodeState is one struct being decoded by unmarshal.
type decodeState struct {
	sv    reflect.Value // the struct
	si    *structInfo
	extra reflect.Value // its extension map, once made
	valid bool
	text  *Text // of the valid text, or nil
}

// member decodes one member: its name is name, or when rawName is not
// nil the JSON string rawName (valid text), decoded only where needed.
// (An empty name is a name: "" does not stand for "not decoded yet".)
func (d *decodeState) member(rawName []byte, name string, value []byte) error {
	var fi int
	var known bool
	raw := rawName != nil
	if raw {
		inner := rawName[1 : len(rawName)-1]
		if bytes.IndexByte(inner, '\\') < 0 {
			fi, known = d.si.byName[string(inner)] // no allocation
		} else {
			var err error
			if name, err = String(rawName); err != nil {
				return &Error{Err: err}
			}
			raw = false
			fi, known = d.si.byName[name]
		}
	} else {
		fi, known = d.si.byName[name]
	}
	nameOf := func() string {
		if raw {
			name, raw = string(rawName[1:len(rawName)-1]), false
		}
		return name
	}
	if !known {
		if d.si.extra == nil {
			return nil
		}
		if !d.extra.IsValid() {
			d.extra = d.sv.FieldByIndex(d.si.extra)
			if d.extra.IsNil() {
				d.extra.Set(reflect.MakeMap(d.extra.Type()))
			}
		}
		if !d.valid {
			value = slices.Clone(value)
		}
		d.extra.SetMapIndex(reflect.ValueOf(nameOf()), reflect.ValueOf(json.RawMessage(value)))
		return nil
	}
	if bytes.Equal(value, []byte("null")) {
		return nil // an absent value: JSON-LD drops nulls too
	}
	fv := d.sv.FieldByIndex(d.si.fields[fi].index)
	var err error
	switch {
	case d.valid:
		err = ValueValid(d.text, value, fv.Addr().Interface())
	default:
		err = Value(value, fv.Addr().Interface())
	}
	if err != nil {
		return At(nameOf(), err)
	}
	return nil
}

// memberScan walks the members of an object of valid text (see
// UnmarshalValid) one by one, where Members would build a slice of them
// with their names decoded.
type memberScan struct {
	text *Text
	data []byte
	i    int
}

func (t *Text) scanMembers(data []byte) (memberScan, error) {
	data = trimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return memberScan{}, &Error{Err: fmt.Errorf("%w: got %s", ErrNotObject, jsonKind(data))}
	}
	return memberScan{text: t, data: data, i: skipSpace(data, 1)}, nil
}

// next returns the next member's name, as its JSON string with the
// quotes, and its value; ok is false after the last member.
func (s *memberScan) next() (name, value []byte, ok bool) {
	if s.data[s.i] == '}' {
		return nil, nil, false
	}
	end := stringEnd(s.data, s.i)
	name = s.data[s.i:end]
	i := skipSpace(s.data, end)
	i = skipSpace(s.data, i+1) // the ':'
	vend := s.text.valueEnd(s.data, i)
	value = s.data[i:vend:vend]
	i = skipSpace(s.data, vend)
	if s.data[i] == ',' {
		i = skipSpace(s.data, i+1)
	}
	s.i = i
	return name, value, true
}

// Value decodes one JSON value into v, through v's UnmarshalJSON when it has
// one, and with a fast path for plain strings.
func Value(data []byte, v any) error { return decodeValue(Reader{}, data, v) }

// decodeValue is Value with r: for valid text (ValidReader), through the
// registered hook of the type v points to, or, when that type is a
// pointer, of the type it points to (allocated, or reused when already
// set, as encoding/json does), and a slice's elements without checking
// the text again.
func decodeValue(r Reader, data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if r.valid {
		if h := hookFor(rv.Type().Elem()); h != nil {
			return h(r.text, data, v)
		}
	}
	switch p := v.(type) {
	case json.Unmarshaler:
		return p.UnmarshalJSON(data)
	case *string:
		s, err := String(data)
		if err != nil {
			return err
		}
		*p = s
		return nil
	}
	ev := rv.Elem()
	switch ev.Kind() {
	case reflect.String:
		s, err := String(data)
		if err != nil {
			return err
		}
		ev.SetString(s)
		return nil
	case reflect.Struct:
		return &Error{Err: fmt.Errorf("jsonobj: %s has no UnmarshalJSON", ev.Type())}
	case reflect.Pointer:
		trimmed := trimSpace(data)
		if !r.valid || len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
			break // encoding/json's answer
		}
		if h := hookFor(ev.Type().Elem()); h != nil {
			if ev.IsNil() {
				ev.Set(reflect.New(ev.Type().Elem()))
			}
			return h(r.text, data, ev.Interface())
		}
	case reflect.Slice:
		if ev.Type().Elem().Kind() == reflect.Uint8 {
			break
		}
		// Element by element, so that errors name the index and elements
		// decode by these rules too.
		if bytes.Equal(trimSpace(data), []byte("null")) {
			ev.SetZero()
			return nil
		}
		elems, err := r.elements(data)
		if err != nil {
			return err
		}
		out := reflect.MakeSlice(ev.Type(), len(elems), len(elems))
		for i, e := range elems {
			if err := decodeValue(r, e, out.Index(i).Addr().Interface()); err != nil {
				return Index(i, err)
			}
		}
		ev.Set(out)
		return nil
	}
	return describe(json.Unmarshal(data, v))
}

// String decodes a JSON string.
func String(data []byte) (string, error) {
	data = trimSpace(data)
	if len(data) < 2 || data[0] != '"' {
		return "", fmt.Errorf("expected a string, got %s", jsonKind(data))
	}
	inner := data[1 : len(data)-1]
	if bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) && !hasControl(inner) {
		return string(inner), nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return "", describe(err)
	}
	return s, nil
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// Marshal encodes the struct v points to (or v itself) as a JSON object:
// declared members in declaration order, skipping empty optional ones and
// absent required ones (see isAbsent), then the extension members sorted by
// name, then the members tagged `jsonobj:"last"`.
func Marshal(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, &Error{Err: fmt.Errorf("jsonobj: Marshal needs a struct, got %T", v)}
	}
	si := infoOf(rv.Type())
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	sep := func(name string) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		WriteString(&buf, name)
		buf.WriteByte(':')
	}
	writeFields := func(last bool) error {
		for _, f := range si.fields {
			if f.last != last {
				continue
			}
			fv := rv.FieldByIndex(f.index)
			if f.omitEmpty && isEmpty(fv) || isAbsent(fv) {
				continue
			}
			sep(f.name)
			if err := encodeValue(&buf, fv); err != nil {
				return At(f.name, err)
			}
		}
		return nil
	}
	if err := writeFields(false); err != nil {
		return nil, err
	}
	if si.extra != nil {
		extra := rv.FieldByIndex(si.extra)
		keys := make([]string, 0, extra.Len())
		for _, k := range extra.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, ok := si.byName[k]; ok {
				return nil, At(k, ErrShadowed)
			}
			raw := extra.MapIndex(reflect.ValueOf(k)).Bytes()
			if !valid(raw) {
				return nil, At(k, errors.New("extension value is not valid JSON"))
			}
			sep(k)
			if err := json.Compact(&buf, raw); err != nil {
				return nil, At(k, err)
			}
		}
	}
	if err := writeFields(true); err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// isAbsent reports whether a declared member's value is one that no JSON
// value decodes to, so that the member was absent (or null) in the
// document it was read from: a nil slice, map or pointer, a zero struct,
// or an empty string of a type with its own MarshalJSON (vc.Number).
// Such a member is not written even when the class requires it, so that
// a parse and marshal round trip does not add members ("issuer": "",
// "type": null) to a document that lacked them.
func isAbsent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Struct:
		return isEmpty(v)
	case reflect.String:
		if v.Len() != 0 {
			return false
		}
		_, ok := v.Interface().(json.Marshaler)
		return ok
	}
	return false
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Bool:
		return !v.Bool()
	case reflect.Struct:
		if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
			return z.IsZero()
		}
		return v.IsZero()
	}
	return v.IsZero()
}

func encodeValue(buf *bytes.Buffer, v reflect.Value) error {
	if m, ok := v.Interface().(json.Marshaler); ok {
		b, err := m.MarshalJSON()
		if err != nil {
			return err
		}
		buf.Write(b)
		return nil
	}
	if v.CanAddr() {
		if m, ok := v.Addr().Interface().(json.Marshaler); ok {
			b, err := m.MarshalJSON()
			if err != nil {
				return err
			}
			buf.Write(b)
			return nil
		}
	}
	if v.Kind() == reflect.String {
		WriteString(buf, v.String())
		return nil
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v.Interface()); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

// WriteString writes s as a JSON string without escaping <, > and &.
func WriteString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			buf.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				buf.WriteByte('\\')
				buf.WriteByte(c)
			case '\n':
				buf.WriteString(`\n`)
			case '\r':
				buf.WriteString(`\r`)
			case '\t':
				buf.WriteString(`\t`)
			case '\b':
				buf.WriteString(`\b`)
			case '\f':
				buf.WriteString(`\f`)
			default:
				fmt.Fprintf(buf, `\u%04x`, c)
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf.WriteString(s[start:i])
			buf.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf.WriteString(s[start:i])
			fmt.Fprintf(buf, `\u%04x`, r)
			i += size
			start = i
			continue
		}
		i += size
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// Encode is json.Marshal without escaping <, > and &.
func Encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// MayContain reports whether the JSON text data may hold text, in any
// spelling JSON allows: it is false only when data has no escape sequence
// and does not contain text as written. A cheap test before searching the
// decoded value, where an escape ("\/", "\u0065") could hide it.
func MayContain(data []byte, text string) bool {
	return bytes.IndexByte(data, '\\') >= 0 || bytes.Contains(data, []byte(text))
}
