package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/clrkit/clrkit/vc/api"
)

// Run runs the suite, opening a new, empty store with open for each test.
func Run(t *testing.T, open func(t *testing.T) api.Store) {
	t.Run("Upsert", func(t *testing.T) { upsert(t, open(t)) })
	t.Run("Paging", func(t *testing.T) { paging(t, open(t)) })
	t.Run("Profiles", func(t *testing.T) { profiles(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { concurrent(t, open(t)) })
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func cred(issuer, id string, validFrom time.Time, body string) api.StoredCredential {
	return api.StoredCredential{IssuerID: issuer, ID: id, ValidFrom: validFrom, Format: api.FormatJSON, Body: []byte(body)}
}

func upsert(t *testing.T, s api.Store) {
	ctx := context.Background()
	for i, step := range []struct {
		c    api.StoredCredential
		want api.Outcome
	}{
		{cred("did:example:a", "urn:c:1", t0, `{"v":1}`), api.Created},
		{cred("did:example:a", "urn:c:1", t0, `{"v":2}`), api.NotNewer},
		{cred("did:example:a", "urn:c:1", t0.Add(-time.Second), `{"v":3}`), api.NotNewer},
		{cred("did:example:a", "urn:c:1", t0.Add(time.Nanosecond*1000), `{"v":4}`), api.Replaced},
		{cred("did:example:b", "urn:c:1", t0, `{"v":5}`), api.Created}, // another issuer: another credential
		{api.StoredCredential{IssuerID: "did:example:a", ID: "urn:c:2", ValidFrom: t0, Format: api.FormatJWS, Body: []byte("a.b.c")}, api.Created},
	} {
		got, err := s.UpsertCredential(ctx, "alice", step.c)
		if err != nil || got != step.want {
			t.Fatalf("step %d: %v, %v; want %v", i, got, err, step.want)
		}
	}
	page, total, err := s.Credentials(ctx, "alice", api.Query{})
	if err != nil || total != 3 || len(page) != 3 {
		t.Fatalf("%d credentials of %d, %v", len(page), total, err)
	}
	if string(page[0].Body) != `{"v":4}` || !page[0].ValidFrom.Equal(t0.Add(time.Microsecond)) {
		t.Errorf("the replaced credential: %s from %v", page[0].Body, page[0].ValidFrom)
	}
	if page[2].Format != api.FormatJWS || string(page[2].Body) != "a.b.c" {
		t.Errorf("the JWS: %+v", page[2])
	}
	if _, err := s.UpsertCredential(ctx, "alice", cred("", "urn:c:3", t0, "{}")); err == nil {
		t.Error("a credential without an issuer id was stored")
	}
	for _, y := range []int{0, 10000} {
		if _, err := s.UpsertCredential(ctx, "alice", cred("did:example:a", "urn:c:4", time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC), "{}")); err == nil {
			t.Errorf("a validFrom in the year %d was stored", y)
		}
	}
	// Times are kept to the microsecond: finer differences are the same
	// time everywhere (PostgreSQL keeps no finer one).
	fine := t0.Add(123456700 * time.Nanosecond)
	if out, err := s.UpsertCredential(ctx, "alice", cred("did:example:a", "urn:c:5", fine, "{}")); err != nil || out != api.Created {
		t.Fatalf("a sub-microsecond validFrom: %v, %v", out, err)
	}
	if out, err := s.UpsertCredential(ctx, "alice", cred("did:example:a", "urn:c:5", fine.Add(200*time.Nanosecond), "{}")); err != nil || out != api.NotNewer {
		t.Fatalf("the same microsecond again: %v, %v; want NotNewer", out, err)
	}
	if page, total, err := s.Credentials(ctx, "alice", api.Query{Limit: 3}); err != nil || total != 4 || len(page) != 3 {
		t.Fatalf("limit 3: %d of %d, %v", len(page), total, err)
	}
	if page, total, _ := s.Credentials(ctx, "bob", api.Query{}); total != 0 || len(page) != 0 {
		t.Errorf("bob sees %d of alice's credentials", total)
	}
}

// paging: 25 credentials, in the order they were created (a replacement
// keeps its place), a page at a time; since counts and selects by
// validFrom.
func paging(t *testing.T, s api.Store) {
	ctx := context.Background()
	for i := range 25 {
		// validFrom runs backwards, so that creation order and validFrom
		// order differ.
		if _, err := s.UpsertCredential(ctx, "alice", cred("did:example:a", fmt.Sprintf("urn:c:%02d", i), t0.Add(-time.Duration(i)*time.Hour), "{}")); err != nil {
			t.Fatal(err)
		}
	}
	if out, _ := s.UpsertCredential(ctx, "alice", cred("did:example:a", "urn:c:03", t0.Add(time.Hour), `{"new":true}`)); out != api.Replaced {
		t.Fatalf("replacing: %v", out)
	}
	for _, c := range []struct{ limit, offset, want, first int }{{10, 0, 10, 0}, {10, 10, 10, 10}, {10, 20, 5, 20}, {10, 30, 0, -1}, {0, 0, 25, 0}, {0, 24, 1, 24}} {
		page, total, err := s.Credentials(ctx, "alice", api.Query{Limit: c.limit, Offset: c.offset})
		if err != nil || total != 25 || len(page) != c.want {
			t.Fatalf("limit %d offset %d: %d of %d, %v", c.limit, c.offset, len(page), total, err)
		}
		for i, got := range page {
			if want := fmt.Sprintf("urn:c:%02d", c.first+i); got.ID != want {
				t.Fatalf("limit %d offset %d: #%d is %s, want %s", c.limit, c.offset, i, got.ID, want)
			}
		}
	}
	// Valid from after t0 - 4h30: urn:c:00..04 (03 replaced to t0 + 1h).
	page, total, err := s.Credentials(ctx, "alice", api.Query{Since: t0.Add(-4*time.Hour - 30*time.Minute), Limit: 3, Offset: 1})
	if err != nil || total != 5 || len(page) != 3 || page[0].ID != "urn:c:01" || page[2].ID != "urn:c:03" {
		t.Fatalf("since: %d of %d (%v), %v", len(page), total, ids(page), err)
	}
	if _, total, _ := s.Credentials(ctx, "alice", api.Query{Since: t0}); total != 1 {
		t.Fatalf("since t0 (only the one replaced to t0 + 1h is after it): %d", total)
	}
}

func ids(cs []api.StoredCredential) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func profiles(t *testing.T, s api.Store) {
	ctx := context.Background()
	if _, err := s.Profile(ctx, "alice"); !errors.Is(err, api.ErrNotFound) {
		t.Fatalf("no profile yet: %v", err)
	}
	for _, p := range []string{`{"id":"https://e.org/1","type":"Profile"}`, `{"id":"https://e.org/1","type":"Profile","name":"E"}`} {
		if err := s.PutProfile(ctx, "alice", []byte(p)); err != nil {
			t.Fatal(err)
		}
		got, err := s.Profile(ctx, "alice")
		if err != nil || string(got) != p {
			t.Fatalf("profile %s, %v; want %s", got, err, p)
		}
	}
	if _, err := s.Profile(ctx, "bob"); !errors.Is(err, api.ErrNotFound) {
		t.Fatalf("bob's profile: %v", err)
	}
}

// RunShared runs the concurrency test with the goroutines spread over
// stores, which must share their storage (several servers on one
// database), new and empty.
func RunShared(t *testing.T, stores ...api.Store) { concurrent(t, stores...) }

// concurrent: 16 goroutines upsert, for a bounded time, credentials drawn
// from a pool of 40 with random validFroms, through stores in turn; each
// credential is created once, and the one kept is the newest acknowledged.
func concurrent(t *testing.T, stores ...api.Store) {
	ctx := context.Background()
	deadline := time.Now().Add(500 * time.Millisecond)
	var mu sync.Mutex
	created := map[string]int{}
	newest := map[string]time.Time{}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 7))
			for time.Now().Before(deadline) {
				id := fmt.Sprintf("urn:c:%d", r.IntN(40))
				when := t0.Add(time.Duration(r.IntN(1_000_000)) * time.Millisecond)
				out, err := stores[g%len(stores)].UpsertCredential(ctx, "alice", cred("did:example:a", id, when, fmt.Sprintf(`{"when":%q}`, when.Format(time.RFC3339Nano))))
				if err != nil {
					t.Errorf("%s: %v", id, err)
					return
				}
				mu.Lock()
				if out == api.Created {
					created[id]++
				}
				if out != api.NotNewer && when.After(newest[id]) {
					newest[id] = when
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	page, total, err := stores[0].Credentials(ctx, "alice", api.Query{})
	if err != nil || total != len(page) || total != len(created) {
		t.Fatalf("%d stored (%d listed), %d created, %v", total, len(page), len(created), err)
	}
	for id, n := range created {
		if n != 1 {
			t.Errorf("%s created %d times", id, n)
		}
	}
	seen := map[string]bool{}
	for _, c := range page {
		if seen[c.ID] {
			t.Errorf("%s listed twice", c.ID)
		}
		seen[c.ID] = true
		if !c.ValidFrom.Equal(newest[c.ID]) {
			t.Errorf("%s: kept %v, the newest acknowledged is %v", c.ID, c.ValidFrom, newest[c.ID])
		}
	}
}

// Bench measures a store: upserting a new credential, replacing one, and
// reading a page of 100 of 1,000.
func Bench(b *testing.B, open func(b *testing.B) api.Store) {
	ctx := context.Background()
	body := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]}`)
	b.Run("Create", func(b *testing.B) {
		s := open(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c := api.StoredCredential{IssuerID: "did:example:a", ID: fmt.Sprintf("urn:c:%d", i), ValidFrom: t0, Body: body}
			if _, err := s.UpsertCredential(ctx, "alice", c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Replace", func(b *testing.B) {
		s := open(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c := api.StoredCredential{IssuerID: "did:example:a", ID: "urn:c:1", ValidFrom: t0.Add(time.Duration(i) * time.Second), Body: body}
			if _, err := s.UpsertCredential(ctx, "alice", c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Page100", func(b *testing.B) {
		s := open(b)
		for i := range 1000 {
			c := api.StoredCredential{IssuerID: "did:example:a", ID: fmt.Sprintf("urn:c:%d", i), ValidFrom: t0, Body: body}
			if _, err := s.UpsertCredential(ctx, "alice", c); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if page, _, err := s.Credentials(ctx, "alice", api.Query{Limit: 100, Offset: (i % 10) * 100}); err != nil || len(page) != 100 {
				b.Fatal(len(page), err)
			}
		}
	})
}
