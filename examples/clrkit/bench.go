package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
)

const benchUsage = "bench --op canon|sign|verify [--key KEYFILE] [--duration 3s] [--parallel N] FILE"

// benchResult is the one JSON line bench prints.
type benchResult struct {
	Op          string  `json:"op"`
	OpsPerSec   float64 `json:"ops_per_sec"`
	NsPerOp     float64 `json:"ns_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
}

// runBench times an operation in-process on one input, after a warm-up, and
// prints a benchResult.
func runBench(e *env, args []string) int {
	fs := newCmdline("bench", benchUsage, "Times an operation in-process on FILE, after a warm-up, and prints one JSON line:\n{\"op\", \"ops_per_sec\", \"ns_per_op\", \"allocs_per_op\", \"bytes_per_op\"}. verify takes a signed FILE.")
	op := fs.String("op", "", "operation to time: canon, sign or verify")
	keyFile := fs.String("key", "", "`KEYFILE` to sign with (for --op sign)")
	duration := fs.Duration("duration", 3*time.Second, "how long to time the operation")
	parallel := fs.Int("parallel", 1, "goroutines running the operation at once")
	files, code, ok := fs.parseArgs(e, args, 1, "FILE")
	if !ok {
		return code
	}
	if *parallel < 1 {
		return fs.usageErrorf(e, "--parallel %d: want at least 1", *parallel)
	}
	if *duration <= 0 {
		return fs.usageErrorf(e, "--duration %s: want a positive duration", *duration)
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if *op == "canon" || *op == "sign" || looksLikeJSON(data) {
		if err := jsonSyntax(files[0], data); err != nil {
			return e.fail(exitUsage, "%v", err)
		}
	}
	once, code, err := benchOp(e, *op, *keyFile, data)
	if err != nil {
		return e.fail(code, "bench: %s: %v", files[0], err)
	}
	if err := once(); err != nil {
		return e.fail(exitRejected, "bench: %s: %v", files[0], err)
	}
	warmUp := min(*duration/5, time.Second)
	timeLoop(once, warmUp, *parallel)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	ops := timeLoop(once, *duration, *parallel)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	res := benchResult{
		Op:          *op,
		OpsPerSec:   float64(ops) / elapsed.Seconds(),
		NsPerOp:     float64(elapsed.Nanoseconds()) * float64(*parallel) / float64(ops),
		AllocsPerOp: float64(after.Mallocs-before.Mallocs) / float64(ops),
		BytesPerOp:  float64(after.TotalAlloc-before.TotalAlloc) / float64(ops),
	}
	out, _ := json.Marshal(res)
	e.stdout.Write(append(out, '\n'))
	return exitOK
}

// benchOp returns the operation to time, or an error with its exit code.
func benchOp(e *env, op, keyFile string, data []byte) (func() error, int, error) {
	switch op {
	case "canon":
		c := ld.Default().WithoutLabels() // as clrkit canon prints N-Quads, and the reference's canonize returns them
		return func() error { _, err := c.Canonicalize(e.ctx, data); return err }, 0, nil
	case "sign":
		if keyFile == "" {
			return nil, exitUsage, fmt.Errorf("--op sign needs --key")
		}
		kf, err := readKeyFile(keyFile)
		if err != nil {
			return nil, exitUsage, err
		}
		signer, err := kf.Signer()
		if err != nil {
			return nil, exitUsage, err
		}
		// Timing, not issuing: the document's issuer need not be the key's.
		opts := proof.SignOptions{VerificationMethod: kf.ID, CoSigner: true}
		return func() error { _, err := proof.Sign(e.ctx, data, signer, opts); return err }, 0, nil
	case "verify":
		v, err := newCLIVerifier(verifyFlags{})
		if err != nil {
			return nil, exitUsage, err
		}
		return func() error { _, err := v.Verify(e.ctx, data, vc.Expectations{}); return err }, 0, nil
	}
	return nil, exitUsage, fmt.Errorf("--op %q: want canon, sign or verify", op)
}

// timeLoop runs fn on n goroutines until d has passed and returns how many
// calls completed. Errors cannot occur here: the input was checked first.
func timeLoop(fn func() error, d time.Duration, n int) int64 {
	var ops atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				fn()
				ops.Add(1)
			}
		}()
	}
	wg.Wait()
	return ops.Load()
}
