package openbadges

// Baked badges: an OpenBadgeCredential carried inside its PNG or SVG image.
//
// The rules below are those of Open Badges 3.0, §"Baked Badge" of "Open
// Badges Document Formats" (https://www.imsglobal.org/spec/ob/v3p0/#baked-badge;
// source 1EdTech/openbadges-specification, ob_v3p0/docformat.md at commit
// 03295be51974e3d3310b3557cd7b6f51ade004cb, and the same text with VCDM 2.0
// examples in ob_v3p0/microsites/spec/docformat.md at
// 7da600e500b31b8b7ff457493cff4ed4bddf1438):
//
//   - The image MUST be PNG or SVG 1.1.
//   - PNG: an iTXt chunk with keyword "openbadgecredential" whose text is the
//     compact JWS of a VC-JWT, or the JSON of a credential with an embedded
//     proof. "Compression MUST NOT be used"; the example constructor sets
//     compression 0, method 0, an empty language tag and an empty translated
//     keyword. Such a chunk "MUST NOT appear in a PNG more than once".
//     Extracting reads the first such iTXt chunk. The spec names iTXt only:
//     tEXt and zTXt chunks (and OB 2.0's keyword "openbadges") do not carry
//     an OB 3.0 credential.
//   - SVG: the root <svg> gets xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0",
//     and "directly after the <svg> tag" an <openbadges:credential> element.
//     A VC-JWT goes in its verify attribute; an embedded-proof credential goes
//     in its body "wrapped in <![CDATA[...]]>" (the spec's example indents the
//     JSON inside the CDATA section). There "MUST be only one"
//     <openbadges:credential> tag; extracting reads the first one.
//   - Baking into an image that already holds a credential: "the implementer
//     may choose whether to pass the user an error or overwrite". This
//     package returns ErrAlreadyBaked.
//
// Choices made here where the spec leaves room:
//
//   - Unbake reads the whole image, not only up to the first credential: it
//     checks every PNG chunk's length and CRC and that the SVG is well-formed
//     XML, and it refuses a second credential chunk or element (which the spec
//     forbids) rather than silently picking the first, since two readers could
//     then disagree about what the image carries.
//   - A compressed openbadgecredential iTXt chunk is refused with
//     ErrCredentialForm (the spec says compression MUST NOT be used).
//   - Leading and trailing white space (space, tab, CR, LF) around the
//     credential is dropped on both sides; nothing else is changed. JSON is
//     baked compacted (json.Compact), which changes no signed bytes: an
//     embedded proof signs the canonical form, not the JSON text.
//   - The SVG body must hold JSON and the verify attribute a compact JWS, as
//     the spec assigns them; the element is recognised by its namespace (any
//     prefix) or by the literal, undeclared prefix "openbadges".
//   - SVG input must be UTF-8 (with or without a byte order mark). The XML is
//     read with encoding/xml, which never loads external entities or DTDs
//     and expands only the predefined entities, so a document that uses
//     entities declared in its DOCTYPE is refused.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxImageSize is the largest image, in bytes, that BakePNG, BakeSVG and
// Unbake accept or produce. It also bounds the credential, which cannot be
// larger than the image that carries it.
const MaxImageSize = 16 << 20

// PNGKeyword is the keyword of the iTXt chunk that carries a baked credential.
const PNGKeyword = "openbadgecredential"

// SVGNamespace is the XML namespace of the <openbadges:credential> element
// that carries a credential baked into an SVG image.
const SVGNamespace = "https://purl.imsglobal.org/ob/v3p0"

