// Package rdfc implements RDF Dataset Canonicalization, RDFC-1.0
// (https://www.w3.org/TR/rdf-canon/).
//
// Canonicalize gives every blank node of a dataset a deterministic label
// (c14n0, c14n1, ...) that depends only on the dataset's structure, not on
// the labels or statement order of the input, and returns the dataset as a
// sorted canonical N-Quads document. Signing and verifying Data Integrity
// proofs such as eddsa-rdfc-2022 hash that document.
//
// Some datasets (highly symmetric blank-node graphs) make the algorithm's
// Hash N-Degree Quads step explode combinatorially. Canonicalize counts the
// calls of that step and stops with ErrWorkLimit once a limit is exceeded, and
// it also stops when its context is cancelled, so untrusted input cannot pin
// a CPU.
package rdfc
