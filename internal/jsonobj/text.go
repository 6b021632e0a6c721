package jsonobj

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sync"
	"unsafe"
)

// Text is valid JSON text (see UnmarshalValid) together with an index of
// where its objects and arrays end, for UnmarshalValid to read parts of
// it without scanning a skipped or raw value byte by byte again and
// again at every level it is nested in. A nil *Text has no index.
type Text struct {
	data []byte
	ends Ends
}

// Ends tells where the objects and arrays of one text end.
type Ends interface {
	// End returns the offset just past the object or array that begins
	// at offset start; ok is false when none begins there.
	End(start int) (end int, ok bool)
}

// NewText returns data with the index ends, which must be data's own:
// UnmarshalValid trusts it for every part of data it is given. A text of
// 2 GiB or more gets no index (the JSON-LD decoder's offsets are 32-bit).
func NewText(data []byte, ends Ends) *Text {
	if len(data) == 0 || len(data) > math.MaxInt32 || ends == nil {
		return nil
	}
	return &Text{data: data, ends: ends}
}

// valueEnd returns the end of the value beginning at data[i], from the
// index when that is an object or array inside t's text (data being part
// of it, not a copy of it), and by scanning otherwise.
func (t *Text) valueEnd(data []byte, i int) int {
	if t != nil && (data[i] == '{' || data[i] == '[') {
		if off, ok := t.offset(data, i); ok {
			if end, ok := t.ends.End(off); ok && end > off && end-off <= len(data)-i {
				return i + end - off
			}
		}
	}
	return valueEnd(data, i)
}

// offset returns the offset in t's text of data[i], when data[i] is a
// byte of that text (the same memory, not equal bytes elsewhere).
func (t *Text) offset(data []byte, i int) (int, bool) {
	// Distinct live allocations never overlap, so an address within the
	// text's range is in the text. Neither slice can move between the two
	// conversions: heap memory does not move, and a stack only moves at a
	// call.
	p := uintptr(unsafe.Pointer(&data[i]))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(t.data)))
	if p < base || p-base >= uintptr(len(t.data)) {
		return 0, false
	}
	return int(p - base), true
}

// TextKey is the vc.Document view key (see vc.Document.View) under which
// the verifier keeps the document's *Text, nil when it has none, for the
// extensions' typed views to read the document with.
type TextKey struct{}

// TextOf returns the *Text a vc.Document keeps under TextKey, given the
// document's View method, or nil.
func TextOf(view func(key any, parse func([]byte) (any, error)) (any, error)) *Text {
	v, _ := view(TextKey{}, func([]byte) (any, error) { return (*Text)(nil), nil })
	t, _ := v.(*Text)
	return t
}

// A Hook decodes valid text (see UnmarshalValid) into p, a pointer to a
// value of the type it is for, exactly as that type's UnmarshalJSON does
// on the same text (the same value, or the same error), without checking
// the text again. t is the text data is part of, or nil.
type Hook func(t *Text, data []byte, p any) error

var registry struct {
	sync.RWMutex
	byType   map[reflect.Type]Hook
	families []func(reflect.Type) Hook
	resolved sync.Map // reflect.Type -> Hook (nil: none)
}

// Register makes read, in its valid mode (ValidReader), the way
// UnmarshalValid decodes a T wherever it meets one: a field, a pointer
// field's target, an element read by Reader.Value. The type's
// UnmarshalJSON calls the same read in its checking mode (the zero
// Reader), so that the two decode alike by construction. A package
// registers its own types, in its init.
func Register[T any](read func(v *T, r Reader, data []byte) error) {
	RegisterHook(reflect.TypeFor[T](), func(t *Text, data []byte, p any) error {
		return read(p.(*T), ValidReader(t), data)
	})
}

// RegisterHook makes h the way UnmarshalValid decodes a value of type typ
// (see Register).
func RegisterHook(typ reflect.Type, h Hook) {
	registry.Lock()
	defer registry.Unlock()
	if registry.byType == nil {
		registry.byType = map[reflect.Type]Hook{}
	}
	registry.byType[typ] = h
	registry.resolved.Clear() // types looked up before may have this hook now
}

