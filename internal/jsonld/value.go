package jsonld

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/clrkit/clrkit/internal/ijson"
)

// expandValue is the Value Expansion algorithm (JSON-LD 1.1 API section
// 5.3.2) for a scalar value of a property whose definition is td.
func (s *state) expandValue(active *activeContext, td *termDef, value any) (any, error) {
	var typ string
	if td != nil {
		typ = td.typ
	}
	if str, ok := value.(string); ok && (typ == "@id" || typ == "@vocab") {
		id, ok, err := s.expandIRI(active, str, typ == "@vocab", true, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			if s.p.opts.Safe {
				return nil, s.errf(CodeSafeDroppedValue, quoteDetail("reserved IRI value", str))
			}
			return map[string]any{"@id": nil}, nil
		}
		if err := s.checkNodeID("@id", id); err != nil {
			return nil, err
		}
		return map[string]any{"@id": id}, nil
	}
	switch typ {
	case "", "@id", "@vocab", "@none":
	default:
		if err := s.checkNodeID("@type", typ); err != nil {
			return nil, err
		}
		if s.asSet && literalKindOf(value, typ, false, false) == 0 {
			return s.newLit(litObj{value: value, typ: typ}), nil
		}
		v := map[string]any{"@value": value, "@type": td.typValue}
		s.noteLiteral(v)
		return v, nil
	}
	str, isStr := value.(string)
	if !isStr {
		if s.asSet && literalKindOf(value, "", false, false) == 0 {
			return s.newLit(litObj{value: value}), nil
		}
		v := map[string]any{"@value": value}
		s.noteLiteral(v)
		return v, nil
	}
	lang, hasLang := active.lang, active.hasLang
	if td != nil && td.hasLang {
		lang, hasLang = td.lang, td.lang != ""
	}
	var dir string
	var hasDir bool
	if td != nil && td.hasDir {
		dir, hasDir = td.dir, td.dir != ""
	} else {
		dir, hasDir = s.defaultDirection(active, active, str, lang, hasLang)
	}
	if hasDir && s.forRDF && s.p.opts.Safe && s.p.opts.RDFDirection == "" {
		return nil, s.errf(CodeSafeDroppedValue, "@direction is lost without an RDF direction mode")
	}
	if s.asSet && literalKindOf(value, "", hasLang, hasDir) == 0 {
		return s.newLit(litObj{value: value, lang: lang, dir: dir}), nil
	}
	n := 1
	if hasLang {
		n++
	}
	if hasDir {
		n++
	}
	v := make(map[string]any, n)
	v["@value"] = value // not str: that would box the string again
	if hasLang {
		v["@language"] = lang
	}
	if hasDir {
		v["@direction"] = dir
	}
	s.noteLiteral(v)
	return v, nil
}

// isScalar reports whether v is a JSON string, number or boolean.
func isScalar(v any) bool {
	switch v.(type) {
	case string, bool, float64, json.Number, int, int64:
		return true
	}
	return false
}

func asArray(v any) []any {
	switch x := v.(type) {
	case nil:
		return []any{}
	case []any:
		return x
	}
	return []any{v}
}

// addValue appends value (or its items) to the array under key. A lone
// value already under key (see objExpansion.addProperty) becomes the
// array's first item.
func addValue(m map[string]any, key string, value any) {
	prev, ok := m[key]
	if !ok {
		if arr, ok := value.([]any); ok {
			m[key] = arr
			return
		}
		m[key] = []any{value}
		return
	}
	cur := asArray(prev)
	if arr, ok := value.([]any); ok {
		m[key] = append(cur, arr...)
		return
	}
	m[key] = append(cur, value)
}

