package api_test

import (
	"testing"

	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) api.Store { return api.NewMemoryStore() })
}

func BenchmarkMemoryStore(b *testing.B) {
	storetest.Bench(b, func(*testing.B) api.Store { return api.NewMemoryStore() })
}
