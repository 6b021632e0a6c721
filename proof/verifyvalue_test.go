package proof

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/proof/ld"
)

// TestVerifyValueLeavesTreeUnchanged: VerifyValue reads the decoded tree
// it is given and never changes it, whatever the suite and outcome, so one
// tree can serve the proof check and the schema check.
func TestVerifyValueLeavesTreeUnchanged(t *testing.T) {
	v := testVerifier(t, true)
	for _, f := range []string{
		"testdata/interop/signed/ob3-basic.signed.json",
		"testdata/w3c-eddsa-jcs-2022/signedJCS.json",
		"testdata/ed25519signature2018/ob3-vc11.signed.json",
		"testdata/ecdsa-sd-2023-js/js-base.js-derived.json",
		"testdata/ecdsa-sd-2023-js/js-base.json",
		"testdata/1edtech/testvector-clr2-eddsa-rdfc-2022.signed.json",
	} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := ld.DecodeJSON(data, 0)
		if err != nil {
			t.Fatal(f, err)
		}
		want, _ := ld.DecodeJSON(data, 0)
		for range 2 {
			v.VerifyValue(context.Background(), tree.(map[string]any), Expectations{})
		}
		if !reflect.DeepEqual(tree, want) {
			t.Errorf("%s: VerifyValue changed the tree", f)
		}
	}
}
