package rdf

// Well-known IRIs used when building and serializing RDF terms.
const (
	XSDString    = "http://www.w3.org/2001/XMLSchema#string"
	XSDBoolean   = "http://www.w3.org/2001/XMLSchema#boolean"
	XSDInteger   = "http://www.w3.org/2001/XMLSchema#integer"
	XSDDouble    = "http://www.w3.org/2001/XMLSchema#double"
	RDFLangStr   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
	RDFType      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	RDFFirst     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
	RDFRest      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
	RDFNil       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
	RDFJSON      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
	RDFValue     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
	RDFLanguage  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#language"
	RDFDirection = "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction"
)

// Kind tells which of the three RDF term forms a Term holds.
type Kind uint8

const (
	// None is the zero Kind. As a quad's graph it means the default graph.
	None Kind = iota
	// IRI is an absolute IRI; Value holds it without angle brackets.
	IRI
	// Blank is a blank node; Value holds its label without the "_:" prefix.
	Blank
	// Literal is a literal; Value holds its lexical form.
	Literal
)

// Term is one RDF term. It is a small comparable value so that quads can be
// used as map keys and compared with ==.
//
// For literals, Datatype is always set: XSDString for a simple literal and
// RDFLangStr for a language-tagged one (Language then holds the tag).
// Serializers omit the datatype where canonical N-Quads omit it.
type Term struct {
	Kind     Kind
	Value    string
	Datatype string
	Language string
}

// Quad is one statement of an RDF dataset. A Graph whose Kind is None names
// the default graph.
type Quad struct {
	Subject, Predicate, Object, Graph Term
}

// NewIRI returns an IRI term.
func NewIRI(iri string) Term { return Term{Kind: IRI, Value: iri} }

// NewBlank returns a blank node term with the given label (no "_:" prefix).
func NewBlank(label string) Term { return Term{Kind: Blank, Value: label} }

// NewLiteral returns a typed literal. An empty datatype means xsd:string.
func NewLiteral(lexical, datatype string) Term {
	if datatype == "" {
		datatype = XSDString
	}
	return Term{Kind: Literal, Value: lexical, Datatype: datatype}
}

// NewLangLiteral returns a language-tagged string.
func NewLangLiteral(lexical, lang string) Term {
	return Term{Kind: Literal, Value: lexical, Datatype: RDFLangStr, Language: lang}
}
