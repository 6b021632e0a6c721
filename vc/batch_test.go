package vc_test

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/vc"
)

// gauge is an Unpacker that records how many verifications run at once
// (it sees every document first) and unpacks nothing.
type gauge struct{ now, max atomic.Int64 }

func (g *gauge) Unpack(data []byte) ([]byte, bool, error) {
	n := g.now.Add(1)
	for m := g.max.Load(); n > m && !g.max.CompareAndSwap(m, n); m = g.max.Load() {
	}
	time.Sleep(2 * time.Millisecond)
	g.now.Add(-1)
	return nil, false, nil
}

// batch is n documents: good badges, with every third one tampered.
func batch(t testing.TB, n int) ([][]byte, []bool) {
	k := testkit.NewKey(t, 1)
	var docs [][]byte
	var want []bool
	for i := range n {
		doc := signedBadge(t, k, "urn:example:"+strconv.Itoa(i))
		ok := i%3 != 2
		if !ok {
			doc = mutate(t, doc, func(m map[string]any) { m["name"] = "Tampered" })
		}
		docs, want = append(docs, doc), append(want, ok)
	}
	return docs, want
}

func seqOf(docs [][]byte, taken *atomic.Int64) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for _, d := range docs {
			if taken != nil {
				taken.Add(1)
			}
			if !yield(d) {
				return
			}
		}
	}
}

// TestVerifyAll: reports come in the order of the documents, each the
// verdict Verify gives, with no more than Limits.Concurrency verified at
// once and twice that taken ahead.
func TestVerifyAll(t *testing.T) {
	docs, want := batch(t, 20)
	g := &gauge{}
	v := newVerifier(t, func(o *vc.VerifierOptions) {
		o.Limits.Concurrency = 3
		o.Unpackers = []vc.Unpacker{g}
	})
	var taken atomic.Int64
	i := 0
	for r, err := range v.VerifyAll(context.Background(), seqOf(docs, &taken), vc.Expectations{}) {
		require.NotNil(t, r)
		assert.Equal(t, want[i], r.Verified, "document %d: %s", i, r.Summary())
		assert.Equal(t, want[i], err == nil)
		if !want[i] {
			assert.ErrorIs(t, err, vc.ErrNotVerified)
		}
		assert.LessOrEqual(t, taken.Load(), int64(i+1+2*3), "taken ahead of the reports")
		i++
	}
	assert.Equal(t, len(docs), i)
	assert.LessOrEqual(t, g.max.Load(), int64(3), "verifications at once")
	assert.GreaterOrEqual(t, g.max.Load(), int64(2), "they do run concurrently")
}

// TestVerifyAllStops: breaking out stops taking documents; cancelling the
// context ends the batch with the context's error.
func TestVerifyAllStops(t *testing.T) {
	docs, _ := batch(t, 30)
	v := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.Concurrency = 2 })
	var taken atomic.Int64
	n := 0
	for range v.VerifyAll(context.Background(), seqOf(docs, &taken), vc.Expectations{}) {
		if n++; n == 4 {
			break
		}
	}
	assert.LessOrEqual(t, taken.Load(), int64(4+2*2))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	n = 0
	for r, err := range v.VerifyAll(ctx, seqOf(docs, nil), vc.Expectations{}) {
		if n++; n == 3 {
			cancel()
		}
		if r == nil {
			last = err
		}
	}
	assert.True(t, errors.Is(last, context.Canceled), "%v", last)
	assert.Less(t, n, len(docs))

	// Breaking out cancels the verifications in flight: an extension that
	// waits for its context to end (or gives up after a minute) sees it
	// cancelled, and the loop returns only once they have all stopped. Two
	// documents and two workers, so that both run at once: the first
	// passes at once, the second waits.
	var waited, cancelled atomic.Int64
	second := make(chan struct{})
	v = newVerifier(t, func(o *vc.VerifierOptions) {
		o.Limits.Concurrency = 2
		o.Extensions = append(o.Extensions, waitForCancel{first: docs[0], waited: &waited, cancelled: &cancelled, second: second, once: new(sync.Once)})
	})
	start := time.Now()
	for r := range v.VerifyAll(context.Background(), seqOf(docs[:2], nil), vc.Expectations{}) {
		require.True(t, r.Verified, "the first document, which the extension lets through at once")
		break
	}
	assert.Equal(t, int64(1), waited.Load(), "the second verification had stopped when the loop returned")
	assert.Equal(t, int64(1), cancelled.Load(), "the second verification saw its context cancelled")
	assert.Less(t, time.Since(start), 30*time.Second)

	// An empty batch yields nothing.
	for range v.VerifyAll(context.Background(), seqOf(nil, nil), vc.Expectations{}) {
		t.Fatal("a report for no document")
	}
}

