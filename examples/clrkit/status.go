package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc/statuslist"
)

const statusUsage = "status create|revoke|suspend|reinstate|show --store S ..."

// The synopses of the status subcommands.
const (
	statusCreateUsage = "status create --store S --base-url URL [--purpose revocation|suspension]... FILE"
	statusChangeUsage = "status %s --store S ID"
	statusShowUsage   = "status show --store S (ID | --list URL [--key KEYFILE [--suite eddsa-rdfc-2022|eddsa-jcs-2022|ecdsa-rdfc-2019] [--at RFC3339]])"
)

// runStatus runs the status subcommands, which manage an issuer's
// BitstringStatusList entries in a store (the one serve publishes from).
func runStatus(e *env, args []string) int {
	fs := newCmdline("status", statusUsage, "Manages the BitstringStatusList entries of an issuer's credentials in a store, the one\n`clrkit serve --store` publishes the lists from: create gives a credential its entries,\nrevoke, suspend and reinstate change them, show prints them. clrkit status SUBCOMMAND -h\ndescribes each.")
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "create":
		return runStatusCreate(e, args[1:])
	case "revoke", "suspend", "reinstate":
		return runStatusChange(e, sub, args[1:])
	case "show":
		return runStatusShow(e, args[1:])
	case "-h", "--help", "-help":
		fs.printHelp(e.stdout)
		return exitOK
	}
	return fs.usageErrorf(e, "want the subcommand create, revoke, suspend, reinstate or show")
}

// purposeFlag is the repeatable --purpose.
type purposeFlag []string

func (p *purposeFlag) String() string { return strings.Join(*p, ",") }

func (p *purposeFlag) Set(s string) error {
	if err := statuslist.CheckPurposes(append(slices.Clip(*p), s)); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "statuslist: "))
	}
	*p = append(*p, s)
	return nil
}

// runStatusCreate prints FILE with status entries allocated in the store.
func runStatusCreate(e *env, args []string) (code int) {
	fs := newCmdline("status create", statusCreateUsage, "Gives the credential in FILE (unsigned, VC Data Model 2.0, with an id) an entry in its\nissuer's revocation list, or in the lists of each --purpose, allocated in the store at\na random free index, and prints it with them as its credentialStatus: sign it next\n(clrkit sign). A credential given entries before gets the same ones. Exit 0 done, 1 the\ncredential cannot take an entry (signed already, no id, VC Data Model 1.1, ...), 2 usage\nerror, unreadable input or an unusable store.")
	store := fs.String("store", "", storeHelp+" (required)")
	base := fs.String("base-url", "", "the URL under which the issuer's lists are published (required): list N of a purpose is at URL/PURPOSE/N, where clrkit serve --store --status-base-url URL serves it")
	var purposes purposeFlag
	fs.Var(&purposes, "purpose", "an entry for this purpose, revocation or suspension (repeatable; default revocation). OB 3.0 and CLR 2.0 allow one credentialStatus, so one purpose for their credentials")
	files, code, ok := fs.parseArgs(e, args, 1, "FILE")
	if !ok {
		return code
	}
	switch {
	case *store == "":
		return fs.usageErrorf(e, "--store is required")
	case *base == "":
		return fs.usageErrorf(e, "--base-url is required")
	case statuslist.CheckBaseURL(*base) != nil:
		return fs.usageErrorf(e, "--base-url %q is not an absolute http(s) URL without query or fragment", *base)
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "status create: %v", err)
	}
	if err := jsonSyntax(files[0], data); err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	var head struct {
		Issuer json.RawMessage `json:"issuer"`
	}
	if json.Unmarshal(data, &head) != nil {
		return e.fail(exitRejected, "status create: %s: not a JSON object", files[0])
	}
	issuer := issuerID(head.Issuer)
	if issuer == "" {
		return e.fail(exitRejected, "status create: %s: the credential has no issuer id, whose lists its entries would go to", files[0])
	}
	s, err := openStore(e.ctx, *store)
	if err != nil {
		return e.fail(exitUsage, "status create: %v", err)
	}
	defer closeStore(e, s, &code)
	is := &statuslist.Issuer{Store: s, ID: issuer, BaseURL: *base}
	out, err := is.AddStatus(e.ctx, data, purposes...)
	switch {
	case errors.Is(err, statuslist.ErrCredential):
		return e.fail(exitRejected, "status create: %s: %v", files[0], err)
	case err != nil:
		return e.fail(exitUsage, "status create: %v", err)
	}
	e.stdout.Write(out)
	return exitOK
}

