// Package rdfc implements RDF Dataset Canonicalization, RDFC-1.0
// (https://www.w3.org/TR/rdf-canon/).
//
// Canonicalize gives every blank node of a dataset a deterministic label
// (c14n0, c14n1, ...) that depends only on the dataset's structure, not on
// the labels or statement order of the input, and returns the dataset as a
// sorted canonical N-Quads document. Signing and verifying Data Integrity
// proofs such as eddsa-rdfc-2022 hash that document.
//
// # Work limit
//
// Some datasets (highly symmetric blank-node graphs) make the algorithm's
// Hash N-Degree Quads step explode combinatorially. Canonicalize measures
// what that step does in units of work and stops with ErrWorkLimit once a
// budget (Options.MaxWork, by default DefaultMaxWork) is exceeded; it also
// stops when its context is cancelled, so untrusted input cannot pin a CPU.
//
// Most datasets need no work at all: blank nodes that their first-degree
// hashes tell apart are labelled in time roughly linear in the size of the
// dataset, which the caller bounds. Hash N-Degree Quads, which runs on
// blank nodes that share a first-degree hash, is charged
//
//   - 1 unit per call, recursive calls included;
//   - 1 unit per related blank node it hashes (Hash Related Blank Node),
//     plus 1 per 64 bytes of hash input, so that long predicate IRIs are
//     paid for;
//   - 1 unit per blank node placed in a candidate path, in every
//     permutation tried;
//   - 1 unit per identifier of the temporary issuer that is saved or
//     restored when a permutation becomes, or is replaced by, the best one.
//
// Everything else it does (sorting, assembling and hashing the data to
// hash, comparing paths) is proportional to these counts, and the state of
// the temporary issuer is rolled back rather than copied for each
// permutation. A unit therefore stands for a small amount of computation
// that does not grow with the dataset: between about 20 and 350
// nanoseconds on a current x86-64 core, depending on the shape of the
// graph.
package rdfc
