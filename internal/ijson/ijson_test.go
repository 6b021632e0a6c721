package ijson

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		lit      string
		want     float64
		overflow bool
		err      bool
	}{
		{"0", 0, false, false},
		{"-0", 0, false, false},
		{"0.000e-999999", 0, false, false},
		{"0e400", 0, false, false},
		{"1.5", 1.5, false, false},
		{"1.7976931348623157e308", 1.7976931348623157e308, false, false},
		{"4e-324", 5e-324, false, false}, // the smallest subnormal
		{"1e-320", 1e-320, false, false},
		{"1e400", 0, true, true},
		{"-1e400", 0, true, true},
		{"1.7976931348623159e308", 0, true, true},
		{"1e-400", 0, false, true},
		{"-1e-400", 0, false, true},
		{"2e-324", 0, false, true}, // rounds to zero
		{"0." + strings.Repeat("0", 400) + "1", 0, false, true},
	}
	for _, tt := range tests {
		f, err := ParseNumber(tt.lit)
		if (err != nil) != tt.err {
			t.Errorf("ParseNumber(%s) = %v, %v", tt.lit, f, err)
			continue
		}
		if err != nil {
			var ne *NumberError
			if !errors.Is(err, ErrNumberRange) || !errors.As(err, &ne) || ne.Overflow != tt.overflow || ne.Literal != tt.lit {
				t.Errorf("ParseNumber(%s): error %#v", tt.lit, err)
			}
			continue
		}
		if f != tt.want {
			t.Errorf("ParseNumber(%s) = %v, want %v", tt.lit, f, tt.want)
		}
	}
}

// TestMayBeOutOfRange holds the shortcut to ParseNumber: every literal it
// lets through parses.
func TestMayBeOutOfRange(t *testing.T) {
	for _, lit := range []string{"0", "-12", "1.25", "123456789012345678901234567890", "0.000000000000000000000000000001"} {
		if MayBeOutOfRange([]byte(lit)) {
			t.Errorf("%s: needs no check", lit)
		}
		if _, err := ParseNumber(lit); err != nil {
			t.Errorf("%s: %v", lit, err)
		}
	}
	for _, lit := range []string{"1e5", "1E-5", "1" + strings.Repeat("0", 300)} {
		if !MayBeOutOfRange([]byte(lit)) {
			t.Errorf("%q: must be checked", lit)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "1e400", "1e-400", "-0.0e-5", "123.456e-7", "2e-324", "3e-324"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		if !jsonNumber(lit) {
			return
		}
		v, err := ParseNumber(lit)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrNumberRange) {
			t.Fatalf("%s: %v", lit, err)
		}
		if !MayBeOutOfRange([]byte(lit)) {
			t.Fatalf("%s fails (%v) but MayBeOutOfRange says it cannot", lit, err)
		}
		_ = v
	})
}

// jsonNumber reports whether s follows the JSON number grammar.
func jsonNumber(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func TestHex4(t *testing.T) {
	for in, want := range map[string]rune{"0041": 'A', "00e9": 'é', "D83D": 0xD83D, "ffff": 0xFFFF, "aBcD": 0xABCD} {
		if r, ok := Hex4([]byte(`\u`+in+"x"), 2); !ok || r != want {
			t.Errorf("Hex4(%s) = %U, %v", in, r, ok)
		}
	}
	for _, in := range []string{"004", "00g1", "+041", ""} {
		if _, ok := Hex4([]byte(in), 0); ok {
			t.Errorf("Hex4(%q) accepted", in)
		}
	}
	if _, ok := Hex4([]byte("0041"), -1); ok {
		t.Error("Hex4 at a negative offset")
	}
}

// TestPlain8: Plain8 never passes eight bytes holding one a string scanner
// must stop at ('"', '\\', a control character, a byte of a multi-byte
// sequence), and passes plain ASCII bytes around none of them. Each byte
// value in each position among plain bytes, and random words.
func TestPlain8(t *testing.T) {
	special := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80 }
	for pos := range 8 {
		for c := range 256 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			if got := Plain8(w); got == special(byte(c)) {
				t.Fatalf("Plain8(%q) = %v", w, got)
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var w [8]byte
		found := false
		for i := range w {
			w[i] = byte(rng.IntN(256))
			if rng.IntN(2) == 0 {
				w[i] = byte(0x20 + rng.IntN(0x60)) // mostly printable
			}
			found = found || special(w[i])
		}
		if Plain8(w[:]) && found {
			t.Fatalf("Plain8(%q) passes a byte it must not", w)
		}
	}
}
