package vc

// Test hooks for the external tests (package vc_test).

// OnPrefetch sets a function told of every prefetch of nested documents
// begun (nil to stop).
func OnPrefetch(f func(Prefetched)) {
	if f == nil {
		prefetchStarted = nil
		return
	}
	prefetchStarted = func(p *prefetch) { f(Prefetched{p}) }
}

// Prefetched is a prefetch as the tests see it.
type Prefetched struct{ p *prefetch }

// Reports returns the reports the background goroutine made, in document
// order (nil for a document it did not verify); call it once Verify has
// returned.
func (p Prefetched) Reports() []*Report {
	out := make([]*Report, len(p.p.jobs))
	for i := range p.p.jobs {
		select {
		case <-p.p.jobs[i].ready:
			out[i] = p.p.jobs[i].report
		default:
		}
	}
	return out
}

// Stopped reports whether the background goroutine has returned.
// WaitFirst waits until the background has verified the first document,
// or stopped.
func (p Prefetched) WaitFirst() {
	select {
	case <-p.p.jobs[0].ready:
	case <-p.p.done:
	}
}

func (p Prefetched) Stopped() bool {
	select {
	case <-p.p.done:
		return true
	default:
		return false
	}
}

// OnTreeReused sets a function called for each nested document that takes
// its tree from the document holding it (nil to stop).
func OnTreeReused(f func()) { treeReused = f }
