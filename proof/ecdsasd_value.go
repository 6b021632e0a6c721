package proof

import (
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"
)

// This file holds the proofValue forms of ecdsa-sd-2023 (Data Integrity
// ECDSA Cryptosuites v1.0, serializeBaseProofValue, parseBaseProofValue,
// serializeDerivedProofValue, parseDerivedProofValue, compressLabelMap and
// decompressLabelMap): "u" (multibase base64url, no padding) followed by a
// three-byte header, 0xd9 0x5d 0x00 for a base proof and 0xd9 0x5d 0x01 for
// a derived one (CBOR tag 23808 or 23809, written out), and one CBOR array.
//
//	base:    [baseSignature, publicKey, hmacKey, [signature...], [mandatoryPointer...]]
//	derived: [baseSignature, publicKey, [signature...], {index: hmacDigest...}, [mandatoryIndex...]]
//
// The parsers read exactly that shape with the decoder of cbor.go, bound
// every count before allocating and refuse trailing data.

// Sizes and bounds of ecdsa-sd-2023 proof values.
const (
	sdSignatureSize = 64 // P-256 r||s
	sdPublicKeySize = 35 // 0x80 0x24 (p256-pub multicodec) and a compressed point
	sdHMACKeySize   = 32
	sdLabelSize     = 32 // HMAC-SHA-256 digest
	// sdMaxStatements bounds the signatures of a proof value, so the
	// non-mandatory statements of a document: a credential has tens, a
	// CLR with many achievements a few thousand.
	sdMaxStatements = 16384
	// sdMaxLabels bounds the entries of a derived proof's label map (the
	// blank nodes of the disclosed document).
	sdMaxLabels = 16384
	// sdMaxPointers bounds the JSON pointers of a proof value or a call.
	sdMaxPointers = 1024
	// sdMaxPointerLen bounds the length of one JSON pointer, in bytes.
	sdMaxPointerLen = 1024
	// sdMaxMandatory bounds the mandatory statements of a derived proof.
	sdMaxMandatory = 65536
	// sdMaxProofValue bounds the length of a proofValue string, checked
	// before it is decoded: room for every bound above.
	sdMaxProofValue = 4 << 20
)

// The header bytes that follow the tag prefix 0xd9 0x5d.
const (
	sdModeBase    byte = 0x00
	sdModeDerived byte = 0x01
)

// sdBaseValue is the content of a base proof's proofValue.
type sdBaseValue struct {
	baseSignature     []byte   // the issuer's signature, r||s
	publicKey         []byte   // the proof-scoped key, Multikey bytes
	hmacKey           []byte   // the key of the blank node labels
	signatures        [][]byte // one per non-mandatory statement, in order
	mandatoryPointers []string
}

// sdDerivedValue is the content of a derived proof's proofValue.
type sdDerivedValue struct {
	baseSignature []byte
	publicKey     []byte
	signatures    [][]byte // one per disclosed non-mandatory statement
	// labels maps the number n of each canonical label c14n<n> of the
	// disclosed document to the HMAC digest that names it in the base
	// proof's statements.
	labels           map[int][]byte
	mandatoryIndexes []int
}

func sdHeader(mode byte) []byte { return []byte{0xd9, 0x5d, mode} }

// encode returns the proofValue of a base proof.
func (b *sdBaseValue) encode() (string, error) {
	sigs := make([]any, len(b.signatures))
	for i, s := range b.signatures {
		sigs[i] = s
	}
	ptrs := make([]any, len(b.mandatoryPointers))
	for i, p := range b.mandatoryPointers {
		ptrs[i] = p
	}
	buf, err := cborAppend(sdHeader(sdModeBase), []any{b.baseSignature, b.publicKey, b.hmacKey, sigs, ptrs})
	if err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf), nil
}

// encode returns the proofValue of a derived proof. The label map is
// written with its keys in increasing order.
func (d *sdDerivedValue) encode() (string, error) {
	sigs := make([]any, len(d.signatures))
	for i, s := range d.signatures {
		sigs[i] = s
	}
	keys := make([]int, 0, len(d.labels))
	for k := range d.labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	labels := make(cborMap, len(keys))
	for i, k := range keys {
		labels[i] = cborPair{int64(k), d.labels[k]}
	}
	idx := make([]any, len(d.mandatoryIndexes))
	for i, n := range d.mandatoryIndexes {
		idx[i] = n
	}
	buf, err := cborAppend(sdHeader(sdModeDerived), []any{d.baseSignature, d.publicKey, sigs, labels, idx})
	if err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf), nil
}

