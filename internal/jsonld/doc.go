// Package jsonld is clrkit's JSON-LD 1.1 processor: expansion and
// deserialization to RDF, the two steps that turn a credential into the RDF
// dataset that RDFC-1.0 canonicalizes for Data Integrity proofs.
//
// It implements, from the JSON-LD 1.1 Processing Algorithms and API
// (https://www.w3.org/TR/json-ld11-api/): Context Processing (4.1), Create
// Term Definition (4.2), IRI Expansion (5.2), Expansion (5.1) and Value
// Expansion (5.3), Node Map Generation (7.2), and Deserialize JSON-LD to
// RDF with Object to RDF and List to RDF (8.1). It passes every applicable
// test of the W3C expand and toRdf suites (testdata/json-ld-api). Compaction,
// flattening, framing, fromRdf and HTML documents are not provided.
//
// A Processor never fetches anything itself: remote contexts come from the
// caller's Loader. It decodes and processes each remote context once, and
// memoizes the result of applying a context list or a scoped (type- or
// property-scoped) context to an active context, so repeated documents cost
// little more than a walk of their own JSON.
//
// Safe mode (Options.Safe) follows jsonld.js's "safe" option: anything that
// would silently lose data or leave a relative or ill-formed IRI in the
// output is an *Error carrying a CodeSafe... code and the JSON pointer of
// the offending member. Long or unusual but well-formed IRIs are kept. It
// goes further than jsonld.js where a document would otherwise sign like a
// different one: @index (which RDF never holds), an array directly inside
// @list of a property that is no @list container (flattened by Expansion
// step 5.2.3, a list of lists to jsonld.js), @json as a node type.
// DecodeJSON refuses input that is not I-JSON.
//
// A caller that takes the statements as a set, as RDFC-1.0 does, says so
// (RDFOptions.AsSet): in safe mode and the specs' dialect the statements are
// then written straight from the expanded document, without a node map
// (setwriter.go), falling back to the node map for the shapes it leaves to
// it (among them a @reverse property, many sensitive values, an @index;
// setWriter's documentation lists them). The two paths give the
// same dataset, Suspect flag, constructs and errors
// (TestSetWriterAgrees, and FuzzToRDF on every input).
//
// Cost is O(n log n) in the size of the input: node map generation finds
// duplicate values by hashing once a property holds many (the set writer
// leaves such a property to it when one of its values is sensitive); the
// term definitions of an active context are a persistent hash trie
// (termmap.go) that derived contexts share; scoped contexts are memoized
// per call when they cannot be on the Processor. Options.MaxQuads (checked
// while the node map is built, and as the set writer writes) and
// Options.MaxTermDefinitions bound the rest.
package jsonld
