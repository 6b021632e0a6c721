// Package rdf holds the RDF 1.1 data types shared by clrkit's JSON-LD
// processor and its RDFC-1.0 canonicalizer, with an N-Quads parser and a
// serializer that writes the canonical N-Quads form.
//
// Specifications: RDF 1.1 Concepts (https://www.w3.org/TR/rdf11-concepts/),
// RDF 1.1 N-Quads (https://www.w3.org/TR/n-quads/) and the canonical N-Quads
// form of RDF Dataset Canonicalization (https://www.w3.org/TR/rdf-canon/#canonical-quads).
package rdf
