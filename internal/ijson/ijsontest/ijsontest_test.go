package ijsontest

import "testing"

func TestFitsDouble(t *testing.T) {
	for lit, want := range map[string]bool{
		"0": true, "-0.0e-400": true, "0e10000000000000000000": true, "1": true, "1.5e308": true,
		"1e309": false, "1e-400": false, "2e-324": false, "3e-324": true, "0.0001e312": true,
		"1e-10000000000000000000": false, "1e10000000000000000000": false, "123.456e-330": false, "123.456e-323": true,
	} {
		if got := fitsDouble(lit); got != want {
			t.Errorf("fitsDouble(%s) = %v, want %v", lit, got, want)
		}
	}
}

func TestAccepts(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"a":1,"b":[{"a":2}]}`: true, `{"a":1,"a":2}`: false, `["\ud83d\ude00"]`: true, `["\ud83d"]`: false,
		`["\ude00"]`: false, "[\"\xff\"]": false, `[1e400]`: false, `{"\u0061":1,"a":2}`: false,
	} {
		if got := Accepts([]byte(doc)); got != want {
			t.Errorf("Accepts(%s) = %v, want %v", doc, got, want)
		}
	}
	if !AcceptsIgnoringDuplicates([]byte(`{"a":1,"a":2}`)) {
		t.Error("AcceptsIgnoringDuplicates refuses a duplicate")
	}
}
