package rdfc_test

import (
	"context"
	"fmt"

	"github.com/clrkit/clrkit/internal/rdf"
	"github.com/clrkit/clrkit/internal/rdfc"
)

func ExampleCanonicalize() {
	quads, err := rdf.ParseNQuads([]byte(`
_:subject <http://schema.org/name> "Ada" .
<urn:uuid:1234> <https://www.w3.org/2018/credentials#credentialSubject> _:subject .
`))
	if err != nil {
		panic(err)
	}
	res, err := rdfc.Canonicalize(context.Background(), quads, rdfc.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s", res.NQuads)
	fmt.Println(res.IssuedIdentifiers["subject"])
	// Output:
	// <urn:uuid:1234> <https://www.w3.org/2018/credentials#credentialSubject> _:c14n0 .
	// _:c14n0 <http://schema.org/name> "Ada" .
	// c14n0
}
