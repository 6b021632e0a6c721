package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc/statuslist"
)

// Run runs the suite, opening a new, empty store with open for each test.
func Run(t *testing.T, open func(t *testing.T) statuslist.Store) {
	t.Run("AllocateAndRevoke", func(t *testing.T) { allocateAndRevoke(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { notFound(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { concurrent(t, open(t)) })
	t.Run("IssuersAndBases", func(t *testing.T) { issuersAndBases(t, open(t)) })
	t.Run("Canceled", func(t *testing.T) { canceled(t, open(t)) })
}

func listURL(issuer, purpose string) func(int) string {
	return func(n int) string {
		return "https://example.edu/status/" + issuer + "/" + purpose + "/" + strconv.Itoa(n)
	}
}

// allocateAndRevoke: entries go to the first list, once per credential and
// purpose; setting and clearing a bit shows in Entry and in the list, and
// counts as a change of the list.
func allocateAndRevoke(t *testing.T, s statuslist.Store) {
	ctx := context.Background()
	defer s.Close()
	e1, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:1", listURL("iss", "revocation"))
	if err != nil {
		t.Fatal(err)
	}
	if e1.ListCredential != "https://example.edu/status/iss/revocation/1" || e1.Purpose != statuslist.PurposeRevocation {
		t.Fatalf("entry %+v", e1)
	}
	again, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:1", listURL("iss", "revocation"))
	if err != nil || again != e1 {
		t.Fatalf("the same credential again: %+v, %v; want %+v", again, err, e1)
	}
	e2, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:2", listURL("iss", "revocation"))
	if err != nil || e2.Index == e1.Index || e2.ListCredential != e1.ListCredential {
		t.Fatalf("a second credential: %+v, %v", e2, err)
	}
	susp, err := s.Allocate(ctx, "iss", statuslist.PurposeSuspension, "urn:c:1", listURL("iss", "suspension"))
	if err != nil || susp.ListCredential != "https://example.edu/status/iss/suspension/1" {
		t.Fatalf("suspension entry: %+v, %v", susp, err)
	}

	before, err := s.List(ctx, e1.ListCredential)
	if err != nil {
		t.Fatal(err)
	}
	if before.Allocated != 2 || before.Issuer != "iss" || before.Purpose != statuslist.PurposeRevocation {
		t.Fatalf("list %+v", before)
	}
	if err := s.SetStatus(ctx, "urn:c:1", statuslist.PurposeRevocation, true); err != nil {
		t.Fatal(err)
	}
	_, set, err := s.Entry(ctx, "urn:c:1", statuslist.PurposeRevocation)
	if err != nil || !set {
		t.Fatalf("entry after revocation: set %v, %v", set, err)
	}
	after, err := s.List(ctx, e1.ListCredential)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := after.Bits.Get(e1.Index); !got {
		t.Fatal("the revocation is not in the list")
	}
	if got, _ := after.Bits.Get(e2.Index); got {
		t.Fatal("another credential's bit is set")
	}
	if after.Version <= before.Version {
		t.Fatalf("version %d after a change, %d before", after.Version, before.Version)
	}
	if got, _ := before.Bits.Get(e1.Index); got {
		t.Fatal("a list returned earlier changed afterwards")
	}
	// Revoking again changes nothing; undoing a revocation is refused.
	if err := s.SetStatus(ctx, "urn:c:1", statuslist.PurposeRevocation, true); err != nil {
		t.Fatalf("revoking twice: %v", err)
	}
	if err := s.SetStatus(ctx, "urn:c:1", statuslist.PurposeRevocation, false); !errors.Is(err, statuslist.ErrIrreversible) {
		t.Fatalf("clearing a revocation: %v, want ErrIrreversible", err)
	}
	if again, _ := s.List(ctx, e1.ListCredential); again.Version != after.Version {
		t.Fatalf("version %d after changes that changed nothing, %d before", again.Version, after.Version)
	}
	if _, set, _ := s.Entry(ctx, "urn:c:1", statuslist.PurposeRevocation); !set {
		t.Fatal("a refused reinstatement cleared the revocation")
	}
	// Suspension comes and goes.
	for _, set := range []bool{true, false, true} {
		if err := s.SetStatus(ctx, "urn:c:1", statuslist.PurposeSuspension, set); err != nil {
			t.Fatalf("suspension %v: %v", set, err)
		}
		if _, got, err := s.Entry(ctx, "urn:c:1", statuslist.PurposeSuspension); err != nil || got != set {
			t.Fatalf("suspension set to %v reads %v, %v", set, got, err)
		}
	}
	if l, _ := s.List(ctx, susp.ListCredential); l.Version != 3 {
		t.Fatalf("the suspension list changed 3 times, version %d", l.Version)
	}
}

func notFound(t *testing.T, s statuslist.Store) {
	ctx := context.Background()
	defer s.Close()
	if err := s.SetStatus(ctx, "urn:none", statuslist.PurposeRevocation, true); !errors.Is(err, statuslist.ErrNotFound) {
		t.Errorf("SetStatus of an unknown credential: %v", err)
	}
	if _, _, err := s.Entry(ctx, "urn:none", statuslist.PurposeRevocation); !errors.Is(err, statuslist.ErrNotFound) {
		t.Errorf("Entry of an unknown credential: %v", err)
	}
	if _, err := s.List(ctx, "https://example.edu/none"); !errors.Is(err, statuslist.ErrNotFound) {
		t.Errorf("List of an unknown URL: %v", err)
	}
}

// concurrent: 16 goroutines allocate and revoke for a bounded time; every
// entry is unique, every revocation is in the list a Publisher serves
// (signed and encoded), and the lists count every allocation once.
func concurrent(t *testing.T, s statuslist.Store) {
	const issuer = "did:example:iss" // a URI: the lists are signed
	ctx := context.Background()
	defer s.Close()
	deadline := time.Now().Add(500 * time.Millisecond)
	var mu sync.Mutex
	entries := map[string]statuslist.Entry{}
	revoked := map[string]bool{}
	var n atomic.Int64
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				id := fmt.Sprintf("urn:c:%d:%d", g, i)
				e, err := s.Allocate(ctx, issuer, statuslist.PurposeRevocation, id, listURL("iss", "revocation"))
				if err != nil {
					t.Errorf("allocate %s: %v", id, err)
					return
				}
				n.Add(1)
				rev := i%3 == 0
				if rev {
					if err := s.SetStatus(ctx, id, statuslist.PurposeRevocation, true); err != nil {
						t.Errorf("revoke %s: %v", id, err)
						return
					}
				}
				mu.Lock()
				entries[id], revoked[id] = e, rev
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if n.Load() == 0 {
		t.Fatal("nothing was allocated")
	}
	// Every entry is checked in the list as a Publisher serves it: signed,
	// encoded, fetched over HTTP.
	pub := publisher(t, s, issuer)
	seen := map[statuslist.Entry]string{}
	lists := map[string]*statuslist.List{}
	for id, e := range entries {
		if other, dup := seen[e]; dup {
			t.Fatalf("%s and %s share the entry %+v", id, other, e)
		}
		seen[e] = id
		l := lists[e.ListCredential]
		if l == nil {
			l = published(t, pub, e.ListCredential)
			lists[e.ListCredential] = l
		}
		if got, _ := l.Get(e.Index); got != revoked[id] {
			t.Fatalf("%s: bit %v in the published list, revoked %v", id, got, revoked[id])
		}
	}
	total := 0
	for u := range lists {
		l, err := s.List(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		total += l.Allocated
	}
	if total != len(entries) {
		t.Fatalf("lists count %d allocations, %d were made", total, len(entries))
	}
}

// RunRollover checks that a full list makes way for the issuer's next one:
// open returns a new store and fill, which hands out every entry of the
// list at url but leaveFree (a test hook, as filling 131,072 entries one
// by one through SQL would take minutes).
func RunRollover(t *testing.T, open func(t *testing.T) (statuslist.Store, func(url string, leaveFree int) error)) {
	ctx := context.Background()
	s, fill := open(t)
	defer s.Close()
	u := listURL("iss", "revocation")
	first, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:first", u)
	if err != nil {
		t.Fatal(err)
	}
	if err := fill(first.ListCredential, 3); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, fmt.Sprintf("urn:c:%d", i), u)
		if err != nil || e.ListCredential != u(1) {
			t.Fatalf("allocation %d of the last three: %+v, %v", i, e, err)
		}
	}
	e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:next", u)
	if err != nil || e.ListCredential != u(2) {
		t.Fatalf("past the full list: %+v, %v; want an entry of %s", e, err, u(2))
	}
	l, err := s.List(ctx, u(2))
	if err != nil || l.Allocated != 1 {
		t.Fatalf("the new list: %+v, %v", l, err)
	}
}

// Fill hands out every entry of a saved allocation record (as
// Allocations.Bytes returns it) but leaveFree, and returns the record and
// its count to save back: what a store's RunRollover hook writes.
func Fill(record []byte, leaveFree int) ([]byte, int, error) {
	a, err := statuslist.AllocationsFrom(record)
	if err != nil {
		return nil, 0, err
	}
	for a.Len()-a.Count() > leaveFree {
		if _, err := a.Take(); err != nil {
			return nil, 0, err
		}
	}
	return a.Bytes(), a.Count(), nil
}

// listsByBase returns list URLs under base: base/n.
func listsByBase(base string) func(int) string {
	return func(n int) string { return base + "/" + strconv.Itoa(n) }
}

// issuersAndBases: an id with an entry of one issuer is refused to
// another; a changed base URL opens the next list at once; an empty or
// taken URL for a new list is refused, and nothing is allocated then.
func issuersAndBases(t *testing.T, s statuslist.Store) {
	ctx := context.Background()
	defer s.Close()
	a, err := s.Allocate(ctx, "A", statuslist.PurposeRevocation, "urn:c:1", listsByBase("https://a.example/s"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Allocate(ctx, "B", statuslist.PurposeRevocation, "urn:c:1", listsByBase("https://b.example/s")); !errors.Is(err, statuslist.ErrIDInUse) {
		t.Fatalf("another issuer's id: %v, want ErrIDInUse", err)
	}
	if again, err := s.Allocate(ctx, "A", statuslist.PurposeRevocation, "urn:c:1", listsByBase("https://a.example/s")); err != nil || again != a {
		t.Fatalf("the owner again: %+v, %v", again, err)
	}

	moved, err := s.Allocate(ctx, "A", statuslist.PurposeRevocation, "urn:c:2", listsByBase("https://a.example/moved"))
	if err != nil || moved.ListCredential != "https://a.example/moved/2" {
		t.Fatalf("after the base URL changed: %+v, %v; want an entry of https://a.example/moved/2", moved, err)
	}
	if e, err := s.Allocate(ctx, "A", statuslist.PurposeRevocation, "urn:c:3", listsByBase("https://a.example/moved")); err != nil || e.ListCredential != moved.ListCredential {
		t.Fatalf("the new list is used from then on: %+v, %v", e, err)
	}
	if _, _, err := s.Entry(ctx, "urn:c:1", statuslist.PurposeRevocation); err != nil {
		t.Fatalf("the entry in the old list: %v", err)
	}

	empty := func(int) string { return "" }
	if _, err := s.Allocate(ctx, "C", statuslist.PurposeRevocation, "urn:c:4", empty); err == nil {
		t.Fatal("a list with an empty URL was opened")
	}
	taken := func(int) string { return "https://a.example/s/1" }
	if _, err := s.Allocate(ctx, "C", statuslist.PurposeRevocation, "urn:c:4", taken); err == nil {
		t.Fatal("a list was opened at another list's URL")
	}
	if _, _, err := s.Entry(ctx, "urn:c:4", statuslist.PurposeRevocation); !errors.Is(err, statuslist.ErrNotFound) {
		t.Fatalf("a refused allocation left an entry: %v", err)
	}
	if e, err := s.Allocate(ctx, "C", statuslist.PurposeRevocation, "urn:c:4", listsByBase("https://c.example/s")); err != nil || e.ListCredential != "https://c.example/s/1" {
		t.Fatalf("after refusals, the first list is still number 1: %+v, %v", e, err)
	}
}

// canceled: a context that ends during a change makes the method fail or
// the change last; never a nil error for a change the store dropped.
func canceled(t *testing.T, s statuslist.Store) {
	defer s.Close()
	if _, err := s.Allocate(canceledContext(), "iss", statuslist.PurposeRevocation, "urn:c:0", listURL("iss", "revocation")); err == nil {
		t.Error("Allocate with an ended context returned nil")
	}
	ctx, cancel := context.WithCancel(context.Background())
	// newListURL runs inside the transaction that opens the list: the
	// context ends there, before the commit.
	e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:1", func(n int) string {
		cancel()
		return listURL("iss", "revocation")(n)
	})
	if err != nil {
		return // refused: nothing was promised
	}
	got, _, err := s.Entry(context.Background(), "urn:c:1", statuslist.PurposeRevocation)
	if err != nil || got != e {
		t.Fatalf("Allocate returned %+v and nil, but the store holds %+v, %v", e, got, err)
	}
}

func canceledContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// publisher serves the lists of issuer in s, signed with a key made for
// the test (the lists' issuer need not be its DID: Issuer names it).
func publisher(t *testing.T, s statuslist.Store, issuer string) *statuslist.Publisher {
	t.Helper()
	key, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	kf, err := did.NewKeyFile(key, did.KeyFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := statuslist.NewPublisher(statuslist.PublisherOptions{Store: s, BaseURL: "https://example.edu/status", Key: kf, Issuer: issuer,
		Sign: proof.SignOptions{CoSigner: true}})
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// published fetches the list at url from pub and decodes its encodedList.
func published(t *testing.T, pub *statuslist.Publisher, url string) *statuslist.List {
	t.Helper()
	rec := httptest.NewRecorder()
	pub.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, rec.Code, rec.Body)
	}
	var lc struct {
		ID      string `json:"id"`
		Subject struct {
			EncodedList string `json:"encodedList"`
		} `json:"credentialSubject"`
		Proof json.RawMessage `json:"proof"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &lc); err != nil || lc.ID != url || len(lc.Proof) == 0 {
		t.Fatalf("GET %s: not a signed list credential (%v): %.300s", url, err, rec.Body)
	}
	l, err := statuslist.Decode(lc.Subject.EncodedList)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return l
}
