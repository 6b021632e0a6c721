package sqldb

import (
	"testing"
	"time"
)

func TestNumbered(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":                                 "SELECT 1",
		"SELECT a FROM t WHERE b = ? AND c = ?":    "SELECT a FROM t WHERE b = $1 AND c = $2",
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)": "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
	} {
		if got := Numbered(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestReadTime: what TextStamp writes reads back as the same instant, and
// a driver's time.Time as itself.
func TestReadTime(t *testing.T) {
	at := time.Date(2026, 12, 3, 17, 4, 5, 123456789, time.FixedZone("x", 3600))
	for _, v := range []any{TextStamp(at), []byte(TextStamp(at).(string)), at} {
		got, err := ReadTime(v)
		if err != nil || !got.Equal(at) {
			t.Errorf("%T %v: %v, %v", v, v, got, err)
		}
	}
	if _, err := ReadTime(42); err == nil {
		t.Error("an integer read as a time")
	}
}

// TestTextStampSorts: text stamps compare as their times do.
func TestTextStampSorts(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(time.Nanosecond), base.Add(500 * time.Millisecond), base.Add(time.Second), base.Add(-time.Nanosecond)}
	for _, a := range times {
		for _, b := range times {
			if (TextStamp(a).(string) < TextStamp(b).(string)) != a.Before(b) {
				t.Errorf("%v < %v: the stamps %s and %s disagree", a, b, TextStamp(a), TextStamp(b))
			}
		}
	}
}
