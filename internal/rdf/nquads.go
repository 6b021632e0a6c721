package rdf

import (
	"strconv"
	"unicode/utf8"
)

// SyntaxError reports malformed N-Quads input. Line and Col are 1-based; Col
// counts Unicode characters from the start of the line.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

// Error formats the error as "rdf: line L:C: message".
func (e *SyntaxError) Error() string {
	return "rdf: line " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// ParseNQuads parses an RDF 1.1 N-Quads document (https://www.w3.org/TR/n-quads/)
// and returns its statements in document order. Duplicate statements are
// kept. The input must be valid UTF-8 and every IRI must be absolute.
// Escapes in IRIs must not produce characters that an IRIREF may not hold,
// so that every parsed dataset can be written back as N-Quads.
//
// On malformed input ParseNQuads returns a *SyntaxError.
func ParseNQuads(data []byte) ([]Quad, error) {
	p := parser{data: data, line: 1, iris: make(map[string]string)}
	if !utf8.Valid(data) {
		p.pos = firstInvalidUTF8(data)
		p.syncLine()
		return nil, p.errorf("invalid UTF-8")
	}
	var quads []Quad
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return quads, nil
		}
		switch p.data[p.pos] {
		case '#':
			p.skipComment()
			continue
		case '\n', '\r':
			p.skipEOL()
			continue
		}
		q, err := p.statement()
		if err != nil {
			return nil, err
		}
		quads = append(quads, q)
	}
}

// parser holds the state of one ParseNQuads call.
type parser struct {
	data      []byte
	pos       int
	line      int
	lineStart int               // offset of the first byte of the current line
	iris      map[string]string // interned IRI strings, so repeats share memory
	scratch   []byte            // reused buffer for unescaped values
}

// firstInvalidUTF8 returns the offset of the first byte that does not start
// a valid UTF-8 sequence.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// syncLine recomputes line and lineStart for p.pos. It is only used on the
// error path for invalid UTF-8, before normal scanning has begun.
func (p *parser) syncLine() {
	p.line, p.lineStart = 1, 0
	for i := 0; i < p.pos; i++ {
		if p.data[i] == '\n' || (p.data[i] == '\r' && (i+1 >= len(p.data) || p.data[i+1] != '\n')) {
			p.line++
			p.lineStart = i + 1
		}
	}
}

// errorf builds a SyntaxError at the current position.
func (p *parser) errorf(msg string) *SyntaxError {
	end := min(p.pos, len(p.data))
	col := utf8.RuneCount(p.data[p.lineStart:end]) + 1
	return &SyntaxError{Line: p.line, Col: col, Msg: msg}
}

// errorAt builds a SyntaxError at offset pos on the current line.
func (p *parser) errorAt(pos int, msg string) *SyntaxError {
	p.pos = pos
	return p.errorf(msg)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) && (p.data[p.pos] == ' ' || p.data[p.pos] == '\t') {
		p.pos++
	}
}

// skipComment moves to the end of the line, leaving the EOL unread.
func (p *parser) skipComment() {
	for p.pos < len(p.data) && p.data[p.pos] != '\n' && p.data[p.pos] != '\r' {
		p.pos++
	}
}

// skipEOL consumes one run of CR and LF characters, counting lines.
func (p *parser) skipEOL() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.pos++
		case '\r':
			p.pos++
			if p.pos < len(p.data) && p.data[p.pos] == '\n' {
				p.pos++
			}
		default:
			return
		}
		p.line++
		p.lineStart = p.pos
	}
}

// statement parses subject, predicate, object, optional graph label and the
// final '.', then requires the end of the line.
func (p *parser) statement() (Quad, error) {
	var q Quad
	var err error
	if q.Subject, err = p.subjectOrGraph("subject"); err != nil {
		return q, err
	}
	p.skipSpace()
	if q.Predicate, err = p.iriTerm("predicate"); err != nil {
		return q, err
	}
	p.skipSpace()
	if q.Object, err = p.object(); err != nil {
		return q, err
	}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] != '.' {
		if q.Graph, err = p.subjectOrGraph("graph label or '.'"); err != nil {
			return q, err
		}
		p.skipSpace()
	}
	if p.pos >= len(p.data) || p.data[p.pos] != '.' {
		return q, p.errorf("expected '.' at end of statement")
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '#' {
		p.skipComment()
	}
	if p.pos < len(p.data) && p.data[p.pos] != '\n' && p.data[p.pos] != '\r' {
		return q, p.errorf("expected end of line after '.'")
	}
	return q, nil
}

