package contexts

import (
	"encoding/json"
	"testing"
)

func TestEveryIndexedContextIsEmbeddedAndValid(t *testing.T) {
	index, err := files.ReadFile("files/INDEX.json")
	if err != nil {
		t.Fatal(err)
	}
	var names map[string]string
	if err := json.Unmarshal(index, &names); err != nil {
		t.Fatal(err)
	}
	if len(names) != 26 {
		t.Fatalf("INDEX.json lists %d contexts, want 26", len(names))
	}
	for url, name := range names {
		doc, ok := Lookup(url)
		if !ok {
			t.Errorf("%s: not served", url)
			continue
		}
		raw, err := files.ReadFile("files/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if string(doc) != string(raw) {
			t.Errorf("%s: served bytes differ from %s", url, name)
		}
		var v struct {
			Context json.RawMessage `json:"@context"`
		}
		if err := json.Unmarshal(doc, &v); err != nil || len(v.Context) == 0 {
			t.Errorf("%s: not a JSON-LD context document (err=%v)", url, err)
		}
	}
	if got, want := len(URLs()), len(names)+len(aliases); got != want {
		t.Errorf("URLs() has %d entries, want %d", got, want)
	}
}

func TestAliasesServeTheirTarget(t *testing.T) {
	for alias, url := range aliases {
		a, ok1 := Lookup(alias)
		b, ok2 := Lookup(url)
		if !ok1 || !ok2 || string(a) != string(b) {
			t.Errorf("alias %s does not serve %s", alias, url)
		}
		if AliasOf(alias) != url {
			t.Errorf("AliasOf(%s) = %q", alias, AliasOf(alias))
		}
	}
	if AliasOf("https://www.w3.org/ns/credentials/v2") != "" {
		t.Error("an official URL reported as an alias")
	}
}

func TestUnknownURL(t *testing.T) {
	if _, ok := Lookup("https://example.com/context.json"); ok {
		t.Error("unknown URL served")
	}
}
