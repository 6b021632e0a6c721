package main

import (
	"encoding/json"
	"flag"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clrkit/clrkit/proof/ld"
)

const benchUsage = "bench --op canon [--duration 3s] [--parallel N] FILE"

// benchResult is the one JSON line bench prints.
type benchResult struct {
	Op          string  `json:"op"`
	OpsPerSec   float64 `json:"ops_per_sec"`
	NsPerOp     float64 `json:"ns_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
}

// runBench times an operation in-process on one input, after a warm-up, and
// prints a benchResult. Only the canon operation exists so far; sign and
// verify arrive with the proof packages.
func runBench(e *env, args []string) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	op := fs.String("op", "", "operation to time: canon")
	duration := fs.Duration("duration", 3*time.Second, "how long to time the operation")
	parallel := fs.Int("parallel", 1, "goroutines running the operation at once")
	files, err := parseFlags(fs, args)
	if err != nil || len(files) != 1 || *parallel < 1 || *duration <= 0 {
		return e.fail(exitUsage, "usage: clrkit %s", benchUsage)
	}
	if *op != "canon" {
		return e.fail(exitUsage, "bench: --op %q is not available (this build supports: canon)", *op)
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	c := ld.Default()
	once := func() error {
		_, err := c.Canonicalize(e.ctx, data)
		return err
	}
	if err := once(); err != nil {
		return e.fail(canonExitCode(err), "%s: %v", files[0], err)
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
