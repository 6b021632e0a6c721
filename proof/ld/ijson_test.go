package ld

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestNotIJSONIsRefused: JSON that breaks an I-JSON rule (RFC 7493 section
// 2) is refused wherever it stands, with the JSON pointer of the value, as
// ErrInvalid (CodeNotIJSON). A number no double holds once crashed the
// xsd:double formatter; the other rules were repaired (U+FFFD, last member
// wins), so that two documents canonicalized alike.
func TestNotIJSONIsRefused(t *testing.T) {
	const at = "/credentialSubject/achievement/"
	tests := []struct {
		name, extra, path, msg string
	}{
		{"overflow", `, "n": 1e400`, at + "n", "too large"},
		{"overflow in a list", `, "l": [1, 2, -1.8e308]`, at + "l/2", "too large"},
		{"overflow in a value object", `, "n": {"@value": 1e400}`, at + "n/@value", "too large"},
		{"overflow in a JSON literal", `, "j": {"a": [1e400]}`, at + "j/a/0", "too large"},
		{"underflow", `, "n": 1e-400`, at + "n", "would read as 0"},
		{"underflow of a typed value", `, "n": {"@value": 2e-324, "@type": "http://www.w3.org/2001/XMLSchema#double"}`, at + "n/@value", "would read as 0"},
		{"unpaired surrogate", `, "n": "\ud800"`, at + "n", "unpaired UTF-16 surrogate escape \\ud800"},
		{"unpaired surrogate in a JSON literal", `, "j": {"k": "\udfff"}`, at + "j/k", "unpaired UTF-16 surrogate"},
		{"unpaired surrogate in a name", `, "j": {"\udfff": 1}`, at + "j", "unpaired UTF-16 surrogate"},
		{"invalid UTF-8", ", \"n\": \"\xff\"", at + "n", "invalid UTF-8"},
		{"duplicate member", `, "name": "B"`, at + "name", `duplicate member name "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().Canonicalize(context.Background(), []byte(achievementDoc(tt.extra)))
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Code != CodeNotIJSON {
				t.Fatalf("err = %v, want ErrInvalid with code %q", err, CodeNotIJSON)
			}
			if e.Path != tt.path || !strings.Contains(e.Detail, tt.msg) {
				t.Fatalf("path %q detail %q, want %q and %q", e.Path, e.Detail, tt.path, tt.msg)
			}
		})
	}
	if _, err := Default().Canonicalize(context.Background(), []byte(achievementDoc(`, "n": [1.7976931348623157e308, 5e-324, 0e400, "\ud83d\ude00"]`))); err != nil {
		t.Fatalf("the edges of I-JSON: %v", err)
	}
}

// TestCanonicalizeValueRefusesNonFiniteNumbers: values a caller built are
// held to the same rule, at the pointer of the value.
func TestCanonicalizeValueRefusesNonFiniteNumbers(t *testing.T) {
	for _, n := range []any{math.Inf(1), math.Inf(-1), math.NaN(), json.Number("1e400"), json.Number("-1e-400"), json.Number("12abc")} {
		doc, err := DecodeJSON([]byte(achievementDoc(`, "n": [1, 2]`)), 0)
		if err != nil {
			t.Fatal(err)
		}
		ach := doc.(map[string]any)["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
		ach["n"].([]any)[1] = n
		_, err = Default().CanonicalizeValue(context.Background(), doc)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Path != "/credentialSubject/achievement/n/1" {
			t.Errorf("%v: err = %v, want ErrInvalid at the number", n, err)
		}
		ach["n"] = map[string]any{"@value": n}
		_, err = Default().CanonicalizeValue(context.Background(), doc)
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Path != "/credentialSubject/achievement/n/@value" {
			t.Errorf("%v in @value: err = %v, want ErrInvalid at the number", n, err)
		}
	}
}
