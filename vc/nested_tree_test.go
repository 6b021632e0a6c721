package vc

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/internal/jsonobj"
)

// TestNestedTreeReused: a nested document whose text is that of the object
// at its path in the holding document takes that object as its tree, the
// same map, with no decoding; a document whose text differs in any byte,
// or that is given another path, is decoded on its own. Either way the
// tree is what decoding the nested text gives.
func TestNestedTreeReused(t *testing.T) {
	outer, err := os.ReadFile("testdata/clr-3creds.signed.json")
	if err != nil {
		t.Fatal(err)
	}
	outer = bytes.TrimSpace(outer)
	treeOf := func(ctx context.Context, data []byte, path string, depth int) (map[string]any, context.Context) {
		h, ctx := treeIn(ctx, data, path, depth)
		return h.treeOrNil(), ctx
	}
	parentTree, ctx := treeOf(context.Background(), outer, "", 0)
	if parentTree == nil {
		t.Fatal("the record does not decode")
	}
	subject, err := jsonobj.Members(outer)
	if err != nil {
		t.Fatal(err)
	}
	var creds []byte
	for _, m := range subject {
		if m.Name == "credentialSubject" {
			inner, err := jsonobj.Members(m.Value)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range inner {
				if n.Name == "verifiableCredential" {
					creds = n.Value
				}
			}
		}
	}
	elems, err := jsonobj.Elements(creds)
	if err != nil || len(elems) != 3 {
		t.Fatalf("%d credentials, %v", len(elems), err)
	}
	vcs := parentTree["credentialSubject"].(map[string]any)["verifiableCredential"].([]any)
	same := func(a, b map[string]any) bool {
		return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
	}
	for i, e := range elems {
		text := bytes.Clone(bytes.TrimSpace(e)) // as clr.NestedCredential holds it
		path := "/credentialSubject/verifiableCredential/" + string(rune('0'+i))
		tree, inner := treeOf(ctx, text, path, 1)
		if !same(tree, vcs[i].(map[string]any)) {
			t.Errorf("credential %d: decoded again", i)
		}
		// One level further down: the credential's subject, found through
		// the nested credential's own holder.
		cs := tree["credentialSubject"].(map[string]any)
		start, end, ok := inner.Value(holderKey{}).(*holder).spans.Of(cs)
		if !ok {
			t.Fatalf("credential %d: no span for its subject", i)
		}
		sub, _ := treeOf(inner, bytes.Clone(outer[start:end]), "/credentialSubject", 2)
		if !same(sub, cs) {
			t.Errorf("credential %d: its subject decoded again", i)
		}

		other := "/credentialSubject/verifiableCredential/" + string(rune('0'+(i+1)%3))
		if tree, _ := treeOf(ctx, text, other, 1); same(tree, vcs[i].(map[string]any)) || !reflect.DeepEqual(tree, vcs[i]) {
			t.Errorf("credential %d under path %s: reused, or not its own decoding", i, other)
		}
		changed := bytes.Replace(text, []byte(`"type"`), []byte(`"typE"`), 1)
		if tree, _ := treeOf(ctx, changed, path, 1); tree == nil || same(tree, vcs[i].(map[string]any)) || !reflect.DeepEqual(tree, decodeTree(changed)) {
			t.Errorf("credential %d changed: reused, or not its own decoding", i)
		}
		if tree, _ := treeOf(ctx, text, path, 0); same(tree, vcs[i].(map[string]any)) {
			t.Errorf("credential %d verified at the top level: reused", i)
		}
	}
}
