package httpfetch

import "testing"

func TestInPrefixes(t *testing.T) {
	allow := []string{"https://a.example/ctx/", "https://b.example/one.json"}
	for u, want := range map[string]bool{
		"https://a.example/ctx/v1.json":       true,
		"https://a.example/ctx/":              true,
		"https://b.example/one.json":          true,
		"https://b.example/one.json2":         false,
		"https://a.example/ctx":               false,
		"https://a.example/other/x.json":      false,
		"https://a.example/ctx/../x.json":     false,
		"https://a.example/ctx/%2e%2e/x.json": false,
		"https://a.example/ctx/./v1.json":     false,
		"https://a.example.evil/ctx/v1.json":  false,
		"https://a.example/ctx/v1.json#frag":  true,
		"https://a.example/ctx/%zz":           false,
		"https://a.example/ctx/..%2fx.json":   false, // "../x.json" once a server decodes %2f
		"https://a.example/ctx/..%5cx.json":   false,
	} {
		if got := InPrefixes(u, allow); got != want {
			t.Errorf("InPrefixes(%q) = %v, want %v", u, got, want)
		}
	}
}
