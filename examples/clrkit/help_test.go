package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// commandLines are the commands as typed, subcommands included: every
// entry of commands, with the one subcommand of did, jwt and schema and
// each of status.
func commandLines() []string {
	var out []string
	for name := range commands {
		switch name {
		case "did":
			out = append(out, "did resolve")
		case "jwt":
			out = append(out, "jwt sign")
		case "schema":
			out = append(out, "schema validate")
		case "status":
			out = append(out, "status create", "status revoke", "status suspend", "status reinstate", "status show")
		default:
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// helpOf runs clrkit CMD -h and returns the synopsis and the flags, by
// name, with what -h writes after the name ("--at RFC3339").
func helpOf(t *testing.T, args ...string) (usage string, flags map[string]string) {
	t.Helper()
	code, out, stderr := runCLI(t, "", args...)
	if code != exitOK || stderr != "" {
		t.Fatalf("%q: exit %d, stderr %q", args, code, stderr)
	}
	first, rest, _ := strings.Cut(out, "\n")
	usage, ok := strings.CutPrefix(first, "usage: clrkit ")
	if !ok {
		t.Fatalf("%q: first line %q", args, first)
	}
	flags = map[string]string{}
	lines := strings.Split(rest, "\n")
	for i, l := range lines {
		if head, ok := strings.CutPrefix(l, "  --"); ok {
			name, _, _ := strings.Cut(head, " ")
			if i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == "" {
				t.Errorf("%q: --%s has no description", args, name)
			}
			flags[name] = "--" + head
		}
	}
	return usage, flags
}

// TestHelp: clrkit CMD -h, clrkit CMD --help and clrkit help CMD print the
// same help to standard output and exit 0, and the help names every flag
// of the synopsis.
func TestHelp(t *testing.T) {
	for _, c := range commandLines() {
		args := strings.Fields(c)
		usage, flags := helpOf(t, append(args, "-h")...)
		if !strings.HasPrefix(usage, c) {
			t.Errorf("%s: synopsis %q", c, usage)
		}
		_, out1, _ := runCLI(t, "", append(args, "-h")...)
		_, out2, _ := runCLI(t, "", append(args, "--help")...)
		_, out3, _ := runCLI(t, "", append([]string{"help"}, args...)...)
		if out1 != out2 || out1 != out3 {
			t.Errorf("%s: -h, --help and help %s differ", c, c)
		}
		for _, m := range regexp.MustCompile(`--([a-z0-9-]+)`).FindAllStringSubmatch(usage, -1) {
			if _, ok := flags[m[1]]; !ok {
				t.Errorf("%s: the synopsis names --%s, which -h does not describe", c, m[1])
			}
		}
	}
	// -h as the value of a flag that takes one is that value, not help.
	if _, out, _ := runCLI(t, "", "verify", "--challenge", "-h", "testdata/ob3-basic.signed.json"); strings.HasPrefix(out, "usage:") {
		t.Errorf("verify --challenge -h FILE printed help")
	}
	// -h after other arguments, and with a flag that would be an error.
	if code, out, _ := runCLI(t, "", "canon", "x.json", "--nope", "-h"); code != exitOK || !strings.HasPrefix(out, "usage: clrkit canon") {
		t.Errorf("canon x.json --nope -h: exit %d, %q", code, out)
	}
	code, out, _ := runCLI(t, "", "help")
	if code != exitOK || !strings.Contains(out, "clrkit verify") {
		t.Errorf("help: exit %d, %q", code, out)
	}
	if code, _, stderr := runCLI(t, ""); code != exitUsage || !strings.Contains(stderr, "usage: clrkit COMMAND") {
		t.Errorf("no command: exit %d, stderr %q", code, stderr)
	}
}

// TestVersion: clrkit --version prints one line naming clrkit and the Go
// version.
func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "", "--version")
	if code != exitOK || !strings.HasPrefix(out, "clrkit ") || !strings.Contains(out, "go1.") || strings.Count(out, "\n") != 1 {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

// TestUsageErrorsNameTheProblem: a usage error names the flag or value at
// fault, on one line.
func TestUsageErrorsNameTheProblem(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		mention string
	}{
		{[]string{"canon", "--frobnicate", "x"}, "--frobnicate"},
		{[]string{"canon", "--hash-alg", "md5", "x"}, "md5"},
		{[]string{"canon"}, "missing FILE"},
		{[]string{"bench", "--duration", "soon", "x"}, "--duration"},
		{[]string{"bench", "--parallel", "0", "--op", "canon", "x"}, "--parallel"},
		{[]string{"sign", "x.json"}, "--key is required"},
		{[]string{"jwt", "sign", "x.json"}, "--key is required"},
		{[]string{"jwt"}, "sign"},
		{[]string{"verify", "--format", "xml", "x"}, "xml"},
		{[]string{"verify", "--refresh", "x"}, "--allow-network"},
		{[]string{"serve", "--key", "k.json"}, "--addr"},
		{[]string{"bake", "--in", "a.png", "--out", "b.png"}, "--credential"},
		{[]string{"keygen", "extra"}, `"extra"`},
	} {
		code, out, stderr := runCLI(t, "", tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(stderr, tt.mention) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 naming %s on one line", tt.args, code, out, stderr, tt.mention)
		}
	}
}

// TestCommandReadme holds README.md, the command's contract, to the
// program: the same commands, each with its synopsis exactly as -h prints
// it and the same flags, each written as -h writes it.
func TestCommandReadme(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := regexp.MustCompile("(?m)^### `clrkit ([a-z ]+)`\n").FindAllStringSubmatchIndex(string(data), -1)
	documented := map[string]string{}
	for i, m := range sections {
		end := len(data)
		if i+1 < len(sections) {
			end = sections[i+1][0]
		}
		if next := strings.Index(string(data[m[1]:end]), "\n## "); next >= 0 {
			end = m[1] + next
		}
		documented[string(data[m[2]:m[3]])] = string(data[m[1]:end])
	}
	var names []string
	for n := range documented {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := commandLines(); !slices.Equal(names, want) {
		t.Fatalf("README documents %q, the program has %q", names, want)
	}
	for _, c := range names {
		section := documented[c]
		usage, flags := helpOf(t, append(strings.Fields(c), "-h")...)
		if !strings.Contains(section, "```\nclrkit "+usage+"\n```") {
			t.Errorf("%s: README's synopsis is not %q", c, "clrkit "+usage)
		}
		docFlags := map[string]string{}
		for _, m := range regexp.MustCompile("(?m)^- `(--([a-z0-9-]+)[^`]*)`: ").FindAllStringSubmatch(section, -1) {
			docFlags[m[2]] = m[1]
		}
		for name, head := range flags {
			if doc, ok := docFlags[name]; !ok {
				t.Errorf("%s: --%s is not in README", c, name)
			} else if doc != head {
				t.Errorf("%s: README writes %q, -h %q", c, doc, head)
			}
		}
		for name := range docFlags {
			if _, ok := flags[name]; !ok {
				t.Errorf("%s: README documents --%s, which the command does not have", c, name)
			}
		}
	}
}

// TestMalformedJSONOneMessage: truncated or ill-formed JSON gets the same
// one-line message, naming the byte offset, line and column, and exit 2
// from every command that reads JSON.
func TestMalformedJSONOneMessage(t *testing.T) {
	const key = "testdata/issuer-ed25519.json"
	for _, tt := range []struct{ input, want string }{
		{`{"@context": ["https://www.w3.org/ns/credentials/v2"], "na`, "not valid JSON: unexpected end of JSON input at byte offset 58 (line 1, column 59)"},
		{"{\"a\": 1,\n \"b\": ]}", "not valid JSON: invalid character ']' looking for beginning of value at byte offset 15 (line 2, column 7)"},
	} {
		file := writeTemp(t, "bad.json", tt.input)
		for _, args := range [][]string{
			{"verify", file}, {"sign", "--key", key, file}, {"canon", file}, {"schema", "validate", file},
			{"jwt", "sign", "--key", key, file}, {"bench", "--op", "canon", "--duration", "1ms", file},
			{"bench", "--op", "verify", "--duration", "1ms", file},
			{"bake", "--in", "testdata/ob3-basic.json", "--out", filepath.Join(t.TempDir(), "x.svg"), "--credential", file},
			{"status", "create", "--store", "sqlite:" + filepath.Join(t.TempDir(), "s.db"), "--base-url", "https://example.edu/status", file},
		} {
			code, out, stderr := runCLI(t, "", args...)
			if want := "clrkit: " + file + ": " + tt.want + "\n"; code != exitUsage || out != "" || stderr != want {
				t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", args[:len(args)-1], code, out, stderr, want)
			}
		}
	}
}

// TestMalformedJSONOtherInputs: an empty input to verify, and a truncated
// key file, get the same message as any malformed JSON.
func TestMalformedJSONOtherInputs(t *testing.T) {
	empty := writeTemp(t, "empty.json", "")
	code, _, stderr := runCLI(t, "", "verify", empty)
	if want := "clrkit: " + empty + ": not valid JSON: unexpected end of JSON input at byte offset 0 (line 1, column 1)\n"; code != exitUsage || stderr != want {
		t.Errorf("empty input: exit %d, %q", code, stderr)
	}
	key, err := os.ReadFile("testdata/issuer-ed25519.json")
	if err != nil {
		t.Fatal(err)
	}
	truncated := writeTemp(t, "key.json", string(key[:20]))
	code, _, stderr = runCLI(t, "", "sign", "--key", truncated, "testdata/ob3-basic.json")
	if code != exitUsage || !strings.HasPrefix(stderr, "clrkit: "+truncated+": not valid JSON: unexpected end of JSON input at byte offset 20") {
		t.Errorf("truncated key file: exit %d, %q", code, stderr)
	}
}
