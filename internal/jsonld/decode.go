package jsonld

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/clrkit/clrkit/internal/jsonptr"

	"github.com/clrkit/clrkit/internal/ijson"
)

// DecodeJSON decodes one JSON document (RFC 8259) into the values Expand and
// ToRDF take: map[string]any, []any, string, json.Number (so that integers
// and doubles stay apart), bool and nil; empty objects and arrays are
// non-nil.
//
// The document must be I-JSON (RFC 7493; see internal/ijson), as the VC
// Data Model requires: invalid UTF-8, a \u escape of an unpaired
// surrogate, two members of one name in an object, and a number that a
// double cannot hold (1e400, or 1e-400, which would read as 0) are errors.
// encoding/json repairs the first two and keeps the last duplicate; doing
// so here would let two different texts canonicalize, and sign, alike.
//
// Anything but white space after the document is an error. Arrays and
// objects may nest at most maxDepth deep (0 means DefaultMaxDepth); the
// limit is checked while parsing, so a deep input costs no more than the
// bytes read up to the offending bracket.
//
// Errors are *Error values with Code CodeInvalidInput, CodeNotIJSON or
// CodeMaxDepth, whose Path is the JSON pointer of the value at fault and
// whose Detail gives its byte offset; an I-JSON violation unwraps to the
// internal/ijson sentinel error of the rule it breaks.
//
// Strings without escapes share the memory of one copy of data, so a
// decoded value keeps that copy alive as long as any of its strings is.
func DecodeJSON(data []byte, maxDepth int) (any, error) {
	v, _, err := decodeJSON(data, maxDepth, false)
	return v, err
}

// DecodeJSONSpans is DecodeJSON that also records where in data each
// object of the result was read from, so that a caller given the text of a
// part of the document can tell that it holds the decoded part already.
func DecodeJSONSpans(data []byte, maxDepth int) (any, *Spans, error) {
	return decodeJSON(data, maxDepth, true)
}

// Spans records the byte range of data each object of a decoded document
// was read from, and where each object and array of the text ends. It is
// safe for concurrent use.
type Spans struct {
	objs  []objSpan
	once  sync.Once
	index map[unsafe.Pointer]int // objs by map, built on the first Of
	// ends holds every object and array of the text in the order they
	// begin, so by start.
	ends []containerSpan
}

type containerSpan struct{ start, end int32 }

// End returns the offset just past the object or array of the decoded
// text that begins at offset start (at its "{" or "["); ok is false when
// none begins there.
func (s *Spans) End(start int) (end int, ok bool) {
	if s == nil {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(s.ends, start, func(c containerSpan, start int) int { return int(c.start) - start })
	if !found {
		return 0, false
	}
	return int(s.ends[i].end), true
}

type objSpan struct {
	m          unsafe.Pointer // the map
	start, end int
}

// Of returns the range [start, end) of the decoded text that object m was
// read from, from its "{" to its "}"; ok is false for a map this decoding
// did not return.
func (s *Spans) Of(m map[string]any) (start, end int, ok bool) {
	if s == nil || m == nil {
		return 0, 0, false
	}
	s.once.Do(func() {
		s.index = make(map[unsafe.Pointer]int, len(s.objs))
		for i, o := range s.objs {
			s.index[o.m] = i
		}
	})
	i, ok := s.index[reflect.ValueOf(m).UnsafePointer()]
	if !ok {
		return 0, 0, false
	}
	return s.objs[i].start, s.objs[i].end, true
}

func decodeJSON(data []byte, maxDepth int, spans bool) (any, *Spans, error) {
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	st := stacksPool.Get().(*stacks)
	defer st.put()
	d := decoder{data: data, src: string(data), maxDepth: maxDepth, boxes: newBoxes(len(data)),
		members: st.members[:0], items: st.items[:0]}
	defer func() { st.members, st.items = d.members[:0], d.items[:0] }()
	if spans {
		d.spans = &Spans{}
	}
	v, err := d.value()
	if err != nil {
		return nil, nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, nil, d.syntaxErr("after the JSON document")
	}
	return v, d.spans, nil
}

// decoder is a recursive-descent JSON parser over one input. src is the
// input as a string, so that strings without escapes are substrings of it
// rather than fresh allocations. members and items are scratch stacks
// shared by all nesting levels: an object's members are collected there
// first so that its map is allocated once with its final size.
type decoder struct {
	data     []byte
	src      string
	pos      int
	depth    int
	maxDepth int
	members  []member
	items    []any
	spans    *Spans // nil unless asked for
	boxes    boxes  // the interface values of strings, numbers and arrays
}

// stacks are a decoder's members and items, kept for the next decoding.
// Objects and arrays leave them empty, but for an error part way.
type stacks struct {
	members []member
	items   []any
}

var stacksPool = sync.Pool{New: func() any { return &stacks{members: make([]member, 0, 32), items: make([]any, 0, 32)} }}

// put returns st to the pool, emptied, unless it grew unusually large.
func (st *stacks) put() {
	if cap(st.members) > 1024 || cap(st.items) > 1024 {
		return
	}
	clear(st.members[:cap(st.members)])
	clear(st.items[:cap(st.items)])
	stacksPool.Put(st)
}

type member struct {
	key   string
	value any
	at    int // byte offset of the member name
}

// isSpace is JSON's insignificant white space.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) && isSpace(d.data[d.pos]) {
		d.pos++
	}
}

