// Package contexts holds the JSON-LD context documents built into clrkit,
// byte for byte as published, keyed by the URL that credentials cite: the
// W3C Verifiable Credentials 2.0 and 1.1 contexts
// (https://www.w3.org/TR/vc-data-model-2.0/#base-context), Data Integrity
// and Multikey (https://www.w3.org/TR/vc-data-integrity/), DID Core, the
// Bitstring Status List, and the 1EdTech Open Badges 3.0 and CLR 2.0 contexts
// with their official extensions (https://www.imsglobal.org/spec/ob/v3p0/).
//
// The public face of these files is the document loader in
// github.com/clrkit/clrkit/proof/ld; this package only owns the data.
// Provenance of every file is in SOURCES.md beside this file.
package contexts
