package proof

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// This file holds a deliberately small CBOR (RFC 8949) codec: just what
// COSE_Sign1 needs. Decoded items are Go values:
//
//	major type 0 and 1  int64 (values outside the int64 range are rejected)
//	major type 2        []byte
//	major type 3        string (must be valid UTF-8)
//	major type 4        []any
//	major type 5        cborMap (pairs in the order sent; duplicate keys are rejected)
//	major type 7        false, true, nil (null); undefined, other simple
//	                    values and floats are rejected
//
// Indefinite lengths, reserved additional-information values, tags (other
// than the one the caller allows at the top), nesting deeper than
// cborMaxDepth and data after the item are all errors.

// ErrCBOR: the input is not CBOR of the restricted kind this package reads.
var ErrCBOR = errors.New("proof: malformed or unsupported CBOR")

// cborMaxDepth bounds the nesting of arrays and maps.
const cborMaxDepth = 16

// cborPair is one entry of a CBOR map.
type cborPair struct {
	Key, Value any
}

// cborMap is a decoded CBOR map, in the order of the input.
type cborMap []cborPair

// get returns the value under an integer or text key.
func (m cborMap) get(key any) (any, bool) {
	for _, p := range m {
		if p.Key == key {
			return p.Value, true
		}
	}
	return nil, false
}

type cborDecoder struct {
	data []byte
	pos  int
}

// cborDecode decodes exactly one item from data. When tag is non-negative,
// the item may carry that one tag at the top; the result reports whether it
// did.
func cborDecode(data []byte, tag int64) (v any, tagged bool, err error) {
	d := &cborDecoder{data: data}
	if tag >= 0 && len(data) > 0 && data[0]>>5 == 6 {
		t, err := d.head(6)
		if err != nil {
			return nil, false, err
		}
		if t != uint64(tag) {
			return nil, false, fmt.Errorf("%w: tag %d", ErrCBOR, t)
		}
		tagged = true
	}
	v, err = d.item(0)
	if err != nil {
		return nil, false, err
	}
	if d.pos != len(d.data) {
		return nil, false, fmt.Errorf("%w: %d bytes after the item", ErrCBOR, len(d.data)-d.pos)
	}
	return v, tagged, nil
}

// head reads an initial byte, which must be of major type want, and its
// argument.
func (d *cborDecoder) head(want byte) (uint64, error) {
	if d.pos >= len(d.data) {
		return 0, fmt.Errorf("%w: unexpected end of input", ErrCBOR)
	}
	ib := d.data[d.pos]
	if ib>>5 != want {
		return 0, fmt.Errorf("%w: major type %d, want %d", ErrCBOR, ib>>5, want)
	}
	d.pos++
	return d.arg(ib & 0x1f)
}

// arg reads the argument selected by the additional information ai.
func (d *cborDecoder) arg(ai byte) (uint64, error) {
	var n int
	switch {
	case ai < 24:
		return uint64(ai), nil
	case ai == 24:
		n = 1
	case ai == 25:
		n = 2
	case ai == 26:
		n = 4
	case ai == 27:
		n = 8
	case ai == 31:
		return 0, fmt.Errorf("%w: indefinite length", ErrCBOR)
	default:
		return 0, fmt.Errorf("%w: reserved additional information %d", ErrCBOR, ai)
	}
	if len(d.data)-d.pos < n {
		return 0, fmt.Errorf("%w: unexpected end of input", ErrCBOR)
	}
	var v uint64
	for _, b := range d.data[d.pos : d.pos+n] {
		v = v<<8 | uint64(b)
	}
	d.pos += n
	return v, nil
}

// length checks that n items of at least min bytes each can still follow.
func (d *cborDecoder) length(n uint64, min int) (int, error) {
	if n > uint64(len(d.data)-d.pos)/uint64(min) {
		return 0, fmt.Errorf("%w: length %d beyond the input", ErrCBOR, n)
	}
	return int(n), nil
}

