package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Bench measures what a store does per issued and revoked credential, on a
// store open returns (new and empty): Allocate (one new entry each),
// SetStatus (revoking entries allocated before), List (reading a list, as
// a Publisher does per request) and Entry.
func Bench(b *testing.B, open func(b *testing.B) statuslist.Store) {
	ctx := context.Background()
	u := listURL("iss", "revocation")
	b.Run("Allocate", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, fmt.Sprintf("urn:c:%d", i), u); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The other operations work on 1,000 allocated credentials.
	prepared := func(b *testing.B) statuslist.Store {
		s := open(b)
		for i := range 1000 {
			if _, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, fmt.Sprintf("urn:c:%d", i), u); err != nil {
				b.Fatal(err)
			}
		}
		return s
	}
	b.Run("SetStatus", func(b *testing.B) {
		s := prepared(b)
		defer s.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			// Revoking a revoked credential changes nothing: the first
			// thousand calls write, later ones read and compare.
			if err := s.SetStatus(ctx, fmt.Sprintf("urn:c:%d", i%1000), statuslist.PurposeRevocation, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("List", func(b *testing.B) {
		s := prepared(b)
		defer s.Close()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.List(ctx, u(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Entry", func(b *testing.B) {
		s := prepared(b)
		defer s.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, _, err := s.Entry(ctx, fmt.Sprintf("urn:c:%d", i%1000), statuslist.PurposeRevocation); err != nil {
				b.Fatal(err)
			}
		}
	})
}
