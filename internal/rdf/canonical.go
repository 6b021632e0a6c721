package rdf

// This file writes the canonical N-Quads form defined by RDF Dataset
// Canonicalization (https://www.w3.org/TR/rdf-canon/#canonical-quads).

const upperHex = "0123456789ABCDEF"

// AppendTerm appends the canonical N-Quads form of t to dst: an IRI in angle
// brackets as-is, a blank node as "_:" and its label, and a literal as a
// quoted, escaped string followed by "@" and the language tag for a
// language-tagged string or by "^^" and the datatype IRI unless the datatype
// is xsd:string (or empty). A term of Kind None appends nothing.
func AppendTerm(dst []byte, t Term) []byte { return appendTerm(dst, t, false) }

// AppendTermRawNonchars is AppendTerm writing the noncharacters U+FFFE and
// U+FFFF of a literal as they are, as rdf-canonize does, rather than as
// \uFFFE and \uFFFF, which canonical N-Quads require of characters that are
// not XML 1.1 Char.
func AppendTermRawNonchars(dst []byte, t Term) []byte { return appendTerm(dst, t, true) }

func appendTerm(dst []byte, t Term, rawNonchars bool) []byte {
	switch t.Kind {
	case IRI:
		dst = append(dst, '<')
		dst = append(dst, t.Value...)
		return append(dst, '>')
	case Blank:
		dst = append(dst, "_:"...)
		return append(dst, t.Value...)
	case Literal:
		dst = append(dst, '"')
		dst = appendEscaped(dst, t.Value, rawNonchars)
		dst = append(dst, '"')
		switch {
		case t.Language != "":
			dst = append(dst, '@')
			dst = append(dst, t.Language...)
		case t.Datatype != "" && t.Datatype != XSDString:
			dst = append(dst, "^^<"...)
			dst = append(dst, t.Datatype...)
			dst = append(dst, '>')
		}
	}
	return dst
}

// AppendQuad appends q as one canonical N-Quads line, ending in " .\n", to
// dst. The graph label is left out for the default graph.
func AppendQuad(dst []byte, q Quad) []byte {
	dst = AppendTerm(dst, q.Subject)
	dst = append(dst, ' ')
	dst = AppendTerm(dst, q.Predicate)
	dst = append(dst, ' ')
	dst = AppendTerm(dst, q.Object)
	if q.Graph.Kind != None {
		dst = append(dst, ' ')
		dst = AppendTerm(dst, q.Graph)
	}
	return append(dst, " .\n"...)
}

// SerializeNQuads returns the quads as an N-Quads document, one canonical
// line per quad in the order given. It neither sorts nor deduplicates.
func SerializeNQuads(quads []Quad) []byte {
	var dst []byte
	for _, q := range quads {
		dst = AppendQuad(dst, q)
	}
	return dst
}

// appendEscaped appends the lexical form s with the canonical N-Quads string
// escapes: \" \\ \n \r \t \b \f as two-character escapes, every other
// character in U+0000..U+001F, U+007F and, unless rawNonchars, the
// noncharacters U+FFFE and U+FFFF (not XML 1.1 Char) as \uXXXX with
// uppercase hex digits, and everything else as-is.
func appendEscaped(dst []byte, s string, rawNonchars bool) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7F && c != 0xEF {
			continue
		}
		if c == 0xEF {
			// U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
			if rawNonchars || i+2 >= len(s) || s[i+1] != 0xBF || s[i+2] < 0xBE {
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', 'F', 'F', 'F', upperHex[s[i+2]-0xBE+0xE])
			i += 2
			start = i + 1
			continue
		}
		dst = append(dst, s[start:i]...)
		start = i + 1
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', upperHex[c>>4], upperHex[c&0xF])
		}
	}
	return append(dst, s[start:]...)
}