// BenchmarkVerifyAll1000 verifies a batch of 1,000 signed badges (a third
// of them tampered) with VerifyAll and one shared Verifier at
// GOMAXPROCS concurrency (run with -cpu 1,2); ns/credential is the figure
// to compare.
func BenchmarkVerifyAll1000(b *testing.B) {
	docs, _ := batch(b, 1000)
	v := newVerifier(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range v.VerifyAll(context.Background(), seqOf(docs, nil), vc.Expectations{}) {
			n++
		}
		if n != len(docs) {
			b.Fatalf("%d reports", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/credential")
}

// waitForCancel is an extension whose content check lasts, for every
// document but first, until the verification's context ends (a minute at
// most), counting the checks and those ended by cancellation. The first
// document's check returns once another has begun waiting (second is
// closed then), so that the loop cannot break out before the second
// verification has reached its check, which it would then never begin.
type waitForCancel struct {
	first             []byte
	waited, cancelled *atomic.Int64
	second            chan struct{}
	once              *sync.Once // closes second
}

func (waitForCancel) Applies(*vc.Document) bool                { return true }
func (waitForCancel) CheckStructure(*vc.Document, *vc.Checker) {}
func (w waitForCancel) CheckContent(ctx context.Context, d *vc.Document, _ vc.Expectations, _ *vc.Checker) {
	if bytes.Equal(d.JSON, bytes.TrimSpace(w.first)) {
		select {
		case <-w.second:
		case <-time.After(time.Minute):
		}
		return
	}
	w.once.Do(func() { close(w.second) })
	select {
	case <-ctx.Done():
		w.cancelled.Add(1)
	case <-time.After(time.Minute):
	}
	w.waited.Add(1)
}

// TestVerifyAllShares: the documents of a batch begin in order (each at
// most Concurrency-1 places after its turn, the workers taking them from
// one queue), and the nested credentials of a batch of CLRs share one pool
// with the batch: no more than 2·Concurrency-1 verifications, nested ones
// included, are in their first step at once. The gauge sees every
// document there and holds it 2 ms, long enough for more running at once
// to show; a verification running only its later steps is not counted, so
// the gauge can miss an excess but never report one that is not there.
func TestVerifyAllShares(t *testing.T) {
	record := readTestdata(t, "clr-3creds.signed.json")
	const n = 2
	var docs [][]byte
	for i := range 8 {
		// Distinct records (the order unpacker tells them apart by their
		// bytes): the same record with white space of its own before it.
		docs = append(docs, append(bytes.Repeat([]byte(" "), i), record...))
	}
	g := &gauge{}
	var mu sync.Mutex
	var order []int
	v := newVerifier(t, func(o *vc.VerifierOptions) {
		o.Limits.Concurrency = n
		o.Unpackers = []vc.Unpacker{g, unpackerFunc(func(data []byte) {
			if i := bytes.IndexFunc(data, func(r rune) bool { return r != ' ' }); i >= 0 && data[i] == '{' && bytes.Equal(data[i:], record) {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
			}
		})}
	})
	i := 0
	for r, err := range v.VerifyAll(context.Background(), seqOf(docs, nil), vc.Expectations{}) {
		require.NoError(t, err)
		require.True(t, r.Verified)
		require.Len(t, r.Nested, 3)
		i++
	}
	assert.Equal(t, len(docs), i)
	assert.LessOrEqual(t, g.max.Load(), int64(2*n-1), "verifications at once, nested ones included")
	require.Len(t, order, len(docs))
	for pos, doc := range order {
		assert.LessOrEqual(t, pos, doc+n-1, "document %d began in place %d: %v", doc, pos, order)
	}
}

// unpackerFunc is an Unpacker that calls f on every document and unpacks
// nothing.
type unpackerFunc func(data []byte)

func (f unpackerFunc) Unpack(data []byte) ([]byte, bool, error) {
	f(data)
	return nil, false, nil
}
