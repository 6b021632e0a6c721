package rdfc

import (
	"bytes"
	"context"
	"crypto"
	_ "crypto/sha256" // registers crypto.SHA256
	_ "crypto/sha512" // registers crypto.SHA384 and crypto.SHA512
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Options tune Canonicalize. The zero value selects SHA-256 and the default
// work limit.
type Options struct {
	// Hash is the hash function of the algorithm: crypto.SHA256 (used when
	// zero, and the one eddsa-rdfc-2022 requires) or another available hash
	// such as crypto.SHA384.
	Hash crypto.Hash
	// MaxWork caps the number of Hash N-Degree Quads calls. Zero selects
	// DefaultMaxWork for the input; a negative value is an error.
	MaxWork int
}

// Result is a canonicalized dataset.
type Result struct {
	// Quads are the distinct input quads with canonical blank-node labels,
	// in the order of their canonical N-Quads lines.
	Quads []rdf.Quad
	// NQuads is the canonical N-Quads document: every line of Quads, in
	// order.
	NQuads []byte
	// IssuedIdentifiers maps every input blank-node label to its canonical
	// label, both without the "_:" prefix.
	IssuedIdentifiers map[string]string
}

// ErrWorkLimit reports that a dataset needed more Hash N-Degree Quads calls
// than Options.MaxWork allows, as crafted "poison" datasets do. Errors
// returned by Canonicalize wrap it.
var ErrWorkLimit = errors.New("rdfc: work limit exceeded")

// DefaultMaxWork returns the work limit used when Options.MaxWork is zero
// for a dataset with the given number of distinct blank nodes:
// 1000 + 4·n². Most datasets need no Hash N-Degree Quads calls at all; the
// hardest computable tests of the W3C suite (12-node "poison" graphs) need
// 468, and an RDF list of n identical items needs about n², the most any
// realistic JSON-LD structure should need. A 10-node clique (W3C test074),
// which needs millions of calls, is stopped within tens of milliseconds. Since the cost of
// a call grows with the dataset, callers handling untrusted input should
// also bound its size and pass a context with a deadline.
func DefaultMaxWork(blankNodes int) int {
	return 1000 + 4*blankNodes*blankNodes
}

// Canonicalize runs RDFC-1.0 on the dataset formed by quads (duplicates are
// ignored) and returns it with canonical blank-node labels.
//
// It returns an error wrapping ErrWorkLimit if the work limit is exceeded,
// one wrapping ctx.Err() if ctx is done before it finishes, and an error
// for a quad whose terms have kinds RDF does not allow in their position
// (for example a literal subject). quads is not modified.
func Canonicalize(ctx context.Context, quads []rdf.Quad, opts Options) (*Result, error) {
	c, err := newCanon(ctx, quads, opts)
	if err != nil {
		return nil, err
	}
	if err := c.issueCanonical(); err != nil {
		return nil, err
	}
	return c.result(), nil
}

// canon is the state of one Canonicalize call.
type canon struct {
	ctx       context.Context
	done      <-chan struct{}
	d         *dataset
	hs        hasher
	hexLen    int
	fd        []byte // first-degree hashes, hexLen bytes per blank node
	canonical *issuer
	work      int
	maxWork   int

	lines []byte // scratch for lines and hash inputs
	spans []span // scratch for line boundaries
}

func newCanon(ctx context.Context, quads []rdf.Quad, opts Options) (*canon, error) {
	h := opts.Hash
	if h == 0 {
		h = crypto.SHA256
	}
	if !h.Available() {
		return nil, errors.New("rdfc: hash function " + h.String() + " is not available")
	}
	if opts.MaxWork < 0 {
		return nil, errors.New("rdfc: negative MaxWork")
	}
	d, err := newDataset(quads)
	if err != nil {
		return nil, err
	}
	maxWork := opts.MaxWork
	if maxWork == 0 {
		maxWork = DefaultMaxWork(len(d.labels))
	}
	return &canon{
		ctx:       ctx,
		done:      ctx.Done(),
		d:         d,
		hs:        hasher{h: h.New()},
		hexLen:    2 * h.Size(),
		canonical: newIssuer("c14n", len(d.labels)),
		maxWork:   maxWork,
	}, nil
}

// issueCanonical runs steps 3 to 5 of the canonicalization algorithm
// (section 4.4.3), issuing a canonical identifier to every blank node.
func (c *canon) issueCanonical() error {
	if err := c.checkContext(); err != nil {
		return err
	}
	c.firstDegreeHashes()
	order := make([]int32, len(c.d.labels))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int {
		return bytes.Compare(c.firstDegree(x), c.firstDegree(y))
	})
	groups := c.groupByHash(order)
	var shared [][]int32
	for _, g := range groups {
		if len(g) == 1 {
			c.canonical.issue(g[0])
		} else {
			shared = append(shared, g)
		}
	}
	for _, g := range shared {
		if err := c.issueGroup(g); err != nil {
			return err
		}
	}
	return nil
}

