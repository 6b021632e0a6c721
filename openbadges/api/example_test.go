package api_test

import (
	"fmt"

	obapi "github.com/clrkit/clrkit/openbadges/api"
	"github.com/clrkit/clrkit/vc/api"
)

// The Open Badges API's base path and the scope of each operation.
func Example() {
	fmt.Println(obapi.Standard.BasePath)
	fmt.Println(obapi.Standard.Scope(api.ScopeCredentialUpsert))
	// Output:
	// /ims/ob/v3p0
	// https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert
}