// subjectOrGraph parses an IRI or a blank node; what names the expected
// production in error messages.
func (p *parser) subjectOrGraph(what string) (Term, error) {
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '<':
			return p.iriTerm(what)
		case '_':
			return p.blank()
		}
	}
	return Term{}, p.errorf("expected " + what + " (IRI or blank node)")
}

func (p *parser) object() (Term, error) {
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '<':
			return p.iriTerm("object")
		case '_':
			return p.blank()
		case '"':
			return p.literal()
		}
	}
	return Term{}, p.errorf("expected object (IRI, blank node or literal)")
}

func (p *parser) iriTerm(what string) (Term, error) {
	if p.pos >= len(p.data) || p.data[p.pos] != '<' {
		return Term{}, p.errorf("expected " + what + " IRI")
	}
	iri, err := p.iriRef()
	if err != nil {
		return Term{}, err
	}
	return Term{Kind: IRI, Value: iri}, nil
}

// iriRef parses '<' ... '>' starting at the '<' and returns the unescaped,
// interned IRI.
func (p *parser) iriRef() (string, error) {
	start := p.pos
	p.pos++
	buf := p.scratch[:0]
	for {
		if p.pos >= len(p.data) {
			return "", p.errorAt(start, "unterminated IRI")
		}
		c := p.data[p.pos]
		switch {
		case c == '>':
			p.pos++
			p.scratch = buf
			if !hasScheme(buf) {
				return "", p.errorAt(start, "IRI is not absolute")
			}
			return p.intern(buf), nil
		case c == '\\':
			at := p.pos
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			if r <= 0x20 || r < 0x80 && isIRIExcluded(byte(r)) {
				return "", p.errorAt(at, "escape in IRI encodes a character that IRIs may not contain")
			}
			buf = utf8.AppendRune(buf, r)
		case c <= 0x20 || isIRIExcluded(c):
			return "", p.errorf("character " + strconv.QuoteRune(rune(c)) + " is not allowed in an IRI")
		default:
			buf = append(buf, c)
			p.pos++
		}
	}
}

// isIRIExcluded reports the printable ASCII characters that IRIREF excludes.
func isIRIExcluded(c byte) bool {
	switch c {
	case '<', '>', '"', '{', '}', '|', '^', '`', '\\':
		return true
	}
	return false
}

