package openbadges

import "github.com/clrkit/clrkit/vc"

// BakedImages is the vc.Unpacker of baked badge images: given a PNG or SVG
// it returns the credential baked into it (JSON or compact JWT), which the
// verifier then checks like any other input. Other input is left alone.
type BakedImages struct{}

var _ vc.Unpacker = BakedImages{}

// Unpack extracts the credential of a PNG or SVG image; ok is false for
// input that is not such an image.
func (BakedImages) Unpack(data []byte) (credential []byte, ok bool, err error) {
	if !IsBakedImage(data) {
		return nil, false, nil
	}
	cred, err := Unbake(data)
	return cred, true, err
}