// syntaxErr reports the byte at d.pos (or the end of input) as unexpected.
func (d *decoder) syntaxErr(context string) *Error {
	var what string
	if d.pos >= len(d.data) {
		what = "unexpected end of input"
	} else {
		what = "invalid character " + quoteByte(d.data[d.pos])
	}
	return &Error{Code: CodeInvalidInput, Detail: what + " " + context + " at byte offset " + strconv.Itoa(d.pos)}
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return "0x" + strconv.FormatUint(uint64(c), 16)
}

// enter counts one more level of nesting at the bracket at d.pos.
func (d *decoder) enter() error {
	d.depth++
	if d.depth > d.maxDepth {
		return &Error{Code: CodeMaxDepth,
			Detail: "more than " + strconv.Itoa(d.maxDepth) + " levels at byte offset " + strconv.Itoa(d.pos)}
	}
	return nil
}

// value parses the value starting at the next non-space byte.
func (d *decoder) value() (any, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return nil, d.syntaxErr("looking for a value")
	}
	switch c := d.data[d.pos]; c {
	case '{':
		return d.object()
	case '[':
		return d.array()
	case '"':
		d.pos++
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		return d.boxes.str(s), nil
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	default:
		if c == '-' || c >= '0' && c <= '9' {
			return d.number()
		}
		return nil, d.syntaxErr("looking for a value")
	}
}

func (d *decoder) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if d.pos >= len(d.data) || d.data[d.pos] != word[i] {
			return d.syntaxErr("in literal " + word)
		}
		d.pos++
	}
	return nil
}

// number parses -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and keeps its
// text as a json.Number.
func (d *decoder) number() (any, error) {
	start := d.pos
	if d.data[d.pos] == '-' {
		d.pos++
	}
	if d.pos < len(d.data) && d.data[d.pos] == '0' {
		d.pos++
	} else if !d.digits() {
		return nil, d.syntaxErr("in number")
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if !d.digits() {
			return nil, d.syntaxErr("after decimal point in number")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if !d.digits() {
			return nil, d.syntaxErr("in exponent of number")
		}
	}
	lit := d.data[start:d.pos]
	if ijson.MayBeOutOfRange(lit) {
		if _, err := ijson.ParseNumber(string(lit)); err != nil {
			return nil, d.ijsonErr(start, err)
		}
	}
	return d.boxes.num(json.Number(d.src[start:d.pos])), nil
}

// ijsonErr reports the value at byte offset at as breaking an I-JSON rule.
func (d *decoder) ijsonErr(at int, err error) *Error {
	return &Error{Code: CodeNotIJSON, Detail: err.Error() + " at byte offset " + strconv.Itoa(at), rule: err}
}

// inMember and inElement prefix the JSON pointer of an error found inside
// the value of member key, or of element i.
func inMember(err error, key string) error {
	if e, ok := err.(*Error); ok {
		e.Path = "/" + jsonptr.Token(key) + e.Path
	}
	return err
}

func inElement(err error, i int) error {
	if e, ok := err.(*Error); ok {
		e.Path = "/" + strconv.Itoa(i) + e.Path
	}
	return err
}

// digits skips one or more decimal digits and reports whether there was
// at least one.
func (d *decoder) digits() bool {
	start := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos > start
}

func (d *decoder) object() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	start := d.pos
	c := d.openContainer()
	d.pos++ // '{'
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		m := map[string]any{}
		d.recordSpan(m, start, c)
		return m, nil
	}
	mark := len(d.members)
	for {
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return nil, d.syntaxErr("looking for a member name")
		}
		at := d.pos
		d.pos++
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.syntaxErr("after a member name")
		}
		d.pos++
		v, err := d.value()
		if err != nil {
			return nil, inMember(err, key)
		}
		d.members = append(d.members, member{key, v, at})
		d.skipSpace()
		if d.pos < len(d.data) {
			if c := d.data[d.pos]; c == ',' {
				d.pos++
				d.skipSpace()
				continue
			} else if c == '}' {
				d.pos++
				break
			}
		}
		return nil, d.syntaxErr("after an object member")
	}
	members := d.members[mark:]
	m := make(map[string]any, len(members))
	for i := range members {
		if _, dup := m[members[i].key]; dup {
			err := d.ijsonErr(members[i].at, fmt.Errorf("%w %q", ijson.ErrDuplicateName, members[i].key))
			return nil, inMember(err, members[i].key)
		}
		m[members[i].key] = members[i].value
	}
	clear(members) // drop references so the scratch stack does not pin values
	d.members = d.members[:mark]
	d.depth--
	d.recordSpan(m, start, c)
	return m, nil
}

