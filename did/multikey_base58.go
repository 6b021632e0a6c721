package did

import (
	"fmt"
)

// The base58btc alphabet (Bitcoin's).
const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Index maps a byte to its base58btc digit value, or 0xff.
var base58Index = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = byte(i)
	}
	return t
}()

// decodeMultibase checks that s is multibase base58btc ("z" prefix) and
// appends the decoded bytes to dst.
func decodeMultibase(dst []byte, s string) ([]byte, error) {
	if s == "" || s[0] != 'z' {
		return nil, fmt.Errorf("%w: %q", ErrMultibaseEncoding, truncate(s))
	}
	if len(s) > maxMultibaseLen {
		return nil, fmt.Errorf("%w: multibase value of %d characters, longer than any key", ErrKeyLength, len(s))
	}
	return base58Decode(dst, s[1:])
}

// base58Decode appends the bytes that the base58btc string s encodes to
// dst. Each leading "1" stands for one leading zero byte.
func base58Decode(dst []byte, s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty", ErrBase58)
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	// The number is accumulated in little-endian 32-bit limbs. Each digit
	// carries log2(58) < 5.86 bits.
	var stack [48]uint32
	nlimbs := (len(s)-zeros)*586/100/32 + 1
	var limbs []uint32
	if nlimbs <= len(stack) {
		limbs = stack[:nlimbs]
	} else {
		limbs = make([]uint32, nlimbs)
	}
	used := 0 // limbs in use (the rest are zero)
	for i := zeros; i < len(s); i++ {
		d := base58Index[s[i]]
		if d == 0xff {
			return nil, fmt.Errorf("%w: character %q at offset %d", ErrBase58, s[i], i)
		}
		carry := uint64(d)
		for j := 0; j < used; j++ {
			carry += uint64(limbs[j]) * 58
			limbs[j] = uint32(carry)
			carry >>= 32
		}
		if carry != 0 {
			limbs[used] = uint32(carry)
			used++
		}
	}
	// Write the limbs big-endian, skipping the number's leading zero bytes.
	for i := 0; i < zeros; i++ {
		dst = append(dst, 0)
	}
	started := false
	for j := used - 1; j >= 0; j-- {
		l := limbs[j]
		for shift := 24; shift >= 0; shift -= 8 {
			b := byte(l >> shift)
			if b == 0 && !started {
				continue
			}
			started = true
			dst = append(dst, b)
		}
	}
	return dst, nil
}

// encodeMultibase returns "z" and the base58btc encoding of the
// concatenation of a and b.
func encodeMultibase(a, b []byte) string {
	n := len(a) + len(b)
	at := func(i int) byte {
		if i < len(a) {
			return a[i]
		}
		return b[i-len(a)]
	}
	zeros := 0
	for zeros < n && at(zeros) == 0 {
		zeros++
	}
	// Load the number into big-endian 32-bit limbs.
	var stack [24]uint32
	nlimbs := (n - zeros + 3) / 4
	var limbs []uint32
	if nlimbs <= len(stack) {
		limbs = stack[:nlimbs]
	} else {
		limbs = make([]uint32, nlimbs)
	}
	for i := zeros; i < n; i++ {
		// The byte at position i from the start lands at bit offset
		// 8*(n-1-i) from the least significant end.
		off := n - 1 - i
		limbs[nlimbs-1-off/4] |= uint32(at(i)) << (8 * (off % 4))
	}
	// Divide repeatedly by 58^5, producing five digits at a time, least
	// significant first.
	const base5 = 58 * 58 * 58 * 58 * 58
	var dstack [128]byte
	digits := dstack[:0]
	first := 0 // index of the first non-zero limb
	for first < len(limbs) {
		var rem uint64
		for j := first; j < len(limbs); j++ {
			cur := rem<<32 | uint64(limbs[j])
			limbs[j] = uint32(cur / base5)
			rem = cur % base5
		}
		for k := 0; k < 5; k++ {
			digits = append(digits, byte(rem%58))
			rem /= 58
		}
		for first < len(limbs) && limbs[first] == 0 {
			first++
		}
	}
	for len(digits) > 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	out := make([]byte, 1+zeros+len(digits))
	out[0] = 'z'
	for i := 1; i <= zeros; i++ {
		out[i] = '1'
	}
	for j, k := len(digits)-1, 1+zeros; j >= 0; j, k = j-1, k+1 {
		out[k] = base58Alphabet[digits[j]]
	}
	return string(out)
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