// Errors returned by BakePNG, BakeSVG and Unbake, wrapped with the place of the
// problem (PNG chunk index and type, or SVG line).
var (
	// ErrNotImage: the input is neither a PNG (by its signature) nor an SVG
	// (XML whose root element is svg).
	ErrNotImage = errors.New("openbadges: not a PNG or SVG image")
	// ErrNotBaked: the image is well formed but carries no Open Badges 3.0
	// credential.
	ErrNotBaked = errors.New("openbadges: image holds no baked credential")
	// ErrAlreadyBaked: baking into an image that already carries a
	// credential (OB 3.0, or an OB 2.0 assertion).
	ErrAlreadyBaked = errors.New("openbadges: image already holds a baked credential")
	// ErrMalformedImage: the PNG or SVG does not parse (bad chunk length or
	// CRC, missing IHDR/IEND, XML syntax), or is larger than MaxImageSize.
	ErrMalformedImage = errors.New("openbadges: malformed image")
	// ErrCredentialForm: the credential to bake, or the one baked, is not in
	// a form the spec allows: a JSON object or a compact JWS, uncompressed,
	// in the right place, once.
	ErrCredentialForm = errors.New("openbadges: baked credential not in an accepted form")
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// ob2Namespace is the namespace of Open Badges 2.0's <openbadges:assertion>.
const ob2Namespace = "http://openbadges.org"

// BakePNG returns a copy of the PNG img with credential baked into it: a new
// uncompressed iTXt chunk with keyword "openbadgecredential", an empty
// language tag and an empty translated keyword, inserted just before IEND.
//
// credential is a JSON object (an embedded-proof credential, written
// compacted) or a compact JWS (a VC-JWT); white space around it is dropped.
// img must be a well-formed PNG (signature, chunk lengths and CRCs, IHDR
// first, IEND last); one that already carries an openbadgecredential iTXt
// chunk, or an OB 2.0 "openbadges" text chunk, is refused with
// ErrAlreadyBaked. The pixels and every other chunk are kept byte for byte.
func BakePNG(img []byte, credential []byte) ([]byte, error) {
	text, _, err := bakeableCredential(credential)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(img, pngSignature) {
		return nil, fmt.Errorf("%w: no PNG signature", ErrNotImage)
	}
	if len(img) > MaxImageSize {
		return nil, tooLarge(len(img))
	}
	p, err := parsePNG(img)
	if err != nil {
		return nil, err
	}
	for _, c := range p.chunks {
		if kw, ok := textKeyword(c); ok && (kw == PNGKeyword && c.typ == "iTXt" || kw == "openbadges") {
			what := "an Open Badges 3.0 credential"
			if kw == "openbadges" {
				what = "an Open Badges 2.0 assertion"
			}
			return nil, fmt.Errorf("%w: chunk %d (%s %q) holds %s", ErrAlreadyBaked, c.index, c.typ, kw, what)
		}
	}
	var data bytes.Buffer
	data.WriteString(PNGKeyword)
	data.Write([]byte{0, 0, 0, 0, 0}) // keyword end, flag 0, method 0, empty language tag, empty translated keyword
	data.Write(text)
	n := len(img) + 12 + data.Len()
	if n > MaxImageSize {
		return nil, fmt.Errorf("%w: the baked image would be %d bytes, over the %d-byte limit", ErrMalformedImage, n, MaxImageSize)
	}
	out := make([]byte, 0, n)
	out = append(out, img[:p.iend]...)
	out = binary.BigEndian.AppendUint32(out, uint32(data.Len()))
	start := len(out)
	out = append(out, "iTXt"...)
	out = append(out, data.Bytes()...)
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	out = append(out, img[p.iend:]...)
	return out, nil
}

// BakeSVG returns a copy of the SVG img with credential baked into it: the
// root svg element gets xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"
// (unless it has it already) and, as its first child, an
// <openbadges:credential> element holding a compact JWS in its verify
// attribute or a JSON object, compacted, in a CDATA section (split where
// the JSON contains "]]>", so that the character data is exactly the JSON).
//
// img must be well-formed UTF-8 XML with an svg root element. An image that
// already carries a credential element (or an OB 2.0 assertion) is refused
// with ErrAlreadyBaked. If the root binds the prefix "openbadges" to another
// namespace, the declaration goes on the credential element instead. The
// rest of the document is kept byte for byte.
func BakeSVG(img []byte, credential []byte) ([]byte, error) {
	text, isJSON, err := bakeableCredential(credential)
	if err != nil {
		return nil, err
	}
	if isJSON {
		if r, at := firstNonXMLChar(text); at >= 0 {
			return nil, fmt.Errorf("%w: the JSON holds %U at byte %d, which XML cannot carry", ErrCredentialForm, r, at)
		}
	}
	if !sniffSVG(img) {
		return nil, fmt.Errorf("%w: not XML with an svg root element", ErrNotImage)
	}
	if len(img) > MaxImageSize {
		return nil, tooLarge(len(img))
	}
	s, err := scanSVG(img)
	if err != nil {
		return nil, err
	}
	switch {
	case s.credCount > 0:
		return nil, fmt.Errorf("%w: <openbadges:credential> at line %d", ErrAlreadyBaked, s.cred.line)
	case s.ob2Line > 0:
		return nil, fmt.Errorf("%w: an Open Badges 2.0 <openbadges:assertion> at line %d", ErrAlreadyBaked, s.ob2Line)
	}
	// The namespace goes on the root element, as the spec says, unless the
	// root already binds the prefix openbadges to another namespace (OB
	// 2.0's, say): then on the credential element itself, which is the
	// only way left to write <openbadges:credential> in the right namespace.
	rootDecl, elemDecl := ` xmlns:openbadges="`+SVGNamespace+`"`, ""
	if s.prefixBound {
		rootDecl = ""
		if s.prefixNS != SVGNamespace {
			elemDecl = ` xmlns:openbadges="` + SVGNamespace + `"`
		}
	}

	var elem bytes.Buffer
	if isJSON {
		elem.WriteString("<openbadges:credential" + elemDecl + "><![CDATA[")
		elem.Write(bytes.ReplaceAll(text, []byte("]]>"), []byte("]]]]><![CDATA[>")))
		elem.WriteString("]]></openbadges:credential>")
	} else {
		// A compact JWS is base64url and dots: nothing to escape.
		elem.WriteString(`<openbadges:credential` + elemDecl + ` verify="`)
		elem.Write(text)
		elem.WriteString(`"></openbadges:credential>`)
	}
	var out bytes.Buffer
	out.Grow(len(img) + len(rootDecl) + elem.Len() + len(s.rootName) + 3)
	if s.selfClosing {
		// <svg .../> becomes <svg ... xmlns:openbadges="..."><openbadges:credential .../></svg>
		out.Write(img[:s.rootEnd-2])
		out.WriteString(rootDecl + ">")
		out.Write(elem.Bytes())
		out.WriteString("</" + s.rootName + ">")
	} else {
		out.Write(img[:s.rootEnd-1])
		out.WriteString(rootDecl + ">")
		out.Write(elem.Bytes())
	}
	out.Write(img[s.rootEnd:])
	if out.Len() > MaxImageSize {
		return nil, fmt.Errorf("%w: the baked image would be %d bytes, over the %d-byte limit", ErrMalformedImage, out.Len(), MaxImageSize)
	}
	// Read the result back: what was baked must be what is extracted.
	if got, err := Unbake(out.Bytes()); err != nil || !bytes.Equal(got, text) {
		return nil, fmt.Errorf("%w: the baked SVG does not read back (%v)", ErrMalformedImage, err)
	}
	return out.Bytes(), nil
}

// Unbake returns the credential baked into a PNG or SVG image: the text of
// its openbadgecredential iTXt chunk, or the verify attribute or the
// character data of its <openbadges:credential> element, without
// surrounding white space and otherwise as written (JSON is not
// re-serialised, so it can be checked byte for byte).
//
// The kind of image is detected from its content (PNG signature, or XML
// whose root element is svg). The whole image is checked: a malformed one
// is refused with ErrMalformedImage, one without a credential with
// ErrNotBaked, and a credential that is compressed, present twice, or not a
// JSON object (SVG body, PNG) or compact JWS (verify attribute, PNG) with
// ErrCredentialForm. The result does not alias img.
func Unbake(img []byte) (credential []byte, err error) {
	switch {
	case bytes.HasPrefix(img, pngSignature):
		if len(img) > MaxImageSize {
			return nil, tooLarge(len(img))
		}
		return unbakePNG(img)
	case sniffSVG(img):
		if len(img) > MaxImageSize {
			return nil, tooLarge(len(img))
		}
		return unbakeSVG(img)
	}
	return nil, fmt.Errorf("%w: no PNG signature, and not XML with an svg root element", ErrNotImage)
}

// IsBakedImage reports whether data looks like an image Unbake reads: it
// starts with the PNG signature, or it is XML whose root element is svg. It
// reads no further than the root element's start tag and does not tell
// whether a credential is baked in; Unbake does.
func IsBakedImage(data []byte) bool {
	return bytes.HasPrefix(data, pngSignature) || sniffSVG(data)
}

func tooLarge(n int) error {
	return fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrMalformedImage, n, MaxImageSize)
}