// firstKey returns the first of m's keys, in order, that bad reports, so
// that an error naming one names the same one every time (ranging over a
// map would pick any).
func firstKey(m map[string]any, bad func(string) bool) (key string, found bool) {
	for k := range m {
		if bad(k) && (!found || k < key) {
			key, found = k, true
		}
	}
	return key, found
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

func isValueObject(v any) bool {
	if _, ok := v.(*litObj); ok {
		return true
	}
	m, ok := v.(map[string]any)
	return ok && hasKey(m, "@value")
}

// litObj is a value object that Value Expansion made from a scalar, in a
// call that writes its statements as a set (state.asSet): a small struct
// where a map of one to three entries would cost two allocations and
// several hash lookups to read back. Only values that no dialect writes
// differently take this form (literalKindOf is 0), so that nothing is lost
// of what noteLiteral records; every reader of expanded values that is not
// the set writer turns one back into its map (asMap) first.
type litObj struct {
	value any    // string, bool or number
	typ   string // @type: an IRI, "" for none
	lang  string // @language, "" for none
	dir   string // @direction, "" for none
}

// newLit returns a pointer to a copy of v, taken from blocks of litObj
// rather than allocated on its own: a document has dozens of them, and
// they all live as long as the call. The first block, of 64, is the
// call's scratch (newState); further ones double from 64 up to 256.
func (s *state) newLit(v litObj) *litObj {
	if len(s.lits) == cap(s.lits) {
		s.lits = make([]litObj, 0, min(max(2*cap(s.lits), 64), 256))
	}
	s.lits = append(s.lits, v)
	return &s.lits[len(s.lits)-1]
}

// asMap returns the value object as the map Value Expansion otherwise
// makes.
func (v *litObj) asMap() map[string]any {
	m := map[string]any{"@value": v.value}
	if v.typ != "" {
		m["@type"] = v.typ
	}
	if v.lang != "" {
		m["@language"] = v.lang
	}
	if v.dir != "" {
		m["@direction"] = v.dir
	}
	return m
}

func isListObject(v any) bool {
	m, ok := v.(map[string]any)
	return ok && hasKey(m, "@list")
}

// isGraphObject reports whether m is a graph object: @graph plus at most
// @id and @index.
func isGraphObject(m map[string]any) bool {
	if !hasKey(m, "@graph") {
		return false
	}
	for k := range m {
		if k != "@graph" && k != "@id" && k != "@index" {
			return false
		}
	}
	return true
}

func sortStrings(a []string) {
	if len(a) > 1 {
		sort.Strings(a)
	}
}

// depth returns the nesting depth of a JSON value.
func depth(v any) int {
	d := 0
	switch x := v.(type) {
	case []any:
		for _, it := range x {
			d = max(d, depth(it))
		}
		return d + 1
	case map[string]any:
		for _, it := range x {
			d = max(d, depth(it))
		}
		return d + 1
	}
	return 0
}

// numberValue returns the float64 value of a JSON number; ok is false for
// anything else, and for numbers that are not finite doubles (see
// checkNumber).
func numberValue(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case json.Number:
		f, err := ijson.ParseNumber(string(n))
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// checkNumber requires a number to be one a double holds (I-JSON, RFC
// 7493 section 2.2). DecodeJSON refuses other literals already; this
// catches those of values a caller built, such as json.Number("1e400") or
// math.Inf(1), which have no xsd:integer or xsd:double form.
func (s *state) checkNumber(v any) error {
	var err error
	switch n := v.(type) {
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			err = fmt.Errorf("%w: %v", ijson.ErrNumberRange, n)
		}
	case json.Number:
		if !validNumberLiteral(string(n)) {
			return s.errf(CodeInvalidInput, quoteDetail("not a JSON number:", string(n)))
		}
		_, err = ijson.ParseNumber(string(n))
	}
	if err != nil {
		e := s.errf(CodeNotIJSON, err.Error())
		e.rule = err
		return e
	}
	return nil
}

// validNumberLiteral reports whether s follows the JSON number grammar
// (RFC 8259 section 6), as a json.Number built by a caller may not.
func validNumberLiteral(s string) bool {
	if len(s) == 0 || s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return false
	}
	d := decoder{data: []byte(s), src: s}
	_, err := d.number() // also checks the range: checkNumber reports that
	return (err == nil || errors.Is(err, ijson.ErrNumberRange)) && d.pos == len(s)
}

func isNumberValue(v any, want float64) bool {
	f, ok := numberValue(v)
	return ok && f == want
}

// jsonEqual compares two JSON values structurally (numbers by value).
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	fa, ok1 := numberValue(a)
	fb, ok2 := numberValue(b)
	return ok1 && ok2 && fa == fb
}

// isWellFormedLanguage reports whether s is a well-formed BCP 47 language
// tag (RFC 5646 section 2.2.9: it matches the Language-Tag production),
// which the RDF step requires (Object to RDF step 7) and safe mode
// therefore demands. Case does not matter.
func isWellFormedLanguage(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	low := strings.ToLower(s)
	if irregularLanguageTags[low] {
		return true
	}
	parts := strings.Split(low, "-")
	i := 0
	if parts[0] == "x" {
		return privateUse(parts[1:])
	}
	// language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
	if !alphaN(parts[0], 2, 8) {
		return false
	}
	i++
	if len(parts[0]) <= 3 {
		// extlang = 3ALPHA *2("-" 3ALPHA)
		for n := 0; n < 3 && i < len(parts) && alphaN(parts[i], 3, 3); n++ {
			i++
		}
	}
	if i < len(parts) && alphaN(parts[i], 4, 4) { // script
		i++
	}
	if i < len(parts) && (alphaN(parts[i], 2, 2) || digitsN(parts[i], 3)) { // region
		i++
	}
	// variant = 5*8alphanum / (DIGIT 3alphanum)
	for i < len(parts) && (alnumN(parts[i], 5, 8) || len(parts[i]) == 4 && isDigitByte(parts[i][0]) && alnumN(parts[i], 4, 4)) {
		i++
	}
	// extension = singleton 1*("-" (2*8alphanum)), singleton anything but x
	for i < len(parts) && len(parts[i]) == 1 && parts[i] != "x" && alnumN(parts[i], 1, 1) {
		i++
		n := 0
		for i < len(parts) && alnumN(parts[i], 2, 8) {
			i++
			n++
		}
		if n == 0 {
			return false
		}
	}
	if i < len(parts) && parts[i] == "x" {
		return privateUse(parts[i+1:])
	}
	return i == len(parts)
}

// privateUse reports whether parts, the subtags after "x", are one or more
// of 1*8alphanum.
func privateUse(parts []string) bool {
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		if !alnumN(p, 1, 8) {
			return false
		}
	}
	return true
}

// irregularLanguageTags are RFC 5646's irregular grandfathered tags, the
// only well-formed tags the langtag production does not cover.
var irregularLanguageTags = map[string]bool{
	"en-gb-oed": true, "i-ami": true, "i-bnn": true, "i-default": true, "i-enochian": true, "i-hak": true,
	"i-klingon": true, "i-lux": true, "i-mingo": true, "i-navajo": true, "i-pwn": true, "i-tao": true,
	"i-tay": true, "i-tsu": true, "sgn-be-fr": true, "sgn-be-nl": true, "sgn-ch-de": true,
}

func alphaN(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func alnumN(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < 'a' || s[i] > 'z') && !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

func digitsN(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
