package httpfetch

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
)

// TestLocalTransportLog: the copies answering requests made under a
// WithLog context are recorded there once each, and only there.
func TestLocalTransportLog(t *testing.T) {
	lt, err := NewLocalTransport(map[string]LocalDocument{
		"https://example.com/a": {Body: []byte(`{"a":1}`), Name: "a.json"},
		"https://example.com/b": {Body: []byte(`{"b":1}`), Name: "b.json"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(&http.Client{Transport: lt}, Options{Policy: allowAll, MediaTypes: []string{"application/json"}, MaxBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	outer, outerLog := WithLog(context.Background())
	inner, innerLog := WithLog(outer)
	for _, c := range []struct {
		ctx context.Context
		url string
	}{{outer, "https://example.com/a"}, {inner, "https://example.com/b"}, {outer, "https://example.com/a#frag"}} {
		body, ct, err := f.Get(c.ctx, c.url)
		if err != nil || ct != "application/json" || len(body) == 0 {
			t.Fatalf("%s: %q %q %v", c.url, body, ct, err)
		}
	}
	if got, want := outerLog.Uses(), []Use{{URL: "https://example.com/a", Name: "a.json"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("outer log %v, want %v", got, want)
	}
	if got, want := innerLog.Uses(), []Use{{URL: "https://example.com/b", Name: "b.json"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("inner log %v, want %v", got, want)
	}
	_, _, err = f.Get(outer, "https://example.com/c")
	if e := wantKind(t, err, KindNotAllowed); !errors.Is(e, ErrNoLocalCopy) {
		t.Fatalf("%v", err)
	}
}