// --- credential forms ---

// credentialForm checks that b, without surrounding JSON white space, is a
// JSON object or a compact JWS, and returns it trimmed. Its errors are
// details for the caller to wrap with ErrCredentialForm.
func credentialForm(b []byte) (trimmed []byte, isJSON bool, err error) {
	b = bytes.Trim(b, " \t\r\n")
	switch {
	case len(b) == 0:
		return nil, false, errors.New("empty")
	case b[0] == '{':
		if !utf8.Valid(b) {
			return nil, false, errors.New("the JSON is not valid UTF-8")
		}
		if !json.Valid(b) {
			return nil, false, errors.New("starts with '{' but is not valid JSON")
		}
		return b, true, nil
	case isCompactJWS(b):
		return b, false, nil
	}
	return nil, false, errors.New("neither a JSON object nor a compact JWS")
}

// bakeableCredential is credentialForm plus compaction of JSON and the
// size limit.
func bakeableCredential(b []byte) ([]byte, bool, error) {
	if len(b) > MaxImageSize {
		return nil, false, fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrCredentialForm, len(b), MaxImageSize)
	}
	t, isJSON, err := credentialForm(b)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %v", ErrCredentialForm, err)
	}
	if !isJSON {
		return t, false, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, t); err != nil {
		return nil, false, fmt.Errorf("%w: %v", ErrCredentialForm, err)
	}
	return buf.Bytes(), true, nil
}