// sdProofBytes decodes an ecdsa-sd-2023 proofValue and returns its mode
// byte and the CBOR that follows the header.
func sdProofBytes(proofValue string) (byte, []byte, error) {
	if proofValue == "" {
		return 0, nil, fmt.Errorf("%w: no proofValue", ErrMalformedProof)
	}
	if proofValue[0] != 'u' {
		return 0, nil, fmt.Errorf("%w: %s proofValue is not multibase base64url (prefix \"u\")", ErrMalformedProof, SuiteECDSASD2023)
	}
	if len(proofValue) > sdMaxProofValue {
		return 0, nil, fmt.Errorf("%w: %s proofValue of %d characters, more than the limit of %d", ErrMalformedProof, SuiteECDSASD2023, len(proofValue), sdMaxProofValue)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(proofValue[1:])
	if err != nil {
		return 0, nil, fmt.Errorf("%w: %s proofValue is not base64url without padding: %v", ErrMalformedProof, SuiteECDSASD2023, err)
	}
	if len(raw) < 3 || raw[0] != 0xd9 || raw[1] != 0x5d || raw[2] > sdModeDerived {
		n := min(len(raw), 3)
		return 0, nil, fmt.Errorf("%w: %s proofValue header %x, want d95d00 (base proof) or d95d01 (derived proof)", ErrMalformedProof, SuiteECDSASD2023, raw[:n])
	}
	return raw[2], raw[3:], nil
}

// parseSDBase parses the proofValue of a base proof.
func parseSDBase(proofValue string) (*sdBaseValue, error) {
	mode, data, err := sdProofBytes(proofValue)
	if err != nil {
		return nil, err
	}
	if mode != sdModeBase {
		return nil, fmt.Errorf("%w: the %s proof is a derived proof already, not a base proof", ErrMalformedProof, SuiteECDSASD2023)
	}
	d := &cborDecoder{data: data}
	b := &sdBaseValue{}
	err = d.sdArrayOf(5, func(d *cborDecoder) (err error) {
		if b.baseSignature, err = d.sdBytes("baseSignature", sdSignatureSize); err != nil {
			return err
		}
		if b.publicKey, err = d.sdBytes("publicKey", sdPublicKeySize); err != nil {
			return err
		}
		if b.hmacKey, err = d.sdBytes("hmacKey", sdHMACKeySize); err != nil {
			return err
		}
		if b.signatures, err = d.sdSignatures(); err != nil {
			return err
		}
		b.mandatoryPointers, err = d.sdPointers()
		return err
	})
	if err != nil {
		return nil, sdCBORError("base", err)
	}
	return b, nil
}

// parseSDDerived parses the proofValue of a derived proof.
func parseSDDerived(proofValue string) (*sdDerivedValue, error) {
	mode, data, err := sdProofBytes(proofValue)
	if err != nil {
		return nil, err
	}
	if mode != sdModeDerived {
		return nil, fmt.Errorf("%w: %s base proof (proofValue header d95d00): the holder must derive a disclosure proof from it (proof.Derive) for a verifier to check", ErrUnsupportedProof, SuiteECDSASD2023)
	}
	d := &cborDecoder{data: data}
	v := &sdDerivedValue{}
	err = d.sdArrayOf(5, func(d *cborDecoder) (err error) {
		if v.baseSignature, err = d.sdBytes("baseSignature", sdSignatureSize); err != nil {
			return err
		}
		if v.publicKey, err = d.sdBytes("publicKey", sdPublicKeySize); err != nil {
			return err
		}
		if v.signatures, err = d.sdSignatures(); err != nil {
			return err
		}
		if v.labels, err = d.sdLabelMap(); err != nil {
			return err
		}
		v.mandatoryIndexes, err = d.sdIndexes()
		return err
	})
	if err != nil {
		return nil, sdCBORError("derived", err)
	}
	return v, nil
}

func sdCBORError(kind string, err error) error {
	return fmt.Errorf("%w: %s %s proofValue: %w", ErrMalformedProof, SuiteECDSASD2023, kind, err)
}

// sdArrayOf reads an array of exactly n items with items, then requires
// the end of the input.
func (d *cborDecoder) sdArrayOf(n uint64, items func(*cborDecoder) error) error {
	got, err := d.head(4)
	if err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("%w: an array of %d items, want %d", ErrCBOR, got, n)
	}
	if err := items(d); err != nil {
		return err
	}
	if d.pos != len(d.data) {
		return fmt.Errorf("%w: %d bytes after the item", ErrCBOR, len(d.data)-d.pos)
	}
	return nil
}

