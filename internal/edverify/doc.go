// Package edverify checks Ed25519 signatures (RFC 8032 section 5.1.7,
// https://www.rfc-editor.org/rfc/rfc8032#section-5.1.7) with exactly the
// verdicts of the standard library's crypto/ed25519.Verify, about twice as
// fast.
//
// One signature check is the largest single cost of verifying an Open
// Badges credential signed with eddsa-rdfc-2022 (W3C Data Integrity EdDSA
// Cryptosuites v1.0), and the whole cost of its floor. Verify hands the
// check to github.com/oasisprotocol/curve25519-voi, whose field arithmetic
// uses AVX2 on amd64 where the CPU has it, configured with that library's
// preset for the standard library's rules:
//
//   - the equation is the cofactorless [S]B = R + [k]A;
//   - S must be canonical (below the group order L), so a signature is not
//     malleable;
//   - R must be the canonical encoding of the point the check computes;
//   - A may be any encoding that decodes to a curve point, canonical or not,
//     of small order or not.
//
// Those rules are what decide the rare signatures that implementations
// disagree on ("Taming the many EdDSAs", Chalkias, Garillot and Nikolaenko,
// 2020): keeping the standard library's means a credential verifies with
// clrkit exactly when it does with any Go verifier built on crypto/ed25519.
// The tests hold the two to that on the paper's cases, on every vector of
// C2SP's ed25519vectors and of Wycheproof's EdDSA suite, on mutations of
// valid signatures, and under fuzzing.
//
// The curve point of each public key is decoded once and kept, with the
// multiples of it the check uses, for up to 256 keys (about 400 KB): a
// verifier meets the same issuers' keys again and again, and that spares
// about a sixth of every later check. A key seen only once costs what it
// did without the cache; a full cache drops an arbitrary entry.
//
// Only verification goes through here: it handles public data only, so the
// constant-time concerns of signing do not arise, and signing stays with
// crypto/ed25519. In FIPS 140-3 mode (crypto/fips140.Enabled, for example
// GODEBUG=fips140=on) Verify calls crypto/ed25519, as the Go Cryptographic
// Module must do the check; building with the tag clrkit_stdlib_ed25519
// does the same always and leaves curve25519-voi out of the binary.
package edverify