// issuerID is the id of an issuer member: the string, or the object's id.
func issuerID(raw json.RawMessage) string {
	var id string
	if json.Unmarshal(raw, &id) == nil {
		return id
	}
	var obj struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &obj)
	return obj.ID
}

// runStatusChange revokes, suspends or reinstates the credential ID.
func runStatusChange(e *env, sub string, args []string) (code int) {
	about := map[string]string{
		"revoke":    "Revokes the credential ID: sets its entry in the revocation list. A revocation is final.",
		"suspend":   "Suspends the credential ID: sets its entry in the suspension list (reinstate lifts it).",
		"reinstate": "Lifts the suspension of the credential ID: clears its entry in the suspension list. A\nrevocation cannot be lifted.",
	}[sub]
	fs := newCmdline("status "+sub, fmt.Sprintf(statusChangeUsage, sub), about+"\nThe lists served from the store show the change at once; verifiers see it when their\ncopy expires. Prints the entry's new state. Exit 0 done (also when it was so already),\n1 the credential has no such entry or the change is not allowed, 2 usage error or an\nunusable store.")
	store := fs.String("store", "", storeHelp+" (required)")
	ids, code, ok := fs.parseArgs(e, args, 1, "ID")
	if !ok {
		return code
	}
	if *store == "" {
		return fs.usageErrorf(e, "--store is required")
	}
	s, err := openStore(e.ctx, *store)
	if err != nil {
		return e.fail(exitUsage, "status %s: %v", sub, err)
	}
	defer closeStore(e, s, &code)
	purpose, set := statuslist.PurposeRevocation, true
	switch sub {
	case "suspend":
		purpose = statuslist.PurposeSuspension
	case "reinstate":
		purpose, set = statuslist.PurposeSuspension, false
	}
	err = s.SetStatus(e.ctx, ids[0], purpose, set)
	switch {
	case errors.Is(err, statuslist.ErrNotFound):
		return e.fail(exitRejected, "status %s: %s has no %s entry in this store (clrkit status create gives one)", sub, ids[0], purpose)
	case errors.Is(err, statuslist.ErrIrreversible):
		return e.fail(exitRejected, "status %s: %s: %v", sub, ids[0], err)
	case err != nil:
		return e.fail(exitUsage, "status %s: %v", sub, err)
	}
	return printEntries(e, s, ids[0], []string{purpose})
}

// entryState is one entry of a credential as status prints it.
type entryState struct {
	statuslist.Entry
	Set bool
}

func (s entryState) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Purpose string `json:"statusPurpose"`
		List    string `json:"statusListCredential"`
		Index   string `json:"statusListIndex"`
		Set     bool   `json:"set"`
	}{s.Purpose, s.ListCredential, strconv.Itoa(s.Index), s.Set})
}

// printEntries prints the entries of id for purposes as JSON; exit 1 when
// it has none of them.
func printEntries(e *env, s statuslist.Store, id string, purposes []string) int {
	out := struct {
		ID     string       `json:"id"`
		Status []entryState `json:"status"`
	}{ID: id, Status: []entryState{}}
	for _, p := range purposes {
		entry, set, err := s.Entry(e.ctx, id, p)
		if errors.Is(err, statuslist.ErrNotFound) {
			continue
		}
		if err != nil {
			return e.fail(exitUsage, "status: %v", err)
		}
		out.Status = append(out.Status, entryState{entry, set})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return e.fail(exitUsage, "status: %v", err)
	}
	e.stdout.Write(append(data, '\n'))
	if len(out.Status) == 0 {
		fmt.Fprintf(e.stderr, "clrkit: status show: %s has no entry in this store\n", id)
		return exitRejected
	}
	return exitOK
}

