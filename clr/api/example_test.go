package api_test

import (
	"fmt"

	clrapi "github.com/clrkit/clrkit/clr/api"
	"github.com/clrkit/clrkit/vc/api"
)

// The CLR API's base path and the scope of each operation.
func Example() {
	fmt.Println(clrapi.Standard.BasePath)
	fmt.Println(clrapi.Standard.Scope(api.ScopeCredentialRead))
	// Output:
	// /ims/clr/v2p0
	// https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.readonly
}
