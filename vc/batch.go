package vc

import (
	"context"
	"iter"
	"sync"
)

// VerifyAll verifies every document docs yields, as Verify does each, and
// yields their reports (with Verify's error) in the order of docs: the
// batch a registrar re-verifying its records runs. At most
// Limits.Concurrency documents are verified at once, begun in the order of
// docs, and their nested credentials share Limits.Concurrency-1 more
// goroutines. At most 2·Limits.Concurrency documents are taken from docs
// ahead of the report being yielded (so that a slow document does not
// leave the others' workers idle), so a long sequence is never held in
// memory.
//
// Stopping the loop (break) cancels the documents in flight and returns
// once they have stopped. When ctx is cancelled, no further document is
// taken; the reports of those in flight are yielded (they say what the
// cancellation interrupted), then, if docs was not exhausted, one last
// pair: a nil report and ctx's error. docs is read from the goroutine
// ranging over the result. Each document's bytes must stay unchanged until
// its report is yielded (see Verify); those taken ahead are being read.
func (v *Verifier) VerifyAll(ctx context.Context, docs iter.Seq[[]byte], exp Expectations) iter.Seq2[*Report, error] {
	return func(yield func(*Report, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer func() {
			cancel()  // in-flight work stops,
			wg.Wait() // and is waited for
		}()
		next, stop := iter.Pull(docs)
		defer stop()

		type result struct {
			r   *Report
			err error
		}
		type job struct {
			doc []byte
			out chan result
		}
		n := v.limits.Concurrency
		// The documents are taken by n workers from one queue, so that they
		// begin in the order of docs: the report to yield next is never
		// left waiting behind later documents. The nested verifications of
		// every document share one pool of n-1 extra goroutines, so that a
		// batch of CLRs runs at most 2n-1 verifications at once, not n².
		exp = v.withWorkers(exp)
		jobs := make(chan job, 2*n)
		defer close(jobs) // before the deferred wait: the workers then return
		started := 0
		inFlight := make([]chan result, 0, 2*n) // taken, in the order of docs
		exhausted := false
		for {
			for !exhausted && len(inFlight) < 2*n && ctx.Err() == nil {
				doc, ok := next()
				if !ok {
					exhausted = true
					break
				}
				ch := make(chan result, 1)
				inFlight = append(inFlight, ch)
				jobs <- job{doc, ch} // never blocks: at most 2n are in flight
				if started < n {
					started++
					wg.Add(1)
					go func() {
						defer wg.Done()
						for j := range jobs {
							r, err := v.Verify(ctx, j.doc, exp)
							j.out <- result{r, err}
						}
					}()
				}
			}
			if len(inFlight) == 0 {
				if !exhausted {
					yield(nil, ctx.Err())
				}
				return
			}
			res := <-inFlight[0]
			inFlight = inFlight[1:]
			if !yield(res.r, res.err) {
				return
			}
		}
	}
}
