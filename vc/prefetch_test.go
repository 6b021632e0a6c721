package vc_test

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/vc"
)

// TestPrefetchSameReports: a CLR's credentials verified beside its proof
// (Concurrency 2 and 4) give the report that verifying them after it
// (Concurrency 1, no spare worker) gives, the same JSON report, for a
// record that verifies and for one that does not.
func TestPrefetchSameReports(t *testing.T) {
	var started atomic.Int32
	vc.OnPrefetch(func(vc.Prefetched) { started.Add(1) })
	defer vc.OnPrefetch(nil)
	good := readTestdata(t, "clr-3creds.signed.json")
	var m map[string]any
	require.NoError(t, json.Unmarshal(good, &m))
	m["name"] = "Tampered"
	tampered, err := json.Marshal(m)
	require.NoError(t, err)
	for name, doc := range map[string][]byte{"signed": good, "tampered": tampered} {
		var want []byte
		for _, n := range []int{1, 2, 4} {
			v := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.Concurrency = n })
			r, _ := v.Verify(context.Background(), doc, vc.Expectations{})
			require.NotNil(t, r)
			got, err := json.Marshal(r)
			require.NoError(t, err)
			assert.Equal(t, name == "signed", r.Verified, "%s, concurrency %d", name, n)
			if n == 1 {
				want = got
				assert.Len(t, r.Nested, 3, name)
				assert.Zero(t, started.Load(), "no spare worker, no prefetch")
				continue
			}
			assert.JSONEq(t, string(want), string(got), "%s, concurrency %d", name, n)
			assert.Positive(t, started.Swap(0), "%s, concurrency %d: no prefetch", name, n)
		}
	}
}

// TestPrefetchUsed: with a spare worker, the record's credentials are
// verified in the background while the proof is checked; the report holds
// the reports made there, and nothing is still running once Verify
// returns.
func TestPrefetchUsed(t *testing.T) {
	var mu sync.Mutex
	var seen []vc.Prefetched
	vc.OnPrefetch(func(p vc.Prefetched) { mu.Lock(); seen = append(seen, p); mu.Unlock() })
	defer vc.OnPrefetch(nil)

	v := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.Concurrency = 2 })
	// The background goroutine competes with the verifying one for a
	// core: on a loaded machine it may start late for a few records, so
	// up to 50 records, at least 5, until one of its reports was used.
	used := 0
	for n := 0; n < 50 && (n < 5 || used == 0); n++ {
		seen = nil
		r, err := v.Verify(context.Background(), readTestdata(t, "clr-3creds.signed.json"), vc.Expectations{})
		require.NoError(t, err)
		require.True(t, r.Verified, "%+v", r.Errors)
		require.Len(t, seen, 1, "one prefetch, for the record (its credentials hold no credentials)")
		assert.True(t, seen[0].Stopped())
		for i, p := range seen[0].Reports() {
			if p != nil {
				assert.Same(t, p, r.Nested[i], "credential %d", i)
				used++
			}
		}
	}
	assert.Positive(t, used, "no credential was verified in the background")
}

// listsButIgnores lists a record's credentials for prefetching and then
// never verifies them.
type listsButIgnores struct{ clr.Checks }

func (listsButIgnores) CheckContent(context.Context, *vc.Document, vc.Expectations, *vc.Checker) {
}

// TestPrefetchUnused: when documents are listed but never asked for, the
// background has stopped (cancelled if unfinished, and waited for) when
// Verify returns.
func TestPrefetchUnused(t *testing.T) {
	var seen []vc.Prefetched
	vc.OnPrefetch(func(p vc.Prefetched) { seen = append(seen, p) })
	defer vc.OnPrefetch(nil)
	v := prefetchVerifier(t, 2, listsButIgnores{})
	r, err := v.Verify(context.Background(), readTestdata(t, "clr-3creds.signed.json"), vc.Expectations{})
	require.NoError(t, err)
	assert.Empty(t, r.Nested)
	require.Len(t, seen, 1)
	assert.True(t, seen[0].Stopped())
}

// TestPrefetchAskedTwice: an extension registered twice asks for the
// record's credentials twice; the second request verifies them anew rather
// than waiting for a report that will never come (it hung before).
func TestPrefetchAskedTwice(t *testing.T) {
	v := prefetchVerifier(t, 2, clr.Checks{}, clr.Checks{})
	for range 10 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		done := make(chan *vc.Report, 1)
		go func() {
			r, _ := v.Verify(ctx, readTestdata(t, "clr-3creds.signed.json"), vc.Expectations{})
			done <- r
		}()
		select {
		case r := <-done:
			require.NotNil(t, r)
			assert.True(t, r.Verified, "%+v", r.Errors)
			assert.Len(t, r.Nested, 6, "three credentials, asked for twice")
		case <-time.After(30 * time.Second):
			t.Fatal("Verify did not return")
		}
		cancel()
	}
}

