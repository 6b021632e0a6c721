package jsonptr

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	for p, want := range map[string][]string{
		"":           nil,
		"/":          {""},
		"/a/b":       {"a", "b"},
		"/a~1b/c~0d": {"a/b", "c~d"},
		"/~01":       {"~1"},
		"//x":        {"", "x"},
	} {
		got, err := Parse(p)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %q, %v; want %q", p, got, err, want)
		}
	}
	for _, p := range []string{"a", "/a~", "/a~2", "#/a"} {
		if _, err := Parse(p); err == nil {
			t.Errorf("Parse(%q): no error", p)
		}
	}
}

func TestIndex(t *testing.T) {
	for tok, want := range map[string]bool{"0": true, "2": true, "3": false, "01": false, "+1": false, "-0": false, "": false, "1e0": false, "9999999999": false} {
		if _, ok := Index(tok, 3); ok != want {
			t.Errorf("Index(%q, 3) = %v, want %v", tok, ok, want)
		}
	}
	if i, ok := Index("10", 11); !ok || i != 10 {
		t.Errorf("Index(10, 11) = %d, %v", i, ok)
	}
}

func TestLookup(t *testing.T) {
	inner := map[string]any{"id": "x"}
	doc := map[string]any{"a/b": []any{"zero", inner}, "n": nil}
	for p, want := range map[string]any{"": doc, "/a~1b/1": inner, "/a~1b/1/id": "x", "/a~1b/0": "zero", "/n": nil} {
		got, ok := Lookup(doc, p)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("Lookup(%q) = %v, %v", p, got, ok)
		}
	}
	for _, p := range []string{"/a", "/a~1b/2", "/a~1b/01", "/a~1b/1/id/x", "/n/x", "x"} {
		if got, ok := Lookup(doc, p); ok {
			t.Errorf("Lookup(%q) = %v, want nothing", p, got)
		}
	}
}

func TestAnyMember(t *testing.T) {
	doc := map[string]any{"a": []any{1, map[string]any{"b": map[string]any{"c": "x"}}}}
	var names []string
	found := AnyMember(doc, func(name string, v any) bool {
		names = append(names, name)
		return v == "x"
	})
	if !found || len(names) != 3 {
		t.Errorf("found %v after %v", found, names)
	}
	if AnyMember(doc, func(name string, _ any) bool { return name == "d" }) {
		t.Error("found a member that is not there")
	}
	if AnyMember([]any{"c", 2}, func(string, any) bool { return true }) {
		t.Error("found a member in an array of scalars")
	}
}

func TestStrings(t *testing.T) {
	for _, c := range []struct {
		v    any
		want []string
		ok   bool
	}{
		{"a", []string{"a"}, true},
		{[]any{"a", "b"}, []string{"a", "b"}, true},
		{[]any{}, []string{}, true},
		{[]any{"a", 1}, nil, false},
		{nil, nil, false},
		{1.0, nil, false},
		{map[string]any{}, nil, false},
	} {
		got, ok := Strings(c.v)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Strings(%v) = %q, %v; want %q, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

func TestToken(t *testing.T) {
	for name, want := range map[string]string{"a": "a", "a/b": "a~1b", "~": "~0", "~/": "~0~1", "": ""} {
		if got := Token(name); got != want {
			t.Errorf("Token(%q) = %q, want %q", name, got, want)
		}
		if toks, err := Parse("/" + Token(name)); err != nil || len(toks) != 1 || toks[0] != name {
			t.Errorf("Parse(/Token(%q)) = %q, %v", name, toks, err)
		}
	}
}
