package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"
)

// RunOptions say how many times each case runs.
type RunOptions struct {
	Iterations int // measured (default 10)
	Warmup     int // unmeasured, before them
}

// Stats summarize durations (nearest-rank percentiles, as the spec's runner).
type Stats struct {
	Samples            int
	Min, P50, P95, P99 time.Duration
	Max, Avg           time.Duration
}

// Result is one case's measurements.
type Result struct {
	Case    Case
	Time    Stats
	Queries float64 // SQL statements per iteration (mean)
	// QueriesMin and QueriesMax bound the statements of one iteration.
	QueriesMin, QueriesMax int64
	Items                  int // what the last iteration returned
}

// NewStats summarizes samples.
func NewStats(samples []time.Duration) Stats {
	if len(samples) == 0 {
		return Stats{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Stats{Samples: len(s), Min: s[0], P50: nearestRank(s, 50), P95: nearestRank(s, 95), P99: nearestRank(s, 99), Max: s[len(s)-1],
		Avg: sum / time.Duration(len(s))}
}

// nearestRank is the p-th percentile of sorted: the smallest sample with at least p% of the
// samples at or below it.
func nearestRank(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Run runs each case Warmup times, then Iterations times measuring wall time and the SQL
// statements of each iteration. It counts the statements of env.Store (store.CountQueries).
func Run(ctx context.Context, env *Env, cases []Case, o RunOptions) ([]Result, error) {
	if o.Iterations <= 0 {
		o.Iterations = 10
	}
	queries := env.Store.CountQueries()
	var out []Result
	for _, c := range cases {
		for range o.Warmup {
			if _, err := c.Run(ctx, env); err != nil {
				return nil, fmt.Errorf("%s: %w", c.Name, err)
			}
		}
		runtime.GC()
		r := Result{Case: c, QueriesMin: math.MaxInt64}
		samples := make([]time.Duration, 0, o.Iterations)
		var total int64
		for range o.Iterations {
			q0, t0 := queries(), time.Now()
			n, err := c.Run(ctx, env)
			d, q := time.Since(t0), queries()-q0
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.Name, err)
			}
			samples = append(samples, d)
			total += q
			r.QueriesMin, r.QueriesMax = min(r.QueriesMin, q), max(r.QueriesMax, q)
			r.Items = n
		}
		r.Time = NewStats(samples)
		r.Queries = float64(total) / float64(o.Iterations)
		out = append(out, r)
	}
	return out, nil
}

// WriteTable prints results as a Markdown table (times in milliseconds).
func WriteTable(w io.Writer, results []Result) {
	fmt.Fprintln(w, "| case | samples | min | p50 | p95 | max | avg | queries | items |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range results {
		name := r.Case.Name
		if r.Case.Extra {
			name += " (extra)"
		}
		q := fmt.Sprint(r.QueriesMax)
		if r.QueriesMin != r.QueriesMax {
			q = fmt.Sprintf("%d–%d", r.QueriesMin, r.QueriesMax)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %d |\n", strings.ReplaceAll(name, "|", "\\|"), r.Time.Samples,
			ms(r.Time.Min), ms(r.Time.P50), ms(r.Time.P95), ms(r.Time.Max), ms(r.Time.Avg), q, r.Items)
	}
}

// ms formats d in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
