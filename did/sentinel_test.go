package did

import (
	"context"
	"errors"
	"testing"

	"github.com/mr-tron/base58"
)

// TestSentinels: each way a key, a DID or a verification method can be
// wrong reaches the caller as an error that errors.Is finds its sentinel
// in, through the public functions, and resolution errors carry both the
// DID Resolution code's sentinel and the key error beneath.
func TestSentinels(t *testing.T) {
	ctx := context.Background()
	z := func(b ...byte) string { return "z" + base58.Encode(b) }
	ed := make([]byte, 32)
	for _, tt := range []struct {
		name string
		err  error
		want []error
	}{
		{"multikey without z", decodeErr("u1234"), []error{ErrMultibaseEncoding}},
		{"multikey not base58", decodeErr("z0OIl"), []error{ErrBase58}},
		{"multikey truncated varint", decodeErr(z(0x80)), []error{ErrVarint}},
		{"multikey unknown codec", decodeErr(z(append([]byte{0x99, 0x01}, ed...)...)), []error{ErrUnknownMulticodec}},
		{"multikey short Ed25519", decodeErr(z(append([]byte{0xed, 0x01}, ed[:31]...)...)), []error{ErrKeyLength}},
		{"did:key short Ed25519", resolveErr(ctx, &KeyResolver{}, "did:key:"+z(append([]byte{0xed, 0x01}, ed[:31]...)...)),
			[]error{ErrInvalidPublicKeyLength, ErrKeyLength}},
		{"did:key unknown codec", resolveErr(ctx, &KeyResolver{}, "did:key:"+z(append([]byte{0x99, 0x01}, ed...)...)),
			[]error{ErrUnsupportedPublicKeyType, ErrUnknownMulticodec}},
		{"did:key not base58", resolveErr(ctx, &KeyResolver{}, "did:key:z0OIl"), []error{ErrInvalidDID}},
		{"not a did:key", resolveErr(ctx, &KeyResolver{}, "did:web:example.edu"), []error{ErrMethodNotSupported}},
		{"did:jwk X25519 for signing", resolveErr(ctx, JWKResolver{},
			"did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJzaWciLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9"),
			[]error{ErrInvalidPublicKeyType}},
		{"method without key", methodErr(&VerificationMethod{ID: "did:example:1#k", Type: "Multikey"}), []error{ErrNoPublicKey}},
	} {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !errors.Is(tt.err, w) {
				t.Errorf("%s: %v does not wrap %v", tt.name, tt.err, w)
			}
		}
	}
	// PublicKeyErrorCode agrees with the sentinels a resolver wraps.
	if c := PublicKeyErrorCode(decodeErr(z(append([]byte{0xed, 0x01}, ed[:31]...)...))); c != CodeInvalidPublicKeyLength {
		t.Errorf("PublicKeyErrorCode of a short key: %s", c)
	}
}

func decodeErr(mb string) error {
	_, err := DecodeMultikey(mb)
	return err
}

func resolveErr(ctx context.Context, r Resolver, d string) error {
	_, err := r.Resolve(ctx, d)
	return err
}

func methodErr(m *VerificationMethod) error {
	_, err := m.PublicKey()
	return err
}
