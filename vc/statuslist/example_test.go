package statuslist_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Give a credential an entry in a revocation list, and revoke it.
func Example() {
	list := statuslist.New(0) // 131,072 entries, all valid
	entry := statuslist.Entry{ListCredential: "https://example.edu/status/1", Purpose: statuslist.PurposeRevocation, Index: 94567}
	status, err := json.Marshal(entry) // the credential's credentialStatus
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(status))

	if err := list.Set(entry.Index, true); err != nil { // revoked
		log.Fatal(err)
	}
	revoked, _ := list.Get(entry.Index)
	fmt.Println(list.Len(), revoked)
	// Output:
	// {"id":"https://example.edu/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://example.edu/status/1"}
	// 131072 true
}
