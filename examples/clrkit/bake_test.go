package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const badgeSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>
`

// badgePNG writes a 2x2 PNG to a temporary file and returns its path.
func badgePNG(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "badge.png", buf.String())
}

func compactFile(t *testing.T, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(readFile(t, name))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestBakeUnbake(t *testing.T) {
	jwt := strings.TrimSpace(readFile(t, "testdata/ob3-basic.eddsa.jwt"))
	signed := compactFile(t, "testdata/ob3-basic.signed.json")
	for _, tt := range []struct{ name, img, cred, want string }{
		{"png-json", badgePNG(t), "testdata/ob3-basic.signed.json", signed},
		{"png-jwt", badgePNG(t), "testdata/ob3-basic.eddsa.jwt", jwt},
		{"svg-json", writeTemp(t, "badge.svg", badgeSVG), "testdata/ob3-basic.signed.json", signed},
		{"svg-jwt", writeTemp(t, "badge.svg", badgeSVG), "testdata/ob3-basic.eddsa.jwt", jwt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "baked")
			code, stdout, stderr := runCLI(t, "", "bake", "--in", tt.img, "--credential", tt.cred, "--out", out)
			if code != exitOK || stdout != "" || stderr != "" {
				t.Fatalf("bake: exit %d stdout %q stderr %q", code, stdout, stderr)
			}
			code, stdout, stderr = runCLI(t, "", "unbake", out)
			if code != exitOK || stdout != tt.want+"\n" || stderr != "" {
				t.Fatalf("unbake: exit %d stderr %q stdout\n%s", code, stderr, stdout)
			}
			// Baked once only: exit 1.
			code, _, stderr = runCLI(t, "", "bake", "--in", out, "--credential", tt.cred, "--out", filepath.Join(t.TempDir(), "x"))
			if code != exitRejected || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "already holds") {
				t.Errorf("bake twice: exit %d stderr %q", code, stderr)
			}
		})
	}
}

func TestBakeStdio(t *testing.T) {
	// Credential from standard input, image to standard output, and unbake
	// from standard input.
	code, baked, stderr := runCLI(t, "  a.b.c\n", "bake", "--in", writeTemp(t, "b.svg", badgeSVG), "--credential", "-", "--out", "-")
	if code != exitOK || !strings.Contains(baked, `<openbadges:credential verify="a.b.c">`) {
		t.Fatalf("exit %d stderr %q out %s", code, stderr, baked)
	}
	code, out, _ := runCLI(t, baked, "unbake", "-")
	if code != exitOK || out != "a.b.c\n" {
		t.Fatalf("unbake -: exit %d out %q", code, out)
	}
}

func TestBakeUnbakeRejected(t *testing.T) {
	svg := writeTemp(t, "b.svg", badgeSVG)
	for _, tt := range []struct {
		name    string
		stdin   string
		args    []string
		mention string
	}{
		{"unbake: not baked", "", []string{"unbake", svg}, "holds no baked credential"},
		{"unbake: not baked PNG", "", []string{"unbake", badgePNG(t)}, "no iTXt chunk"},
		{"unbake: verify is not a JWS", `<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="https://example.org/a"/></svg>`, []string{"unbake", "-"}, "not a compact JWS"},
		{"unbake: two credentials", `<svg><openbadges:credential verify="a.b.c"/><openbadges:credential verify="a.b.c"/></svg>`, []string{"unbake", "-"}, "the spec allows one"},
		{"bake: credential neither JSON nor JWS", "https://example.org/credential", []string{"bake", "--in", svg, "--credential", "-", "--out", filepath.Join(t.TempDir(), "x")}, "neither a JSON object nor a compact JWS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.stdin, tt.args...)
			if code != exitRejected || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.mention) {
				t.Fatalf("exit %d out %q stderr %q", code, out, stderr)
			}
		})
	}
}

func TestBakeUnbakeUsage(t *testing.T) {
	svg := writeTemp(t, "b.svg", badgeSVG)
	pngFile := badgePNG(t)
	data, err := os.ReadFile(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	truncated := writeTemp(t, "t.png", string(data[:len(data)-5]))
	out := filepath.Join(t.TempDir(), "x")
	cred := "testdata/ob3-basic.eddsa.jwt"
	for _, tt := range []struct {
		name    string
		stdin   string
		args    []string
		mention string
	}{
		{"bake: no flags", "", []string{"bake"}, "usage"},
		{"bake: no --out", "", []string{"bake", "--in", svg, "--credential", cred}, "usage"},
		{"bake: positional", "", []string{"bake", "--in", svg, "--credential", cred, "--out", out, "extra"}, "usage"},
		{"bake: unknown flag", "", []string{"bake", "--in", svg, "--credential", cred, "--out", out, "--replace"}, "usage"},
		{"bake: two stdins", "", []string{"bake", "--in", "-", "--credential", "-", "--out", out}, "usage"},
		{"bake: missing image", "", []string{"bake", "--in", "testdata/none.png", "--credential", cred, "--out", out}, "none.png"},
		{"bake: missing credential", "", []string{"bake", "--in", svg, "--credential", "testdata/none.json", "--out", out}, "none.json"},
		{"bake: not an image", "", []string{"bake", "--in", cred, "--credential", cred, "--out", out}, "not a PNG or SVG"},
		{"bake: truncated PNG", "", []string{"bake", "--in", truncated, "--credential", cred, "--out", out}, "truncated"},
		{"bake: malformed SVG", "<svg>\n<g></svg>", []string{"bake", "--in", "-", "--credential", cred, "--out", out}, "line 2"},
		{"bake: unwritable output", "", []string{"bake", "--in", svg, "--credential", cred, "--out", filepath.Join(t.TempDir(), "no", "dir")}, "no such file"},
		{"unbake: no file", "", []string{"unbake"}, "usage"},
		{"unbake: two files", "", []string{"unbake", svg, svg}, "usage"},
		{"unbake: missing file", "", []string{"unbake", "testdata/none.png"}, "none.png"},
		{"unbake: not an image", "", []string{"unbake", cred}, "not a PNG or SVG"},
		{"unbake: empty stdin", "", []string{"unbake", "-"}, "not a PNG or SVG"},
		{"unbake: truncated PNG", "", []string{"unbake", truncated}, "truncated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.stdin, tt.args...)
			if code != exitUsage || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.mention) {
				t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed bake wrote %s", out)
	}
}