// openContainer notes, when spans are asked for, that an object or array
// begins at d.pos, and returns its index for closeContainer.
func (d *decoder) openContainer() int {
	if d.spans == nil {
		return -1
	}
	d.spans.ends = append(d.spans.ends, containerSpan{start: int32(d.pos), end: -1})
	return len(d.spans.ends) - 1
}

// closeContainer notes that the container c openContainer returned ends
// just before d.pos.
func (d *decoder) closeContainer(c int) {
	if c >= 0 {
		d.spans.ends[c].end = int32(d.pos)
	}
}

// recordSpan notes, when spans are asked for, that m (container c) was
// read from data[start:d.pos].
func (d *decoder) recordSpan(m map[string]any, start, c int) {
	if d.spans != nil {
		d.spans.objs = append(d.spans.objs, objSpan{m: reflect.ValueOf(m).UnsafePointer(), start: start, end: d.pos})
		d.closeContainer(c)
	}
}

func (d *decoder) array() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	c := d.openContainer()
	d.pos++ // '['
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		d.closeContainer(c)
		return d.boxes.arr([]any{}), nil
	}
	mark := len(d.items)
	for {
		v, err := d.value()
		if err != nil {
			return nil, inElement(err, len(d.items)-mark)
		}
		d.items = append(d.items, v)
		d.skipSpace()
		if d.pos < len(d.data) {
			if c := d.data[d.pos]; c == ',' {
				d.pos++
				continue
			} else if c == ']' {
				d.pos++
				break
			}
		}
		return nil, d.syntaxErr("after an array element")
	}
	items := d.items[mark:]
	a := make([]any, len(items))
	copy(a, items)
	clear(items)
	d.items = d.items[:mark]
	d.depth--
	d.closeContainer(c)
	return d.boxes.arr(a), nil
}

// str parses a string whose opening quote has been consumed. A string with
// no escape and only valid UTF-8 is a substring of d.src; others are built
// by strSlow.
func (d *decoder) str() (string, error) {
	data := d.data
	start := d.pos
	for i := start; i < len(data); {
		if i+8 <= len(data) && ijson.Plain8(data[i:]) {
			i += 8
			continue
		}
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '"' {
				d.pos = i + 1
				return d.src[start:i], nil
			}
			if c == '\\' || c < 0x20 {
				return d.strSlow(start, i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return d.strSlow(start, i)
		}
		i += size
	}
	d.pos = len(data)
	return "", d.syntaxErr("in string")
}

// strSlow finishes a string from data[i], where an escape, a control
// character or invalid UTF-8 was found; data[start:i] is plain text.
// internal/jcs (parser.str) decodes the same escapes under the same I-JSON
// rules, into its own error type.
func (d *decoder) strSlow(start, i int) (string, error) {
	data := d.data
	buf := make([]byte, 0, i-start+16)
	buf = append(buf, data[start:i]...)
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(data) {
				d.pos = len(data)
				return "", d.syntaxErr("in string escape")
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := ijson.Hex4(data, i+2)
				if !ok {
					d.pos = i + 2
					for d.pos < len(data) && d.pos < i+6 && isHex(data[d.pos]) {
						d.pos++
					}
					return "", d.syntaxErr("in \\u escape")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// Only a high surrogate followed by an escaped low one
					// is a code point. A malformed escape after it is a
					// syntax error, reported by the next turn of the loop.
					if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						r2, ok := ijson.Hex4(data, i+2)
						if !ok {
							continue
						}
						if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
							buf = utf8.AppendRune(buf, pair)
							i += 6
							continue
						}
					}
					d.pos = i - 6
					return "", d.ijsonErr(i-6, fmt.Errorf("%w \\u%04x", ijson.ErrSurrogate, r))
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				d.pos = i + 1
				return "", d.syntaxErr("in string escape")
			}
			i += 2
		case c < 0x20:
			d.pos = i
			return "", d.syntaxErr("in string")
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				d.pos = i
				return "", d.ijsonErr(i, ijson.ErrInvalidUTF8)
			}
			buf = append(buf, data[i:i+size]...)
			i += size
		}
	}
	d.pos = len(data)
	return "", d.syntaxErr("in string")
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