// RegisterHookFamily adds f, which returns the hook of the types of a
// family that cannot be listed one by one (every instantiation of a
// generic type, every type with a given method) and nil for other types.
func RegisterHookFamily(f func(reflect.Type) Hook) {
	registry.Lock()
	defer registry.Unlock()
	registry.families = append(registry.families, f)
	registry.resolved.Clear()
}

// hookFor returns the registered hook of typ, or nil.
func hookFor(typ reflect.Type) Hook {
	if h, ok := registry.resolved.Load(typ); ok {
		return h.(Hook)
	}
	registry.RLock()
	h := registry.byType[typ]
	for _, f := range registry.families {
		if h != nil {
			break
		}
		h = f(typ)
	}
	registry.RUnlock()
	registry.resolved.Store(typ, h)
	return h
}

// ValueValid is Value for valid text, part of t (which may be nil): see
// decodeValue.
func ValueValid(t *Text, data []byte, v any) error { return decodeValue(ValidReader(t), data, v) }

// Reader reads the parts of a JSON value in one of two modes: checking the
// text as Unmarshal does (the zero Reader), or trusting text already known
// to be valid as UnmarshalValid does (ValidReader). A type's UnmarshalJSON
// and its registered hook (Register) share one decoding function this
// way, so that the two cannot drift apart.
type Reader struct {
	valid bool
	text  *Text
}

// ValidReader returns the Reader of valid text, part of t (which may be
// nil).
func ValidReader(t *Text) Reader { return Reader{valid: true, text: t} }

// Object decodes the JSON object data into the struct v points to.
func (r Reader) Object(data []byte, v any) error {
	if r.valid {
		return UnmarshalValid(r.text, data, v)
	}
	return Unmarshal(data, v)
}

// Value decodes one JSON value into v.
func (r Reader) Value(data []byte, v any) error { return decodeValue(r, data, v) }

// elements splits the JSON array data into its elements.
func (r Reader) elements(data []byte) ([]json.RawMessage, error) {
	if !r.valid {
		return Elements(data)
	}
	data = trimSpace(data)
	if len(data) == 0 || data[0] != '[' {
		return nil, &Error{Err: fmt.Errorf("expected an array, got %s", jsonKind(data))}
	}
	return r.text.splitElements(data), nil
}

// Members splits the JSON object data into its members.
func (r Reader) Members(data []byte) ([]Member, error) {
	if !r.valid {
		return Members(data)
	}
	data = trimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, &Error{Err: fmt.Errorf("%w: got %s", ErrNotObject, jsonKind(data))}
	}
	return r.text.splitMembers(data)
}

// Each calls each for the value data, or, when it is an array, for every
// element in turn, wrapping an element's error with its index: how a
// property that may hold one value or several is read.
func (r Reader) Each(data []byte, each func(raw []byte) error) error {
	data = trimSpace(data)
	if len(data) == 0 || data[0] != '[' {
		return each(data)
	}
	elems, err := r.elements(data)
	if err != nil {
		return err
	}
	for i, e := range elems {
		if err := each(e); err != nil {
			return Index(i, err)
		}
	}
	return nil
}

// Plain reads a struct whose JSON is an object decoded member by member
// (see Unmarshal): it sets *v to its zero and decodes data into it with r.
// It is the UnmarshalJSON of most model types, and, given to Register,
// their hook.
func Plain[T any](v *T, r Reader, data []byte) error {
	var zero T
	*v = zero
	return r.Object(data, v)
}

// Keep returns the bytes a decoded value keeps of data: a copy when
// checking, and data itself for valid text, which stays unchanged while
// what is decoded from it is in use.
func (r Reader) Keep(data []byte) []byte {
	if r.valid {
		return data
	}
	return bytes.Clone(data)
}

// Valid reports whether r reads valid text without checking it.
func (r Reader) Valid() bool { return r.valid }