// isCompactJWS reports whether b matches the CompactJws pattern of the
// 1EdTech schemas, ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$ (the
// payload may be empty, as in a detached JWS).
func isCompactJWS(b []byte) bool {
	seg, segLen := 0, 0
	for _, c := range b {
		switch {
		case c == '.':
			if segLen == 0 && seg != 1 || seg == 2 {
				return false
			}
			seg++
			segLen = 0
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '-':
			segLen++
		default:
			return false
		}
	}
	return seg == 2 && segLen > 0
}

// firstNonXMLChar returns the first rune of valid UTF-8 b outside XML 1.0's
// Char production, and its offset, or -1.
func firstNonXMLChar(b []byte) (rune, int) {
	for i, r := range string(b) {
		if !(r == 0x09 || r == 0x0A || r == 0x0D || 0x20 <= r && r <= 0xD7FF ||
			0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF) {
			return r, i
		}
	}
	return 0, -1
}

// --- PNG ---

type pngChunk struct {
	index int    // 0 for IHDR
	off   int    // offset of the length field
	typ   string // four ASCII letters
	data  []byte
}

type pngFile struct {
	chunks []pngChunk
	iend   int // offset of IEND's length field
}

// parsePNG checks the structure of a PNG datastream (PNG §5): signature,
// chunk lengths within the data and at most 2^31-1, chunk types of four
// ASCII letters, CRCs, IHDR first with 13 bytes of data, IEND last and
// empty, nothing after it.
func parsePNG(img []byte) (*pngFile, error) {
	if !bytes.HasPrefix(img, pngSignature) {
		return nil, fmt.Errorf("%w: no PNG signature", ErrNotImage)
	}
	p := &pngFile{iend: -1}
	for off, i := len(pngSignature), 0; ; i++ {
		if off == len(img) {
			return nil, fmt.Errorf("%w: truncated: no IEND chunk after chunk %d", ErrMalformedImage, i-1)
		}
		if len(img)-off < 12 {
			return nil, fmt.Errorf("%w: chunk %d at byte %d: truncated (%d bytes left, a chunk takes at least 12)", ErrMalformedImage, i, off, len(img)-off)
		}
		n := binary.BigEndian.Uint32(img[off:])
		typ := img[off+4 : off+8]
		for _, c := range typ {
			if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
				return nil, fmt.Errorf("%w: chunk %d at byte %d: type %q is not four ASCII letters", ErrMalformedImage, i, off, typ)
			}
		}
		c := pngChunk{index: i, off: off, typ: string(typ)}
		if n > 1<<31-1 {
			return nil, fmt.Errorf("%w: chunk %d (%s) at byte %d: length %d over 2^31-1", ErrMalformedImage, i, c.typ, off, n)
		}
		if uint64(n) > uint64(len(img)-off-12) {
			return nil, fmt.Errorf("%w: chunk %d (%s) at byte %d: truncated (length %d, %d bytes left)", ErrMalformedImage, i, c.typ, off, n, len(img)-off-12)
		}
		end := off + 8 + int(n)
		c.data = img[off+8 : end]
		if want, got := binary.BigEndian.Uint32(img[end:]), crc32.ChecksumIEEE(img[off+4:end]); want != got {
			return nil, fmt.Errorf("%w: chunk %d (%s) at byte %d: CRC %08x, computed %08x", ErrMalformedImage, i, c.typ, off, want, got)
		}
		switch {
		case i == 0 && (c.typ != "IHDR" || n != 13):
			return nil, fmt.Errorf("%w: chunk 0 is %s with %d bytes, want IHDR with 13", ErrMalformedImage, c.typ, n)
		case i > 0 && c.typ == "IHDR":
			return nil, fmt.Errorf("%w: chunk %d at byte %d: a second IHDR", ErrMalformedImage, i, off)
		}
		p.chunks = append(p.chunks, c)
		off = end + 4
		if c.typ == "IEND" {
			if n != 0 {
				return nil, fmt.Errorf("%w: chunk %d (IEND) at byte %d: %d bytes of data, want none", ErrMalformedImage, i, c.off, n)
			}
			if off != len(img) {
				return nil, fmt.Errorf("%w: %d bytes after IEND (chunk %d)", ErrMalformedImage, len(img)-off, i)
			}
			p.iend = c.off
			return p, nil
		}
	}
}

