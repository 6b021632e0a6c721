package did

import (
	"fmt"
	"strings"
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
	limbs := stack[:0]
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
	in := make([]byte, 0, len(a)+len(b))
	in = append(append(in, a...), b...)
	zeros := 0
	for zeros < len(in) && in[zeros] == 0 {
		zeros++
	}
	// Base-58 digits, least significant first.
	digits := make([]byte, 0, len(in)*138/100+1)
	for _, c := range in[zeros:] {
		carry := int(c)
		for j := range digits {
			carry += int(digits[j]) << 8
			digits[j] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	var sb strings.Builder
	sb.Grow(1 + zeros + len(digits))
	sb.WriteByte('z')
	for i := 0; i < zeros; i++ {
		sb.WriteByte('1')
	}
	for j := len(digits) - 1; j >= 0; j-- {
		sb.WriteByte(base58Alphabet[digits[j]])
	}
	return sb.String()
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
