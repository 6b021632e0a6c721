package ld

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"

	"github.com/clrkit/clrkit/internal/contexts"
)

// ErrUnknownContext is returned (wrapped in a *LoadError) when a document
// cites a context URL that the loader does not serve. Test for it with
// errors.Is.
var ErrUnknownContext = errors.New("ld: unknown context")

// LoadError reports a context that could not be loaded. URL names the context
// and Err the cause: ErrUnknownContext, a network failure, a size limit.
type LoadError struct {
	URL string
	Err error
}

// Error names the URL and the cause.
func (e *LoadError) Error() string { return fmt.Sprintf("ld: loading context %s: %v", e.URL, e.Err) }

// Unwrap returns the cause.
func (e *LoadError) Unwrap() error { return e.Err }

// A DocumentLoader returns the bytes of the JSON-LD context document published
// at an absolute URL. Implementations must be safe for concurrent use and
// must return a *LoadError (wrapping ErrUnknownContext when they have no
// document for the URL) rather than reaching elsewhere on their own.
//
// The bytes returned are treated as immutable by the caller and by clrkit.
type DocumentLoader interface {
	LoadDocument(ctx context.Context, url string) ([]byte, error)
}

// Loader serves the contexts embedded in clrkit plus any extension contexts
// the caller adds, and never touches the network unless a fallback loader
// (such as a RemoteLoader) is configured. A Loader is immutable once built and
// safe for concurrent use.
type Loader struct {
	extra    map[string][]byte
	fallback DocumentLoader
}

var _ DocumentLoader = (*Loader)(nil)

// A LoaderOption configures NewLoader.
type LoaderOption func(*loaderConfig) error

type loaderConfig struct {
	extra    map[string][]byte
	fallback DocumentLoader
}

// WithContext adds one extension context document served at url. The bytes
// are copied.
func WithContext(url string, doc []byte) LoaderOption {
	return func(c *loaderConfig) error { return c.add(url, doc) }
}

// WithContexts adds extension context documents keyed by URL. The bytes are
// copied.
func WithContexts(docs map[string][]byte) LoaderOption {
	return func(c *loaderConfig) error {
		for _, u := range sortedKeys(docs) {
			if err := c.add(u, docs[u]); err != nil {
				return err
			}
		}
		return nil
	}
}

// WithContextFS adds extension contexts read from fsys: files maps each
// context URL to the path of its document in fsys.
func WithContextFS(fsys fs.FS, files map[string]string) LoaderOption {
	return func(c *loaderConfig) error {
		for _, u := range sortedKeys(files) {
			doc, err := fs.ReadFile(fsys, files[u])
			if err != nil {
				return fmt.Errorf("ld: context %s: %w", u, err)
			}
			if err := c.add(u, doc); err != nil {
				return err
			}
		}
		return nil
	}
}

// WithFallback makes the loader ask next for any URL it does not serve
// itself. Use it with a RemoteLoader to opt in to fetching contexts.
func WithFallback(next DocumentLoader) LoaderOption {
	return func(c *loaderConfig) error {
		if next == nil {
			return errors.New("ld: WithFallback: nil loader")
		}
		c.fallback = next
		return nil
	}
}

func (c *loaderConfig) add(rawURL string, doc []byte) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("ld: context URL %q is not an absolute URL", rawURL)
	}
	if _, builtIn := contexts.Lookup(rawURL); builtIn {
		return fmt.Errorf("ld: context %s is built in and cannot be replaced", rawURL)
	}
	if err := checkContextDocument(doc); err != nil {
		return fmt.Errorf("ld: context %s: %w", rawURL, err)
	}
	if c.extra == nil {
		c.extra = make(map[string][]byte)
	}
	c.extra[rawURL] = append([]byte(nil), doc...)
	return nil
}

// checkContextDocument accepts a JSON object with an "@context" member.
func checkContextDocument(doc []byte) error {
	var v map[string]json.RawMessage
	if err := json.Unmarshal(doc, &v); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	if _, ok := v["@context"]; !ok {
		return errors.New(`no "@context" member`)
	}
	return nil
}

// NewLoader returns a loader serving the embedded contexts and whatever the
// options add. Adding a URL that is built in is an error: an official context
// cannot be swapped for other content.
func NewLoader(opts ...LoaderOption) (*Loader, error) {
	var c loaderConfig
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	return &Loader{extra: c.extra, fallback: c.fallback}, nil
}

// DefaultLoader returns a loader of the embedded contexts only.
func DefaultLoader() *Loader { return &Loader{} }

// LoadDocument returns the context document for url from the embedded set,
// the caller's extensions, or the fallback, in that order. Without a
// fallback, an unknown URL yields a *LoadError wrapping ErrUnknownContext.
func (l *Loader) LoadDocument(ctx context.Context, url string) ([]byte, error) {
	if doc, ok := contexts.Lookup(url); ok {
		return doc, nil
	}
	if doc, ok := l.extra[url]; ok {
		return doc, nil
	}
	if l.fallback != nil {
		return l.fallback.LoadDocument(ctx, url)
	}
	return nil, &LoadError{URL: url, Err: ErrUnknownContext}
}

// URLs lists every context URL the loader serves without its fallback:
// embedded contexts (with their alias URLs) and extensions, sorted.
func (l *Loader) URLs() []string {
	urls := contexts.URLs()
	for u := range l.extra {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return urls
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