// textKeyword returns the keyword of a tEXt, zTXt or iTXt chunk: the bytes
// before the first NUL, 1 to 79 of them (PNG §11.3.4).
func textKeyword(c pngChunk) (string, bool) {
	if c.typ != "tEXt" && c.typ != "zTXt" && c.typ != "iTXt" {
		return "", false
	}
	i := bytes.IndexByte(c.data, 0)
	if i < 1 || i > 79 {
		return "", false
	}
	return string(c.data[:i]), true
}

func unbakePNG(img []byte) ([]byte, error) {
	p, err := parsePNG(img)
	if err != nil {
		return nil, err
	}
	var found *pngChunk
	ob2 := -1
	for i := range p.chunks {
		c := &p.chunks[i]
		kw, ok := textKeyword(*c)
		if !ok {
			continue
		}
		if kw == "openbadges" && ob2 < 0 {
			ob2 = c.index
		}
		if kw != PNGKeyword || c.typ != "iTXt" {
			continue
		}
		if found != nil {
			return nil, fmt.Errorf("%w: chunks %d and %d are both openbadgecredential iTXt chunks; the spec allows one", ErrCredentialForm, found.index, c.index)
		}
		found = c
	}
	if found == nil {
		if ob2 >= 0 {
			return nil, fmt.Errorf("%w: chunk %d holds an Open Badges 2.0 assertion (keyword \"openbadges\"), not an OB 3.0 credential", ErrNotBaked, ob2)
		}
		return nil, fmt.Errorf("%w: no iTXt chunk with keyword %q", ErrNotBaked, PNGKeyword)
	}
	// iTXt: keyword NUL, compression flag, compression method, language tag
	// NUL, translated keyword NUL, text (PNG §11.3.4.5).
	where := fmt.Sprintf("chunk %d (iTXt %q)", found.index, PNGKeyword)
	rest := found.data[len(PNGKeyword)+1:]
	if len(rest) < 2 {
		return nil, fmt.Errorf("%w: %s: truncated before the compression flag", ErrMalformedImage, where)
	}
	switch rest[0] {
	case 0:
	case 1:
		return nil, fmt.Errorf("%w: %s is compressed; the spec says compression MUST NOT be used", ErrCredentialForm, where)
	default:
		return nil, fmt.Errorf("%w: %s: compression flag %d, want 0 or 1", ErrMalformedImage, where, rest[0])
	}
	rest = rest[2:] // the method byte is ignored for uncompressed text
	for _, field := range []string{"language tag", "translated keyword"} {
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return nil, fmt.Errorf("%w: %s: no NUL after the %s", ErrMalformedImage, where, field)
		}
		rest = rest[i+1:]
	}
	cred, _, err := credentialForm(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCredentialForm, where, err)
	}
	return bytes.Clone(cred), nil
}

