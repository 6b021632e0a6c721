package vc

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Problem is one thing wrong with a value being built: the property it is
// about (a dotted path such as credentialSubject.achievement.name) and why.
type Problem struct {
	Property string
	Err      error
}

// Error renders the problem as "property: cause".
func (p Problem) Error() string { return p.Property + ": " + p.Err.Error() }

// Unwrap returns the cause.
func (p Problem) Unwrap() error { return p.Err }

// BuildError lists every problem a builder found, so that a caller can fix
// them all at once. errors.Is matches any problem's cause.
type BuildError struct {
	// Class is the class being built, such as AchievementCredential.
	Class    string
	Problems []Problem
}

// Error lists the class and every problem on one line.
func (e *BuildError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem", e.Class, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteByte('s')
	}
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so errors.Is and errors.As see each cause.
func (e *BuildError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// Problems accumulates problems for a builder. The zero value is ready.
type Problems struct {
	list []Problem
}

// Add records a problem with property unless err is nil.
func (ps *Problems) Add(property string, err error) {
	if err != nil {
		ps.list = append(ps.list, Problem{Property: property, Err: err})
	}
}

// Merge records the problems of a nested build under prefix.
func (ps *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var be *BuildError
	if errors.As(err, &be) {
		for _, p := range be.Problems {
			ps.list = append(ps.list, Problem{Property: prefix + "." + p.Property, Err: p.Err})
		}
		return
	}
	ps.Add(prefix, err)
}

// Err returns a *BuildError for class when there are problems, else nil.
func (ps *Problems) Err(class string) error {
	if len(ps.list) == 0 {
		return nil
	}
	return &BuildError{Class: class, Problems: append([]Problem(nil), ps.list...)}
}

// Causes of build problems.
var (
	// ErrRequired: a required property was not set.
	ErrRequired = errors.New("required")
	// ErrNotURI: a value that must be an absolute URI is not one.
	ErrNotURI = errors.New("not an absolute URI")
	// ErrBadValue: a value is outside what the property allows.
	ErrBadValue = errors.New("value not allowed")
)

// CheckURI returns nil when s is an absolute URI (a scheme followed by a
// colon and something more: https:, did:, urn:, data: ...), and an error
// wrapping ErrNotURI otherwise.
func CheckURI(s string) error {
	if s == "" {
		return ErrRequired
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || len(s) <= len(u.Scheme)+1 || strings.ContainsAny(s, " \t\r\n<>\"{}|\\^`") {
		return fmt.Errorf("%w: %q", ErrNotURI, s)
	}
	return nil
}

// NewUUIDURN returns a random (version 4) urn:uuid: identifier, reading 16
// bytes from r, or from crypto/rand when r is nil. Tests and examples pass a
// deterministic reader.
func NewUUIDURN(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("vc: reading random bytes for an id: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