func (d *cborDecoder) item(depth int) (any, error) {
	if depth > cborMaxDepth {
		return nil, fmt.Errorf("%w: nested deeper than %d", ErrCBOR, cborMaxDepth)
	}
	if d.pos >= len(d.data) {
		return nil, fmt.Errorf("%w: unexpected end of input", ErrCBOR)
	}
	ib := d.data[d.pos]
	major, ai := ib>>5, ib&0x1f
	d.pos++
	if major == 7 {
		switch ai {
		case 20:
			return false, nil
		case 21:
			return true, nil
		case 22:
			return nil, nil
		}
		return nil, fmt.Errorf("%w: simple value or float 0x%02x", ErrCBOR, ib)
	}
	a, err := d.arg(ai)
	if err != nil {
		return nil, err
	}
	switch major {
	case 0:
		if a > math.MaxInt64 {
			return nil, fmt.Errorf("%w: integer out of range", ErrCBOR)
		}
		return int64(a), nil
	case 1:
		if a > math.MaxInt64 {
			return nil, fmt.Errorf("%w: integer out of range", ErrCBOR)
		}
		return -1 - int64(a), nil
	case 2, 3:
		n, err := d.length(a, 1)
		if err != nil {
			return nil, err
		}
		b := d.data[d.pos : d.pos+n]
		d.pos += n
		if major == 3 {
			if !utf8.Valid(b) {
				return nil, fmt.Errorf("%w: text string is not UTF-8", ErrCBOR)
			}
			return string(b), nil
		}
		return bytes.Clone(b), nil
	case 4:
		n, err := d.length(a, 1)
		if err != nil {
			return nil, err
		}
		out := make([]any, 0, n)
		for range n {
			v, err := d.item(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case 5:
		n, err := d.length(a, 2)
		if err != nil {
			return nil, err
		}
		out := make(cborMap, 0, n)
		for range n {
			k, err := d.item(depth + 1)
			if err != nil {
				return nil, err
			}
			switch k.(type) {
			case int64, string:
			default:
				return nil, fmt.Errorf("%w: map key of type %T", ErrCBOR, k)
			}
			if _, dup := out.get(k); dup {
				return nil, fmt.Errorf("%w: duplicate map key %v", ErrCBOR, k)
			}
			v, err := d.item(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, cborPair{k, v})
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: tag inside an item", ErrCBOR)
}

// cborAppendHead appends an initial byte and argument in the shortest form.
func cborAppendHead(buf []byte, major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return append(buf, m|byte(n))
	case n <= math.MaxUint8:
		return append(buf, m|24, byte(n))
	case n <= math.MaxUint16:
		return append(buf, m|25, byte(n>>8), byte(n))
	case n <= math.MaxUint32:
		return append(buf, m|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(buf, m|27, byte(n>>56), byte(n>>48), byte(n>>40), byte(n>>32), byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// cborAppend appends the encoding of v, a value of the kinds cborDecode
// returns (int is accepted too), with shortest-form heads.
func cborAppend(buf []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case int:
		return cborAppend(buf, int64(x))
	case int64:
		if x >= 0 {
			return cborAppendHead(buf, 0, uint64(x)), nil
		}
		return cborAppendHead(buf, 1, uint64(-1-x)), nil
	case []byte:
		return append(cborAppendHead(buf, 2, uint64(len(x))), x...), nil
	case string:
		if !utf8.ValidString(x) {
			return nil, fmt.Errorf("%w: text string is not UTF-8", ErrCBOR)
		}
		return append(cborAppendHead(buf, 3, uint64(len(x))), x...), nil
	case []any:
		buf = cborAppendHead(buf, 4, uint64(len(x)))
		for _, e := range x {
			if buf, err = cborAppend(buf, e); err != nil {
				return nil, err
			}
		}
		return buf, nil
	case cborMap:
		buf = cborAppendHead(buf, 5, uint64(len(x)))
		for _, p := range x {
			if buf, err = cborAppend(buf, p.Key); err != nil {
				return nil, err
			}
			if buf, err = cborAppend(buf, p.Value); err != nil {
				return nil, err
			}
		}
		return buf, nil
	case bool:
		if x {
			return append(buf, 0xf5), nil
		}
		return append(buf, 0xf4), nil
	case nil:
		return append(buf, 0xf6), nil
	}
	return nil, fmt.Errorf("%w: cannot encode %T", ErrCBOR, v)
}
