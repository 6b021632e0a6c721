// Package statuslist is the issuer's side of W3C Bitstring Status List v1.0
// (https://www.w3.org/TR/vc-bitstring-status-list/): the status list that a
// credential's BitstringStatusListEntry points to, so that its issuer can
// revoke or suspend it later and any verifier can check that without asking
// the issuer about that credential.
//
// A List is the bitstring (section 2.1: one bit per credential for the
// revocation and suspension purposes, at least 131,072 entries so that an
// entry does not single its holder out, index 0 the left-most bit of the
// first byte). Encode writes it as the specification's encodedList: the
// GZIP-compressed bitstring, base64url without padding, with the multibase
// prefix "u" (section 2.2). Entry is the credentialStatus member a
// credential carries (section 2.1), and Credential the unsigned
// BitstringStatusListCredential that publishes a list (section 2.2), ready
// for proof.Sign with the issuer's key. Allocations hands out the entries
// of a list, each once, at indexes chosen uniformly at random among the
// free ones (section 6.1: an index must not tell when or to whom a
// credential was issued).
//
// A Store keeps issuers' lists, their allocations and each credential's
// entry (by credential id, unique within a store), every change atomic:
// MemoryStore in memory, for tests;
// sqlitestore in an SQLite file (pure Go, nothing to install); pgstore in
// PostgreSQL, for several servers on one database. The suite in storetest
// holds every Store to the same contract. Store.SetStatus revokes,
// suspends and lifts a suspension; a revocation is final (section 2.1),
// and clearing one is ErrIrreversible.
//
// An Issuer is one issuer's side of a Store: Allocate gives a credential
// its entries, AddStatus writes them into a credential's JSON before it is
// signed, and Entry.CredentialStatus hands one to the OB 3.0 and CLR 2.0
// builders. A Publisher serves the issuer's lists where the entries point,
// as BitstringStatusListCredentials signed with the issuer's key, signing
// each list again only when it has changed, with Cache-Control, the same
// time as the list's ttl (section 2.2: how long a verifier may keep it),
// and ETags; its Client lets a verifier in the same server read the lists
// without the network.
//
// The verifier's side is the vc package's status check, which reads exactly
// what this package writes (the tests hold the two together).
package statuslist
