package rdfc

import (
	"context"
	"strconv"
	"testing"

	"github.com/clrkit/clrkit/internal/rdf"
)

// credentialLike builds a dataset shaped like an expanded Open Badges
// credential: one credential IRI, a tree of blank nodes (subject,
// achievement, criteria, alignments, results, ...), and typed, tagged and
// plain literal properties spread over them until the dataset holds
// nQuads quads.
func credentialLike(nBlank, nQuads int) []rdf.Quad {
	const ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
	cred := rdf.NewIRI("urn:uuid:8f6a4c1e-2b5d-4e3a-9c7f-1d2e3f4a5b6c")
	nodes := make([]rdf.Term, nBlank)
	var quads []rdf.Quad
	add := func(s rdf.Term, p string, o rdf.Term) {
		quads = append(quads, rdf.Quad{Subject: s, Predicate: rdf.NewIRI(p), Object: o})
	}
	add(cred, rdf.RDFType, rdf.NewIRI("https://www.w3.org/2018/credentials#VerifiableCredential"))
	add(cred, "https://www.w3.org/2018/credentials#issuer", rdf.NewIRI("did:web:issuer.example.org"))
	for i := range nodes {
		nodes[i] = rdf.NewBlank("b" + strconv.Itoa(i))
		parent, link := cred, "https://www.w3.org/2018/credentials#credentialSubject"
		if i > 0 {
			parent, link = nodes[(i-1)/2], ob+"part"+strconv.Itoa(i%4)
		}
		add(parent, link, nodes[i])
		add(nodes[i], rdf.RDFType, rdf.NewIRI(ob+"Type"+strconv.Itoa(i%5)))
	}
	for i := 0; len(quads) < nQuads; i++ {
		s := cred
		if i%7 != 0 {
			s = nodes[i%nBlank]
		}
		v := "value " + strconv.Itoa(i) + " with some typical text\n"
		switch i % 3 {
		case 0:
			add(s, ob+"name", rdf.NewLiteral(v, ""))
		case 1:
			add(s, ob+"description", rdf.NewLangLiteral(v, "en"))
		default:
			add(s, ob+"validFrom", rdf.NewLiteral("2024-01-"+strconv.Itoa(10+i%20)+"T00:00:00Z", "http://www.w3.org/2001/XMLSchema#dateTime"))
		}
	}
	return quads
}

func BenchmarkCanonicalize(b *testing.B) {
	inputs := []struct {
		name  string
		quads []rdf.Quad
	}{
		{"credential-70q-6b", credentialLike(6, 70)},
		{"credential-230q-25b", credentialLike(25, 230)},
		{"w3c-test020-diamond", loadQuads(b, "rdfc10/test020-in.nq")},
		{"w3c-test044-poison-computable", loadQuads(b, "rdfc10/test044-in.nq")},
		{"w3c-test059-19b", loadQuads(b, "rdfc10/test059-in.nq")},
	}
	ctx := context.Background()
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Canonicalize(ctx, in.quads, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCredentialLikeShape(t *testing.T) {
	for _, tt := range []struct{ blanks, quads int }{{6, 70}, {25, 230}} {
		res := canonicalize(t, credentialLike(tt.blanks, tt.quads))
		if len(res.Quads) != tt.quads || len(res.IssuedIdentifiers) != tt.blanks {
			t.Errorf("credentialLike(%d, %d): %d quads, %d blank nodes", tt.blanks, tt.quads, len(res.Quads), len(res.IssuedIdentifiers))
		}
	}
}