// sdBytes reads a byte string of exactly size bytes, which may carry tag
// 64 (a typed array of uint8, as some CBOR libraries write byte arrays).
func (d *cborDecoder) sdBytes(what string, size int) ([]byte, error) {
	if d.pos < len(d.data) && d.data[d.pos]>>5 == 6 {
		t, err := d.head(6)
		if err != nil {
			return nil, err
		}
		if t != 64 {
			return nil, fmt.Errorf("%w: %s carries tag %d", ErrCBOR, what, t)
		}
	}
	n, err := d.head(2)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if n != uint64(size) {
		return nil, fmt.Errorf("%w: %s of %d bytes, want %d", ErrCBOR, what, n, size)
	}
	if len(d.data)-d.pos < size {
		return nil, fmt.Errorf("%w: unexpected end of input", ErrCBOR)
	}
	b := append([]byte(nil), d.data[d.pos:d.pos+size]...)
	d.pos += size
	return b, nil
}

// sdCount reads the head of an array or map (major type major) holding at
// most limit items of at least min bytes each.
func (d *cborDecoder) sdCount(major byte, what string, limit, min int) (int, error) {
	n, err := d.head(major)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if n > uint64(limit) {
		return 0, fmt.Errorf("%w: %d %s, more than the limit of %d", ErrCBOR, n, what, limit)
	}
	return d.length(n, min)
}

func (d *cborDecoder) sdSignatures() ([][]byte, error) {
	n, err := d.sdCount(4, "signatures", sdMaxStatements, sdSignatureSize+2)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, n)
	for i := range out {
		if out[i], err = d.sdBytes(fmt.Sprintf("signature %d", i), sdSignatureSize); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *cborDecoder) sdPointers() ([]string, error) {
	n, err := d.sdCount(4, "mandatory pointers", sdMaxPointers, 1)
	if err != nil {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		l, err := d.head(3)
		if err != nil {
			return nil, fmt.Errorf("mandatory pointer %d: %w", i, err)
		}
		if l > sdMaxPointerLen {
			return nil, fmt.Errorf("%w: mandatory pointer %d of %d bytes, more than the limit of %d", ErrCBOR, i, l, sdMaxPointerLen)
		}
		m, err := d.length(l, 1)
		if err != nil {
			return nil, err
		}
		b := d.data[d.pos : d.pos+m]
		d.pos += m
		if !utf8.Valid(b) {
			return nil, fmt.Errorf("%w: mandatory pointer %d is not UTF-8", ErrCBOR, i)
		}
		out[i] = string(b)
	}
	return out, nil
}

// sdUint reads an unsigned integer no larger than limit.
func (d *cborDecoder) sdUint(what string, limit int) (int, error) {
	v, err := d.head(0)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if v > uint64(limit) || v > math.MaxInt32 {
		return 0, fmt.Errorf("%w: %s %d out of range", ErrCBOR, what, v)
	}
	return int(v), nil
}

func (d *cborDecoder) sdLabelMap() (map[int][]byte, error) {
	n, err := d.sdCount(5, "label map entries", sdMaxLabels, 2+sdLabelSize)
	if err != nil {
		return nil, err
	}
	out := make(map[int][]byte, n)
	seen := make(map[string]bool, n)
	for range n {
		k, err := d.sdUint("label map key", math.MaxInt32)
		if err != nil {
			return nil, err
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%w: label map key %d twice", ErrCBOR, k)
		}
		v, err := d.sdBytes(fmt.Sprintf("label of c14n%d", k), sdLabelSize)
		if err != nil {
			return nil, err
		}
		if seen[string(v)] {
			return nil, fmt.Errorf("%w: label map gives two blank nodes one label", ErrCBOR)
		}
		seen[string(v)] = true
		out[k] = v
	}
	return out, nil
}

func (d *cborDecoder) sdIndexes() ([]int, error) {
	n, err := d.sdCount(4, "mandatory indexes", sdMaxMandatory, 1)
	if err != nil {
		return nil, err
	}
	out := make([]int, n)
	for i := range out {
		if out[i], err = d.sdUint("mandatory index", math.MaxInt32); err != nil {
			return nil, err
		}
		if i > 0 && out[i] <= out[i-1] {
			return nil, fmt.Errorf("%w: mandatory indexes are not in increasing order", ErrCBOR)
		}
	}
	return out, nil
}

// hmacLabelOf returns the blank node label that a label map digest
// stands for: "u" and the digest in base64url.
func hmacLabelOf(digest []byte) string {
	return "u" + base64.RawURLEncoding.EncodeToString(digest)
}