// hasScheme reports whether iri starts with an RFC 3986 scheme and ':'.
func hasScheme(iri []byte) bool {
	for i, c := range iri {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

func (p *parser) intern(b []byte) string {
	if s, ok := p.iris[string(b)]; ok {
		return s
	}
	s := string(b)
	p.iris[s] = s
	return s
}

// uchar parses \uXXXX or \UXXXXXXXX at p.pos and returns the code point.
func (p *parser) uchar() (rune, error) {
	start := p.pos
	if p.pos+1 >= len(p.data) {
		return 0, p.errorf("incomplete escape")
	}
	var n int
	switch p.data[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errorf("invalid escape: expected \\u or \\U")
	}
	p.pos += 2
	var r rune
	for i := 0; i < n; i++ {
		if p.pos >= len(p.data) {
			return 0, p.errorf("incomplete escape")
		}
		d, ok := hexValue(p.data[p.pos])
		if !ok {
			return 0, p.errorf("invalid hex digit in escape")
		}
		r = r<<4 | rune(d)
		p.pos++
	}
	if !utf8.ValidRune(r) {
		return 0, p.errorAt(start, "escape does not encode a Unicode scalar value")
	}
	return r, nil
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// blank parses a BLANK_NODE_LABEL starting at the '_'.
func (p *parser) blank() (Term, error) {
	if p.pos+1 >= len(p.data) || p.data[p.pos+1] != ':' {
		return Term{}, p.errorf("expected '_:' to start a blank node label")
	}
	p.pos += 2
	start := p.pos
	r, n := utf8.DecodeRune(p.data[p.pos:])
	if n == 0 || !(isPNCharsU(r) || r >= '0' && r <= '9') {
		return Term{}, p.errorf("invalid first character in blank node label")
	}
	p.pos += n
	end := p.pos // end of the label without trailing dots
	for p.pos < len(p.data) {
		r, n := utf8.DecodeRune(p.data[p.pos:])
		if r != '.' && !isPNChars(r) {
			break
		}
		p.pos += n
		if r != '.' {
			end = p.pos
		}
	}
	p.pos = end // a label cannot end with '.': give trailing dots back
	return Term{Kind: Blank, Value: string(p.data[start:end])}, nil
}

// isPNCharsBase implements PN_CHARS_BASE of the N-Quads grammar.
func isPNCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r < 0xC0:
		return false
	}
	return r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF ||
		r >= 0x200C && r <= 0x200D || r >= 0x2070 && r <= 0x218F ||
		r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0xEFFFF
}

// isPNCharsU implements PN_CHARS_U (PN_CHARS_BASE, '_' and ':').
func isPNCharsU(r rune) bool { return r == '_' || r == ':' || isPNCharsBase(r) }

// isPNChars implements PN_CHARS.
func isPNChars(r rune) bool {
	return isPNCharsU(r) || r == '-' || r >= '0' && r <= '9' || r == 0xB7 ||
		r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// literal parses a quoted string with an optional language tag or datatype.
func (p *parser) literal() (Term, error) {
	lex, err := p.quotedString()
	if err != nil {
		return Term{}, err
	}
	if p.pos < len(p.data) && p.data[p.pos] == '@' {
		lang, err := p.langTag()
		if err != nil {
			return Term{}, err
		}
		return Term{Kind: Literal, Value: lex, Datatype: RDFLangStr, Language: lang}, nil
	}
	if p.pos+1 < len(p.data) && p.data[p.pos] == '^' && p.data[p.pos+1] == '^' {
		p.pos += 2
		at := p.pos
		dt, err := p.iriTerm("datatype")
		if err != nil {
			return Term{}, err
		}
		if dt.Value == RDFLangStr {
			return Term{}, p.errorAt(at, "rdf:langString literal without a language tag")
		}
		return Term{Kind: Literal, Value: lex, Datatype: dt.Value}, nil
	}
	return Term{Kind: Literal, Value: lex, Datatype: XSDString}, nil
}

// quotedString parses STRING_LITERAL_QUOTE starting at the '"'.
func (p *parser) quotedString() (string, error) {
	start := p.pos
	p.pos++
	buf := p.scratch[:0]
	for {
		if p.pos >= len(p.data) {
			return "", p.errorAt(start, "unterminated string literal")
		}
		c := p.data[p.pos]
		switch c {
		case '"':
			p.pos++
			p.scratch = buf
			return string(buf), nil
		case '\n', '\r':
			return "", p.errorf("line break in string literal")
		case '\\':
			r, err := p.stringEscape()
			if err != nil {
				return "", err
			}
			buf = utf8.AppendRune(buf, r)
		default:
			buf = append(buf, c)
			p.pos++
		}
	}
}

// stringEscape parses an ECHAR or UCHAR at p.pos.
func (p *parser) stringEscape() (rune, error) {
	if p.pos+1 < len(p.data) {
		var r rune
		switch p.data[p.pos+1] {
		case 't':
			r = '\t'
		case 'b':
			r = '\b'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 'f':
			r = '\f'
		case '"', '\'', '\\':
			r = rune(p.data[p.pos+1])
		case 'u', 'U':
			return p.uchar()
		default:
			return 0, p.errorf("invalid escape in string literal")
		}
		p.pos += 2
		return r, nil
	}
	return 0, p.errorf("incomplete escape")
}

// langTag parses LANGTAG starting at the '@': [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func (p *parser) langTag() (string, error) {
	p.pos++
	start := p.pos
	for p.pos < len(p.data) && isAlpha(p.data[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return "", p.errorf("invalid language tag")
	}
	for p.pos < len(p.data) && p.data[p.pos] == '-' {
		p.pos++
		sub := p.pos
		for p.pos < len(p.data) && (isAlpha(p.data[p.pos]) || p.data[p.pos] >= '0' && p.data[p.pos] <= '9') {
			p.pos++
		}
		if p.pos == sub {
			return "", p.errorf("empty language subtag")
		}
	}
	return string(p.data[start:p.pos]), nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
