package goldld

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/clrkit/clrkit/internal/jsonptr"

	"github.com/piprate/json-gold/ld"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Loader returns the bytes of the context document at an absolute URL.
type Loader interface {
	LoadDocument(ctx context.Context, url string) ([]byte, error)
}

// Backend converts JSON-LD documents to RDF with json-gold in safe mode. It is
// safe for concurrent use; parsed context documents are cached per Backend.
type Backend struct {
	loader Loader
	docs   sync.Map // url -> any (parsed JSON; json-gold never modifies it)
}

// New returns a Backend that loads contexts through loader.
func New(loader Loader) *Backend { return &Backend{loader: loader} }

// Error is a safe-mode violation found in json-gold's expanded output.
// Path is a JSON pointer into the expanded document.
type Error struct {
	Path   string
	Reason string
}

// Error names the violation and its place in the expanded document.
func (e *Error) Error() string { return fmt.Sprintf("goldld: %s at %s", e.Reason, e.Path) }

// ToRDF expands doc (a value decoded by encoding/json), checks the expanded
// form, and returns its RDF quads. Blank nodes keep json-gold's labels.
//
// json-gold panics on some inputs (a list of lists in node map generation,
// for one); ToRDF turns such a panic into an error, as json-gold then has
// no verdict to compare with.
func (b *Backend) ToRDF(ctx context.Context, doc any) (quads []rdf.Quad, err error) {
	defer func() {
		if p := recover(); p != nil {
			quads, err = nil, fmt.Errorf("goldld: json-gold panicked: %v", p)
		}
	}()
	if err := unsupported(doc, ""); err != nil {
		return nil, err
	}
	opts := ld.NewJsonLdOptions("")
	opts.SafeMode = true
	opts.DocumentLoader = loaderFunc(func(u string) (*ld.RemoteDocument, error) { return b.load(ctx, u) })
	expanded, err := ld.NewJsonLdProcessor().Expand(floatNumbers(doc), opts)
	if err != nil {
		return nil, fmt.Errorf("goldld: %w", err)
	}
	if err := checkExpanded(expanded, ""); err != nil {
		return nil, err
	}
	ds, err := ld.NewJsonLdApi().ToRDF(expanded, opts)
	if err != nil {
		return nil, fmt.Errorf("goldld: %w", err)
	}
	return convert(ds)
}

func (b *Backend) load(ctx context.Context, u string) (*ld.RemoteDocument, error) {
	if v, ok := b.docs.Load(u); ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: v}, nil
	}
	raw, err := b.loader.LoadDocument(ctx, u)
	if err != nil {
		return nil, err
	}
	v, err := ld.DocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("goldld: context %s: %w", u, err)
	}
	b.docs.Store(u, v)
	return &ld.RemoteDocument{DocumentURL: u, Document: v}, nil
}

type loaderFunc func(string) (*ld.RemoteDocument, error)

// LoadDocument adapts f to json-gold's DocumentLoader interface.
func (f loaderFunc) LoadDocument(u string) (*ld.RemoteDocument, error) { return f(u) }

// unsupported refuses the input documents whose RDF json-gold gets wrong
// before expansion can tell: an integral number from 2^63 to 10^21, which
// it writes as a double, and an object with both "@type" and "type".
func unsupported(v any, path string) error {
	switch x := v.(type) {
	case map[string]any:
		_, at := x["@type"]
		if _, plain := x["type"]; at && plain {
			return &Error{Path: path, Reason: `both "@type" and "type", of which json-gold keeps one`}
		}
		for _, k := range sortedKeys(x) {
			if err := unsupported(x[k], path+"/"+jsonptr.Token(k)); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := unsupported(e, path+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	case json.Number:
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) >= 1<<63 && math.Abs(f) < 1e21 {
			return &Error{Path: path, Reason: "an integer that json-gold writes as a double: " + x.String()}
		}
	case float64:
		return unsupported(json.Number(strconv.FormatFloat(x, 'g', -1, 64)), path)
	}
	return nil
}

// floatNumbers returns doc with every json.Number replaced by its float64
// value, the number type json-gold understands. Maps and slices are copied.
func floatNumbers(doc any) any {
	switch v := doc.(type) {
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return v.String()
		}
		return f
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = floatNumbers(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = floatNumbers(e)
		}
		return out
	}
	return doc
}