// runStatusShow prints a credential's entries, or a list as its status list
// credential.
func runStatusShow(e *env, args []string) (code int) {
	fs := newCmdline("status show", statusShowUsage, "Prints the entries of the credential ID with whether each is set, as JSON; or, with --list,\nthe list published at URL as its BitstringStatusListCredential, signed with --key when\ngiven (for publishing the list as a static file). Exit 0 found, 1 not in the store, 2 usage\nerror or an unusable store.")
	store := fs.String("store", "", storeHelp+" (required)")
	list := fs.String("list", "", "print the list at this URL instead of a credential's entries")
	keyFile := fs.String("key", "", "with --list, sign the list credential with this KEYFILE, which must be the list issuer's")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "with --key, the cryptosuite")
	at := fs.String("at", "", "with --key, the proof's creation time, RFC 3339 (default: now)")
	want := 1
	if slices.ContainsFunc(args, func(a string) bool {
		return a == "--list" || a == "-list" || strings.HasPrefix(a, "--list=") || strings.HasPrefix(a, "-list=")
	}) {
		want = 0
	}
	ids, code, ok := fs.parseArgs(e, args, want, "ID")
	if !ok {
		return code
	}
	switch {
	case *store == "":
		return fs.usageErrorf(e, "--store is required")
	case *list == "" && (*keyFile != "" || *at != ""):
		return fs.usageErrorf(e, "--key and --at go with --list")
	case *keyFile == "" && *at != "":
		return fs.usageErrorf(e, "--at goes with --key")
	}
	cs, ok := signSuites[*suite]
	if !ok {
		return e.fail(exitUsage, "status show: --suite %q is not available (this build supports: %s)", *suite, strings.Join(signSuiteNames, ", "))
	}
	created := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fs.usageErrorf(e, "--at %q is not an RFC 3339 time", *at)
		}
		created = t
	}
	s, err := openStore(e.ctx, *store)
	if err != nil {
		return e.fail(exitUsage, "status show: %v", err)
	}
	defer closeStore(e, s, &code)
	if *list == "" {
		return printEntries(e, s, ids[0], []string{statuslist.PurposeRevocation, statuslist.PurposeSuspension})
	}
	l, err := s.List(e.ctx, *list)
	if errors.Is(err, statuslist.ErrNotFound) {
		return e.fail(exitRejected, "status show: no list at %s in this store", *list)
	}
	if err != nil {
		return e.fail(exitUsage, "status show: %v", err)
	}
	doc, err := statuslist.Credential(l.URL, l.Issuer, l.Purpose, l.Updated, l.Bits)
	if err != nil {
		return e.fail(exitUsage, "status show: %v", err)
	}
	if *keyFile == "" {
		e.stdout.Write(append(doc, '\n'))
		return exitOK
	}
	kf, err := readKeyFile(*keyFile)
	if err != nil {
		return e.fail(exitUsage, "status show: %v", err)
	}
	signer, err := kf.Signer()
	if err != nil {
		return e.fail(exitUsage, "status show: %v", err)
	}
	if err := suiteAcceptsKey(*suite, signer.Public()); err != nil {
		return e.fail(exitUsage, "status show: %s: %v", *keyFile, err)
	}
	signed, err := proof.SignWithKeyFile(e.ctx, doc, kf, proof.SignOptions{Suite: cs, Created: created})
	var ni *proof.NotIssuerKeyError
	switch {
	case errors.As(err, &ni):
		return e.fail(exitRejected, "status show: %s is %s's key, and the list at %s is issued by %s: verifiers take only a list signed by the credentials' issuer", *keyFile, ni.Controller, *list, ni.Party)
	case err != nil:
		return e.fail(exitUsage, "status show: %s: %v", *list, err)
	}
	e.stdout.Write(signed)
	if len(signed) > 0 && signed[len(signed)-1] != '\n' {
		fmt.Fprintln(e.stdout)
	}
	return exitOK
}
