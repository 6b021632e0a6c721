package httpfetch

import (
	"net/http"
	"testing"
	"time"
)

func TestLRU(t *testing.T) {
	c := newLRU(2)
	now := time.Unix(0, 0)
	c.put("a", response{body: []byte("a")}, now.Add(time.Hour))
	c.put("b", response{body: []byte("b")}, now.Add(time.Hour))
	c.get("a", now) // a is now the most recent
	c.put("c", response{body: []byte("c")}, now.Add(time.Hour))
	if _, ok := c.get("b", now); ok {
		t.Error("least recently used entry b survived")
	}
	if r, ok := c.get("a", now); !ok || string(r.body) != "a" {
		t.Error("entry a evicted")
	}
	if _, ok := c.get("a", now.Add(time.Hour)); ok {
		t.Error("expired entry returned")
	}
	if c.len() != 1 {
		t.Errorf("len %d, want 1", c.len())
	}
	c.put("c", response{body: []byte("c2")}, now.Add(time.Hour)) // replaces, no growth
	if r, _ := c.get("c", now); string(r.body) != "c2" || c.len() != 1 {
		t.Errorf("replace: %q, len %d", r.body, c.len())
	}
	c.remove("c")
	c.remove("absent")
	if c.len() != 0 {
		t.Errorf("len %d after remove, want 0", c.len())
	}
}

func TestFreshness(t *testing.T) {
	const def, max = 5 * time.Minute, time.Hour
	tests := []struct {
		cc, age string
		want    time.Duration
	}{
		{"", "", def},
		{"max-age=30", "", 30 * time.Second},
		{"Max-Age=30, public", "", 30 * time.Second},
		{`max-age="30"`, "", 30 * time.Second},
		{"max-age=0", "", 0},
		{"max-age=99999999", "", max},
		{"max-age=999999999999999999999", "", 0},
		{"max-age=-1", "", 0},
		{"max-age=x", "", 0},
		{"no-store, max-age=60", "", 0},
		{"max-age=60, no-cache", "", 0},
		{"max-age=60", "20", 40 * time.Second},
		{"max-age=60", "99999999999999", 0},
		{"max-age=60", "-5", 60 * time.Second},
		{"max-age=60, max-age=30", "", 30 * time.Second},
		{"private", "", def},
		{"", "100", def}, // Age matters only against a max-age
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.cc != "" {
			h.Set("Cache-Control", tt.cc)
		}
		if tt.age != "" {
			h.Set("Age", tt.age)
		}
		if got := freshness(h, def, max); got != tt.want {
			t.Errorf("Cache-Control %q, Age %q: %v, want %v", tt.cc, tt.age, got, tt.want)
		}
	}
}

func TestFreshnessCaps(t *testing.T) {
	h := http.Header{}
	if got := freshness(h, 2*time.Hour, time.Hour); got != time.Hour {
		t.Errorf("default TTL above the cap: %v, want 1h", got)
	}
	h.Set("Cache-Control", "max-age=31536000")
	if got := freshness(h, time.Minute, 0); got != 365*24*time.Hour {
		t.Errorf("no cap: %v, want a year", got)
	}
	h.Set("Cache-Control", "max-age=9223372036854775807")
	if got := freshness(h, time.Minute, 0); got <= 0 {
		t.Errorf("huge max-age without a cap: %v, want positive", got)
	}
}