// checkExpanded rejects what json-gold would turn into relative IRIs or drop:
// every @id, @type and property must be an absolute IRI or a blank node, and
// every http(s) IRI must pass json-gold's own URL check.
func checkExpanded(v any, path string) error {
	switch v := v.(type) {
	case []any:
		for i, e := range v {
			if err := checkExpanded(e, path+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	case map[string]any:
		_, isValue := v["@value"]
		for _, k := range sortedKeys(v) {
			p := path + "/" + jsonptr.Token(k)
			e := v[k]
			switch {
			case k == "@id":
				if s, ok := e.(string); ok {
					if err := checkIRI(s, p, true); err != nil {
						return err
					}
				}
			case k == "@type" && isValue:
				if s, ok := e.(string); ok && s != "@json" {
					if err := checkIRI(s, p, false); err != nil {
						return err
					}
				}
			case k == "@type":
				for i, t := range asSlice(e) {
					if s, ok := t.(string); ok {
						if err := checkIRI(s, p+"/"+strconv.Itoa(i), true); err != nil {
							return err
						}
					}
				}
			case k == "@direction":
				// json-gold has no rdfDirection option; clrkit renders
				// directions as i18n datatypes, as the Data Integrity
				// suites of the JavaScript reference do.
				return &Error{Path: p, Reason: "a base direction, which json-gold drops"}
			case k == "@value" && v["@type"] == "@json":
				if _, isObject := e.(map[string]any); !isObject {
					return &Error{Path: p, Reason: "a JSON literal that is not an object, which json-gold cannot canonicalize"}
				}
			case k == "@value" || k == "@language" || k == "@index":
			case strings.HasPrefix(k, "@"):
				if err := checkExpanded(e, p); err != nil {
					return err
				}
			default:
				if err := checkIRI(k, p, true); err != nil {
					return err
				}
				if err := checkExpanded(e, p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func checkIRI(s, path string, blankOK bool) error {
	if blankOK && strings.HasPrefix(s, "_:") {
		return nil
	}
	if !hasScheme(s) {
		return &Error{Path: path, Reason: fmt.Sprintf("relative IRI %q", s)}
	}
	if !ld.IsAbsoluteIri(s) {
		// json-gold decides with net/url, which refuses IRIs such as
		// "A0:/%" (a bad percent escape) that JSON-LD keeps; it would drop
		// them silently.
		return &Error{Path: path, Reason: fmt.Sprintf("IRI %q would be dropped by json-gold", truncate(s))}
	}
	if (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && !ld.IsURL(s) {
		return &Error{Path: path, Reason: fmt.Sprintf("IRI %q would be dropped by json-gold", truncate(s))}
	}
	return nil
}

// hasScheme reports whether s starts with an RFC 3986 scheme and a colon.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
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

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

func asSlice(v any) []any {
	if s, ok := v.([]any); ok {
		return s
	}
	return []any{v}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// convert turns json-gold's dataset into clrkit quads.
func convert(ds *ld.RDFDataset) ([]rdf.Quad, error) {
	var quads []rdf.Quad
	for _, name := range sortedGraphNames(ds) {
		for _, q := range ds.Graphs[name] {
			s, err1 := term(q.Subject)
			p, err2 := term(q.Predicate)
			o, err3 := term(q.Object)
			if err := firstErr(err1, err2, err3); err != nil {
				return nil, err
			}
			var g rdf.Term
			if name != "@default" {
				g = graphTerm(name)
			}
			quads = append(quads, rdf.Quad{Subject: s, Predicate: p, Object: o, Graph: g})
		}
	}
	return quads, nil
}

func sortedGraphNames(ds *ld.RDFDataset) []string {
	names := make([]string, 0, len(ds.Graphs))
	for n := range ds.Graphs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func graphTerm(name string) rdf.Term {
	if label, ok := strings.CutPrefix(name, "_:"); ok {
		return rdf.NewBlank(label)
	}
	return rdf.NewIRI(name)
}

func term(n ld.Node) (rdf.Term, error) {
	switch n := n.(type) {
	case ld.IRI:
		return rdf.NewIRI(n.Value), nil
	case *ld.IRI:
		return rdf.NewIRI(n.Value), nil
	case ld.BlankNode:
		return rdf.NewBlank(strings.TrimPrefix(n.Attribute, "_:")), nil
	case *ld.BlankNode:
		return rdf.NewBlank(strings.TrimPrefix(n.Attribute, "_:")), nil
	case ld.Literal:
		return literal(n), nil
	case *ld.Literal:
		return literal(*n), nil
	}
	return rdf.Term{}, fmt.Errorf("goldld: unexpected RDF node %T", n)
}

func literal(l ld.Literal) rdf.Term {
	if l.Language != "" {
		return rdf.NewLangLiteral(l.Value, l.Language)
	}
	return rdf.NewLiteral(l.Value, l.Datatype)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