// TestPrefetchTakenOnce: a report made in the background goes to one
// request only. A presentation holding a CLR whose extension is registered
// twice asks for the record's credentials twice: each place in the report
// gets a report of its own, with the paths a verification without the
// prefetch gives (a shared report had its paths prefixed twice).
func TestPrefetchTakenOnce(t *testing.T) {
	var record map[string]any
	require.NoError(t, json.Unmarshal(readTestdata(t, "clr-3creds.signed.json"), &record))
	vp, err := json.Marshal(map[string]any{
		"@context":             []any{vc.ContextV2},
		"type":                 "VerifiablePresentation",
		"verifiableCredential": []any{record},
	})
	require.NoError(t, err)
	var started atomic.Int32
	vc.OnPrefetch(func(vc.Prefetched) { started.Add(1) })
	defer vc.OnPrefetch(nil)
	verify := func(conc int) *vc.Report {
		v := prefetchVerifier(t, conc, clr.Checks{}, clr.Checks{})
		r, _ := v.Verify(context.Background(), vp, vc.Expectations{})
		require.NotNil(t, r)
		require.Len(t, r.Nested, 1)
		require.Len(t, r.Nested[0].Nested, 6, "three credentials, asked for twice")
		return r
	}
	want, err := json.Marshal(verify(1))
	require.NoError(t, err)
	require.Zero(t, started.Load(), "no spare worker, no prefetch")
	for range 5 {
		r := verify(4)
		got, err := json.Marshal(r)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got))
		assert.Positive(t, started.Swap(0), "no prefetch")
		n := r.Nested[0].Nested
		for i := range 3 {
			assert.NotSame(t, n[i], n[i+3], "credential %d", i)
		}
	}
}

// asksDirectly lists a record's credentials and verifies them with
// VerifyNestedAll itself, with the Expectations it was given (not through
// CheckNested, which marks them as held), after calling wait.
type asksDirectly struct {
	clr.Checks
	wait func()
}

func (a asksDirectly) CheckContent(ctx context.Context, d *vc.Document, exp vc.Expectations, ck *vc.Checker) {
	a.wait()
	docs, paths := clr.Checks{}.NestedDocuments(d)
	r := ck.Report()
	r.Nested = append(r.Nested, ck.VerifyNestedAll(ctx, docs, paths, exp)...)
}

// TestPrefetchTakenByVerifyNestedAll: an extension that calls
// VerifyNestedAll directly takes the reports made in the background when
// verifying with its Expectations comes to the same (no recipient
// expected), instead of verifying the documents a second time. The
// extension waits for the background's first report, so that there is
// always one to take.
func TestPrefetchTakenByVerifyNestedAll(t *testing.T) {
	var seen []vc.Prefetched
	vc.OnPrefetch(func(p vc.Prefetched) { seen = append(seen, p) })
	defer vc.OnPrefetch(nil)
	v := prefetchVerifier(t, 2, asksDirectly{wait: func() { seen[len(seen)-1].WaitFirst() }})
	for range 5 {
		seen = nil
		r, _ := v.Verify(context.Background(), readTestdata(t, "clr-3creds.signed.json"), vc.Expectations{})
		require.Len(t, r.Nested, 3)
		require.Len(t, seen, 1)
		taken := 0
		for i, p := range seen[0].Reports() {
			if p != nil {
				assert.Same(t, p, r.Nested[i], "credential %d: verified twice", i)
				taken++
			}
		}
		assert.Positive(t, taken, "no report was taken from the background")
	}
}

// TestTreeReusedEndToEnd: verifying a record, alone or inside a
// presentation, the documents inside take their trees from the document
// holding them: the record's three credentials, and the record itself.
func TestTreeReusedEndToEnd(t *testing.T) {
	var reused atomic.Int32
	vc.OnTreeReused(func() { reused.Add(1) })
	defer vc.OnTreeReused(nil)
	record := readTestdata(t, "clr-3creds.signed.json")
	v := newVerifier(t)
	r, _ := v.Verify(context.Background(), record, vc.Expectations{})
	require.True(t, r.Verified, "%+v", r.Errors)
	assert.EqualValues(t, 3, reused.Swap(0), "the record's credentials")

	var m map[string]any
	require.NoError(t, json.Unmarshal(record, &m))
	vp, err := json.Marshal(map[string]any{"@context": []any{vc.ContextV2}, "type": "VerifiablePresentation", "verifiableCredential": []any{m}})
	require.NoError(t, err)
	v = newVerifier(t, func(o *vc.VerifierOptions) { o.AllowUnsignedPresentations = true })
	r, _ = v.Verify(context.Background(), vp, vc.Expectations{})
	require.Len(t, r.Nested, 1)
	require.True(t, r.Nested[0].Verified, "%+v", r.Nested[0].Errors)
	assert.EqualValues(t, 4, reused.Load(), "the record and its credentials")
}

// prefetchVerifier is a verifier of the test keys and clock, with the
// given concurrency and extensions.
func prefetchVerifier(t *testing.T, concurrency int, extensions ...vc.Extension) *vc.Verifier {
	t.Helper()
	v, err := vc.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock,
		Limits: vc.Limits{Concurrency: concurrency}, Extensions: extensions})
	require.NoError(t, err)
	return v
}