// --- SVG ---

// svgDecoder returns an encoding/xml decoder over data without its UTF-8
// byte order mark, and the length of that mark. It is strict, knows only the
// predefined entities and refuses encodings other than UTF-8.
func svgDecoder(data []byte) (*xml.Decoder, int) {
	bom := 0
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	d := xml.NewDecoder(bytes.NewReader(data[bom:]))
	d.Strict = true
	return d, bom
}

// isSVGRoot reports whether name is an SVG root element: svg in the SVG
// namespace, or in no namespace.
func isSVGRoot(name xml.Name) bool {
	return name.Local == "svg" && (name.Space == "http://www.w3.org/2000/svg" || name.Space == "")
}

// sniffSVG reports whether data is XML whose root element is svg. It reads
// the prolog and the root start tag only.
func sniffSVG(data []byte) bool {
	// Fast path: XML starts, after an optional byte order mark and white
	// space, with '<'; anything else would be text before the root.
	if rest := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n"); len(rest) == 0 || rest[0] != '<' {
		return false
	}
	d, _ := svgDecoder(data)
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return isSVGRoot(t.Name)
		case xml.CharData:
			if len(bytes.Trim(t, " \t\r\n")) > 0 {
				return false
			}
		}
	}
}

type svgCredential struct {
	line      int
	verify    string
	hasVerify bool
	text      []byte
	childLine int // line of a child element, which is not allowed
}

type svgScan struct {
	rootName    string // as written, with its prefix
	rootLine    int
	rootEnd     int // offset just after the root start tag's '>'
	selfClosing bool
	prefixBound bool // the root declares xmlns:openbadges
	prefixNS    string
	cred        svgCredential // the first credential element
	credCount   int
	secondLine  int // line of the second credential element
	ob2Line     int // line of an OB 2.0 <openbadges:assertion>
}

func isCredentialElement(n xml.Name) bool {
	// An undeclared prefix stays in Name.Space as written.
	return n.Local == "credential" && (n.Space == SVGNamespace || n.Space == "openbadges")
}