// groupByHash splits nodes, sorted by first-degree hash, into runs that share
// a hash.
func (c *canon) groupByHash(order []int32) [][]int32 {
	var groups [][]int32
	for len(order) > 0 {
		end := 1
		for end < len(order) && bytes.Equal(c.firstDegree(order[end]), c.firstDegree(order[0])) {
			end++
		}
		groups = append(groups, order[:end:end])
		order = order[end:]
	}
	return groups
}

// issueGroup handles blank nodes that share a first-degree hash (step 5):
// it ranks them by N-degree hash and issues canonical identifiers in the
// order each one's chosen issuer visited nodes.
func (c *canon) issueGroup(group []int32) error {
	type pathResult struct {
		hash []byte
		iss  *issuer
	}
	var results []pathResult
	for _, b := range group {
		if c.canonical.issued(b) {
			continue
		}
		tmp := newIssuer("b", len(c.d.labels))
		tmp.issue(b)
		h, iss, err := c.hashNDegree(b, tmp)
		if err != nil {
			return err
		}
		results = append(results, pathResult{h, iss})
	}
	slices.SortStableFunc(results, func(x, y pathResult) int { return bytes.Compare(x.hash, y.hash) })
	for _, r := range results {
		for _, b := range r.iss.order {
			c.canonical.issue(b)
		}
	}
	return nil
}

// countWork accounts for one Hash N-Degree Quads call.
func (c *canon) countWork() error {
	c.work++
	if c.work > c.maxWork {
		return fmt.Errorf("%w: more than %d Hash N-Degree Quads calls for %d blank nodes", ErrWorkLimit, c.maxWork, len(c.d.labels))
	}
	return c.checkContext()
}

// checkContext returns an error wrapping ctx.Err() once ctx is done.
func (c *canon) checkContext() error {
	if c.done == nil {
		return nil
	}
	select {
	case <-c.done:
		return fmt.Errorf("rdfc: canonicalization stopped: %w", c.ctx.Err())
	default:
		return nil
	}
}

// result relabels the dataset with the canonical identifiers and sorts it.
func (c *canon) result() *Result {
	d := c.d
	labels := make([]string, len(d.labels))
	ids := make(map[string]string, len(d.labels))
	for b, in := range d.labels {
		labels[b] = "c14n" + strconv.Itoa(int(c.canonical.ids[b]-1))
		ids[in] = labels[b]
	}
	label := func(dst []byte, b int32) []byte { return c.canonical.appendLabel(dst, b) }
	lines := make([]byte, 0, c.outputSize(labels))
	spans := make([]span, len(d.quads))
	for i, q := range d.quads {
		start := int32(len(lines))
		lines = d.appendLine(lines, q, label)
		spans[i] = span{start, int32(len(lines))}
	}
	order := make([]int32, len(d.quads))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		return bytes.Compare(lines[spans[x].start:spans[x].end], lines[spans[y].start:spans[y].end])
	})
	res := &Result{
		Quads:             make([]rdf.Quad, len(order)),
		NQuads:            make([]byte, 0, len(lines)),
		IssuedIdentifiers: ids,
	}
	for i, qi := range order {
		res.NQuads = append(res.NQuads, lines[spans[qi].start:spans[qi].end]...)
		res.Quads[i] = relabel(d.input[d.from[qi]], d.quads[qi], labels)
	}
	return res
}

// outputSize returns the exact size of the canonical N-Quads document.
func (c *canon) outputSize(labels []string) int {
	n := 0
	for _, q := range c.d.quads {
		for i, x := range q {
			switch {
			case x.isBlank():
				n += len("_:") + len(labels[x.blank()])
			case i == 3 && x.isDefault():
				n-- // no space before an absent graph label
			default:
				n += len(c.d.term(x))
			}
		}
		n += 3 + len(" .\n") // three spaces between the components
	}
	return n
}

// relabel returns in, the input quad behind q, with its blank nodes renamed
// to their canonical labels.
func relabel(in rdf.Quad, q iquad, labels []string) rdf.Quad {
	t := [4]rdf.Term{in.Subject, in.Predicate, in.Object, in.Graph}
	for i, x := range q {
		if x.isBlank() {
			t[i] = rdf.NewBlank(labels[x.blank()])
		}
	}
	return rdf.Quad{Subject: t[0], Predicate: t[1], Object: t[2], Graph: t[3]}
}
