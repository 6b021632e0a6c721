package jsonld

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var je *Error
	if !errors.As(err, &je) || je.Code != code {
		t.Fatalf("want %q, got %v", code, err)
	}
}

func TestLimits(t *testing.T) {
	ctx := context.Background()
	deep := strings.Repeat(`{"http://ex/p": `, 100) + `"x"` + strings.Repeat("}", 100)
	doc, err := DecodeJSON([]byte(deep), 1000) // deeper than the processor's own limit
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewProcessor(Options{}).ToRDF(ctx, doc)
	wantCode(t, err, CodeMaxDepth)

	many, _ := DecodeJSON([]byte(`{"@id": "urn:x", "http://ex/p": [1, 2, 3, 4, 5]}`), 0)
	_, err = NewProcessor(Options{MaxQuads: 4}).ToRDF(ctx, many)
	wantCode(t, err, CodeMaxQuads)

	// A context that includes itself: the spec's context overflow.
	self := fixtureLoader{"https://ex/self": []byte(`{"@context": ["https://ex/self", {"@vocab": "http://ex/"}]}`)}
	loop, _ := DecodeJSON([]byte(`{"@context": "https://ex/self", "p": "x"}`), 0)
	_, err = NewProcessor(Options{Loader: self}).ToRDF(ctx, loop)
	wantCode(t, err, CodeContextOverflow)

	missing, _ := DecodeJSON([]byte(`{"@context": "https://ex/missing", "p": "x"}`), 0)
	_, err = NewProcessor(Options{Loader: self}).Expand(ctx, missing)
	wantCode(t, err, CodeLoadingRemoteContextFailed)

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = NewProcessor(Options{}).ToRDF(canceled, many)
	wantCode(t, err, CodeCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancellation error does not wrap context.Canceled: %v", err)
	}

	_, err = DecodeJSON([]byte(`{"a": 1} {}`), 0)
	wantCode(t, err, CodeInvalidInput)
}

// TestConcurrentUse runs one Processor from several goroutines (run with
// -race): processed contexts and memos are shared.
func TestConcurrentUse(t *testing.T) {
	p := NewProcessor(Options{Loader: newFixtureLoader(t), Safe: true})
	done := make(chan error)
	for i := 0; i < 4; i++ {
		go func() {
			var err error
			for _, name := range interopFixtures {
				if _, e := p.ToRDF(context.Background(), readFixture(t, name+".json")); e != nil {
					err = e
				}
			}
			done <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
