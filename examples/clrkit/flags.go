package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// cmdline is the command line of one (sub)command: its flags, its synopsis
// and what it does, for -h and for usage errors.
type cmdline struct {
	*flag.FlagSet
	name  string // as typed after clrkit: "sign", "did resolve"
	usage string // the synopsis, without the leading "clrkit "
	about string // one or two sentences on what the command does
}

// newCmdline starts the command line of the command named name.
func newCmdline(name, usage, about string) *cmdline {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &cmdline{FlagSet: fs, name: name, usage: usage, about: about}
}

// flagDash finds a flag name as the flag package writes it, "-name" after
// a space or colon.
var flagDash = regexp.MustCompile(`(^|[ :])-([a-zA-Z][a-zA-Z0-9-]*)`)

// errHelp is returned by parse when -h or --help was given: the help has
// been printed and the command should exit 0.
var errHelp = errors.New("help printed")

// parse parses args, allowing flags after positional arguments (clrkit
// canon FILE --labels), and returns the positional arguments. With -h or
// --help anywhere it prints the help to e's standard output and returns
// errHelp. A malformed flag's error names the flag.
func (c *cmdline) parse(e *env, args []string) ([]string, error) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if (a == "-h" || a == "--help" || a == "-help") && !c.takesValue(args[:i]) {
			c.printHelp(e.stdout)
			return nil, errHelp
		}
	}
	var positional []string
	for {
		if err := c.Parse(args); err != nil {
			// The flag package writes "-name"; the commands document
			// "--name".
			return nil, errors.New(flagDash.ReplaceAllString(err.Error(), "$1--$2"))
		}
		rest := c.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// takesValue reports whether the argument after before is the value of the
// last of them, a flag that takes one ("--challenge -h": -h is the value).
func (c *cmdline) takesValue(before []string) bool {
	if len(before) == 0 {
		return false
	}
	last := before[len(before)-1]
	if !strings.HasPrefix(last, "-") || strings.Contains(last, "=") {
		return false
	}
	f := c.Lookup(strings.TrimLeft(last, "-"))
	if f == nil {
		return false
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	return true
}

// parseArgs is parse followed by wantArgs, the opening of every command:
// the positional arguments, or the exit status to return (0 after -h,
// the usage status after an error) and ok false.
func (c *cmdline) parseArgs(e *env, args []string, n int, what string) ([]string, int, bool) {
	rest, err := c.parse(e, args)
	if err != nil {
		return nil, c.usageError(e, err), false
	}
	if code, ok := c.wantArgs(e, rest, n, what); !ok {
		return nil, code, false
	}
	return rest, exitOK, true
}

// given reports whether the flag name was set on the command line (as
// opposed to left at its default).
func (c *cmdline) given(name string) bool {
	set := false
	c.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// usageError prints a usage error on one line (what is wrong, then the
// synopsis) and returns the usage exit status; for errHelp it returns success, as the
// help has been printed.
func (c *cmdline) usageError(e *env, err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	msg := strings.Replace(err.Error(), "flag provided but not defined: --", "unknown flag --", 1)
	// One line, as every error of the command (CLI.md): the problem, then
	// the synopsis.
	fmt.Fprintf(e.stderr, "clrkit %s: %s (usage: clrkit %s; clrkit %s -h for more)\n", c.name, msg, c.usage, c.name)
	return exitUsage
}

// usageErrorf is usageError for a message of its own.
func (c *cmdline) usageErrorf(e *env, format string, args ...any) int {
	return c.usageError(e, fmt.Errorf(format, args...))
}

// wantArgs checks the number of positional arguments: exactly n, named
// what (for example "FILE").
func (c *cmdline) wantArgs(e *env, args []string, n int, what string) (int, bool) {
	switch {
	case len(args) == n:
		return exitOK, true
	case len(args) < n:
		return c.usageErrorf(e, "missing %s", what), false
	default:
		return c.usageErrorf(e, "unexpected argument %q (want %d: %s)", args[n], n, what), false
	}
}

// printHelp writes the synopsis, what the command does and every flag with
// its description and default.
func (c *cmdline) printHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: clrkit %s\n\n%s\n", c.usage, c.about)
	first := true
	c.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(w, "\nflags:")
			first = false
		}
		name, usage := flag.UnquoteUsage(f)
		if name != "" && !strings.Contains(f.Usage, "`") {
			// No placeholder of its own: the synopsis's, else the type.
			if p := c.placeholder(f.Name); p != "" {
				name = p
			} else {
				name = strings.ToUpper(name)
			}
		}
		head := "  --" + f.Name
		if name != "" {
			head += " " + name
		}
		fmt.Fprintf(w, "%s\n      %s", head, usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// placeholder returns what the synopsis writes after --name ("--at
// RFC3339": "RFC3339"; "--allow-host HOST[:PORT]]...": "HOST[:PORT]"), or
// "" when the synopsis gives none.
func (c *cmdline) placeholder(name string) string {
	_, after, ok := strings.Cut(c.usage+" ", "--"+name+" ")
	if !ok || strings.HasPrefix(after, "-") || strings.HasPrefix(after, "[") || strings.HasPrefix(after, "|") {
		return ""
	}
	depth := 0
	for i, r := range after {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth == 0, r == ' ' && depth == 0:
			return after[:i]
		case r == ']':
			depth--
		}
	}
	return ""
}
