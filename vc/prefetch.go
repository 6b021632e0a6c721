package vc

import (
	"bytes"
	"context"
	"sync/atomic"
)

// NestedLister is an optional interface of an Extension whose CheckContent
// verifies documents held inside the credential (through CheckNested or
// VerifyNestedAll): NestedDocuments lists them, with their JSON pointers,
// as CheckContent will pass them. The Verifier calls it as soon as the
// document is read and begins verifying those documents on a spare worker
// (see Limits.Concurrency) while it checks the outer one; the first
// CheckNested or VerifyNestedAll that asks for one of them (same path and
// bytes, and Expectations that verify it the same way) takes the report
// the background made or is making, or, for a document the background has
// not begun, verifies it itself; any later request verifies it anew. The
// reports are the same either way: this only lets a CLR's credentials be
// verified beside its own structure, schema and proof checks. It is called
// once the generic view of the document is read, before CheckStructure,
// for a JSON credential with an embedded proof (not a VC-JWT) that will
// not be replaced by a refreshed one; it must not rely on CheckStructure
// having run, and it lists nothing for a document it cannot read.
type NestedLister interface {
	NestedDocuments(d *Document) (docs [][]byte, paths []string)
}

// prefetch is the verification, begun early, of the documents an
// extension listed (NestedLister). Each job is claimed once, by the
// background goroutine or by the first caller that needs its report
// (VerifyNestedAll), whichever comes first; a caller waits for a job the
// background took, and verifies anew one that a caller took before.
type prefetch struct {
	// nested is what the documents are verified with (Expectations.nested,
	// without the worker pool): a caller's request takes a report only
	// when its own comes to the same.
	nested Expectations
	jobs   []prefetchJob
	byPath map[string][]int // jobs by path
	cancel context.CancelFunc
	done   chan struct{} // closed when the background goroutine has returned
}

type prefetchJob struct {
	doc    []byte
	path   string
	owner  atomic.Int32  // unclaimed, or claimed by the background or a caller
	ready  chan struct{} // closed when report is set, by the background goroutine
	report *Report
}

// The owners of a prefetch job: none yet, the background goroutine, a
// caller verifying it itself, or the caller that took the background's
// report (a later caller verifies anew).
const (
	unclaimed int32 = iota
	byBackground
	byCaller
	taken
)

// startPrefetch begins verifying, on a spare worker, the nested documents
// the extensions that apply to d list, and records the prefetch in h (the
// holder of d's tree) before the work begins. It returns nil when there is
// nothing to list or no worker free, and otherwise a prefetch that the
// caller stops (stop) before returning.
func (v *Verifier) startPrefetch(ctx context.Context, d *Document, exp Expectations, h *holder) *prefetch {
	if v.limits.Concurrency < 2 || d.Credential.RefreshService != nil || h.pre != nil {
		return nil
	}
	var docs [][]byte
	var paths []string
	for _, e := range v.opts.Extensions {
		if l, ok := e.(NestedLister); ok && e.Applies(d) {
			ds, ps := l.NestedDocuments(d)
			if len(ds) != len(ps) {
				return nil // a lister's mistake: verify as if it had listed nothing
			}
			docs, paths = append(docs, ds...), append(paths, ps...)
		}
	}
	if len(docs) == 0 || len(docs) > v.limits.MaxNested {
		return nil
	}
	held := exp
	held.holdsRecipient = true // as CheckNested passes it on
	select {
	case held.workers <- struct{}{}: // verify made the pool
	default:
		return nil // every worker busy: nothing to gain
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &prefetch{nested: held.nestedKey(), cancel: cancel, done: make(chan struct{})}
	p.byPath = make(map[string][]int, len(docs))
	for i := range docs {
		if p.find(docs[i], paths[i]) != nil {
			continue // listed twice: verified once
		}
		p.byPath[paths[i]] = append(p.byPath[paths[i]], len(p.jobs))
		p.jobs = append(p.jobs, prefetchJob{doc: docs[i], path: paths[i], ready: make(chan struct{})})
	}
	h.pre = p
	if prefetchStarted != nil {
		prefetchStarted(p)
	}
	go func() {
		defer func() { <-held.workers; close(p.done) }()
		for i := range p.jobs {
			j := &p.jobs[i]
			if ctx.Err() != nil || !j.owner.CompareAndSwap(unclaimed, byBackground) {
				continue
			}
			j.report = v.verifyNestedSafely(ctx, j.doc, j.path, held)
			close(j.ready)
		}
	}()
	return p
}

// stop cancels what the background goroutine has not finished and waits
// for it to return, so that no verification outlives the Verify call.
func (p *prefetch) stop() {
	p.cancel()
	<-p.done
}

// job returns the job of the document at path with these bytes, when
// verifying it with exp (as VerifyNestedAll is given it) comes to what
// the prefetch verifies it with.
func (p *prefetch) job(doc []byte, path string, exp Expectations) *prefetchJob {
	if exp.nestedKey() != p.nested {
		return nil
	}
	return p.find(doc, path)
}

// nestedKey is the nested Expectations of exp without its worker pool:
// what says whether two requests verify a document the same way, compared
// with ==. At is compared so too: the same instant with another location
// or clock reading only costs the reuse of a report, never a wrong one.
// (A field that == cannot compare would break the build here, which is
// the point: the comparison must then be written out.)
func (exp Expectations) nestedKey() Expectations {
	e := exp.nested()
	e.workers = nil
	return e
}

// find returns the job of the document at path with these bytes, or nil.
func (p *prefetch) find(doc []byte, path string) *prefetchJob {
	for _, i := range p.byPath[path] {
		if j := &p.jobs[i]; bytes.Equal(j.doc, doc) {
			return j
		}
	}
	return nil
}

// prefetchOf returns the prefetch of the document being verified in ctx,
// or nil.
func prefetchOf(ctx context.Context) *prefetch {
	if h, _ := ctx.Value(holderKey{}).(*holder); h != nil {
		return h.pre
	}
	return nil
}

// claim claims for a caller the job of the document at path with these
// bytes and Expectations, and returns the job when the background
// goroutine has it instead and no caller has taken its report yet (the
// caller then waits for the report), or nil when the caller is to verify
// the document itself: it claimed it now, a caller claimed or took it
// before, or no job matches.
func (p *prefetch) claim(doc []byte, path string, exp Expectations) *prefetchJob {
	if p == nil {
		return nil
	}
	j := p.job(doc, path, exp)
	switch {
	case j == nil, j.owner.CompareAndSwap(unclaimed, byCaller):
		return nil
	case j.owner.CompareAndSwap(byBackground, taken):
		return j // one caller only: a report is never in two places
	}
	return nil
}

// prefetchStarted, when set (by tests), is told of every prefetch begun.
var prefetchStarted func(*prefetch)