// scanSVG reads a whole SVG document and records where its root start tag
// ends and what credential elements it holds. The caller has checked with
// sniffSVG that the root is svg.
func scanSVG(img []byte) (*svgScan, error) {
	d, bom := svgDecoder(img)
	s := &svgScan{}
	depth, credDepth := 0, 0
	rootDone := false
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		line, _ := d.InputPos()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%w: SVG line %d: %s", ErrMalformedImage, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("%w: SVG line %d: %v", ErrMalformedImage, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if rootDone {
				return nil, fmt.Errorf("%w: SVG line %d: element <%s> after the root element", ErrMalformedImage, line, t.Name.Local)
			}
			depth++
			if depth == 1 {
				s.rootLine = line
				s.rootEnd = bom + int(d.InputOffset())
				s.selfClosing = bytes.HasSuffix(img[:s.rootEnd], []byte("/>"))
				s.rootName = rawName(img[bom+int(before):])
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" && a.Name.Local == "openbadges" {
						s.prefixBound, s.prefixNS = true, a.Value
					}
				}
			}
			switch {
			case credDepth > 0:
				if s.cred.childLine == 0 {
					s.cred.childLine = line
				}
			case isCredentialElement(t.Name):
				s.credCount++
				if s.credCount > 1 {
					if s.secondLine == 0 {
						s.secondLine = line
					}
					break
				}
				credDepth = depth
				s.cred.line = line
				for _, a := range t.Attr {
					if a.Name.Space == "" && a.Name.Local == "verify" {
						s.cred.verify, s.cred.hasVerify = a.Value, true
					}
				}
			case t.Name.Local == "assertion" && (t.Name.Space == ob2Namespace || t.Name.Space == "openbadges"):
				if s.ob2Line == 0 {
					s.ob2Line = line
				}
			}
		case xml.EndElement:
			if depth == credDepth {
				credDepth = 0
			}
			depth--
			if depth == 0 {
				rootDone = true
			}
		case xml.CharData:
			if depth == 0 && len(bytes.Trim(t, " \t\r\n")) > 0 {
				return nil, fmt.Errorf("%w: SVG line %d: text outside the root element", ErrMalformedImage, line)
			}
			if credDepth > 0 && depth == credDepth {
				s.cred.text = append(s.cred.text, t...)
			}
		case xml.Directive:
			if depth > 0 || rootDone {
				return nil, fmt.Errorf("%w: SVG line %d: <!%s> is only allowed before the root element", ErrMalformedImage, line, firstWord(t))
			}
		}
	}
	if depth != 0 || !rootDone {
		return nil, fmt.Errorf("%w: SVG: the root element is not closed", ErrMalformedImage)
	}
	return s, nil
}

// rawName returns the qualified name of the start tag at the beginning of b.
func rawName(b []byte) string {
	b = b[1:] // '<'
	i := bytes.IndexAny(b, " \t\r\n/>")
	if i < 0 {
		return string(b)
	}
	return string(b[:i])
}

func firstWord(b []byte) string {
	s := string(b)
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	return s
}

func unbakeSVG(img []byte) ([]byte, error) {
	s, err := scanSVG(img)
	if err != nil {
		return nil, err
	}
	c := &s.cred
	switch {
	case s.credCount == 0 && s.ob2Line > 0:
		return nil, fmt.Errorf("%w: SVG line %d holds an Open Badges 2.0 <openbadges:assertion>, not an OB 3.0 credential", ErrNotBaked, s.ob2Line)
	case s.credCount == 0:
		return nil, fmt.Errorf("%w: no <openbadges:credential> element in the %s namespace", ErrNotBaked, SVGNamespace)
	case s.credCount > 1:
		return nil, fmt.Errorf("%w: SVG lines %d and %d both hold <openbadges:credential>; the spec allows one", ErrCredentialForm, c.line, s.secondLine)
	case c.childLine > 0:
		return nil, fmt.Errorf("%w: SVG line %d: an element inside <openbadges:credential> (line %d)", ErrCredentialForm, c.childLine, c.line)
	}
	body := bytes.Trim(c.text, " \t\r\n")
	var cred []byte
	if c.hasVerify {
		if len(body) > 0 {
			return nil, fmt.Errorf("%w: SVG line %d: <openbadges:credential> has both a verify attribute and content", ErrCredentialForm, c.line)
		}
		t, isJSON, err := credentialForm([]byte(c.verify))
		if err != nil || isJSON {
			return nil, fmt.Errorf("%w: SVG line %d: the verify attribute is not a compact JWS", ErrCredentialForm, c.line)
		}
		cred = t
	} else {
		t, isJSON, err := credentialForm(body)
		if err != nil || !isJSON {
			return nil, fmt.Errorf("%w: SVG line %d: the content of <openbadges:credential> is not a JSON object (a VC-JWT goes in the verify attribute)", ErrCredentialForm, c.line)
		}
		cred = t
	}
	return bytes.Clone(cred), nil
}
