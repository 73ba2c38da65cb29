package bench

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// Plan is the plan of one statement a case sent.
type Plan struct {
	Statement store.Statement
	Text      string
}

// Plans runs c once on a recording store and returns the plan of every statement it sent, in
// order (the timeline cases send one; the API cases send the token lookup, the page and the
// renderer's batch loads). On PostgreSQL the plans are EXPLAIN (ANALYZE, BUFFERS).
func Plans(ctx context.Context, env *Env, c Case, opt store.ExplainOptions) ([]Plan, error) {
	rec, take := env.Store.Recording()
	if _, err := c.Run(ctx, env.With(rec)); err != nil {
		return nil, fmt.Errorf("%s: %w", c.Name, err)
	}
	var out []Plan
	for _, st := range take() {
		text, err := env.Store.Explain(ctx, st, opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		out = append(out, Plan{Statement: st, Text: text})
	}
	return out, nil
}

// Explain prints, for each case, every statement it sends with its plan: EXPLAIN (ANALYZE,
// BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
func Explain(ctx context.Context, env *Env, cases []Case, w io.Writer) error {
	for _, c := range cases {
		plans, err := Plans(ctx, env, c, store.ExplainOptions{Analyze: true})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "=== %s (%d statements)\n", c.Name, len(plans))
		for i, p := range plans {
			fmt.Fprintf(w, "--- statement %d: %s\n", i+1, compact(p.Statement.SQL))
			fmt.Fprintf(w, "    args: %s\n", formatArgs(p.Statement.Args))
			for _, line := range strings.Split(strings.TrimRight(p.Text, "\n"), "\n") {
				fmt.Fprintln(w, "    "+line)
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}

// compact puts a statement on one line.
func compact(sql string) string { return strings.Join(strings.Fields(sql), " ") }

func formatArgs(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		s := fmt.Sprint(a)
		if len(s) > 80 {
			s = s[:77] + "…"
		}
		parts[i] = fmt.Sprintf("$%d=%s", i+1, s)
	}
	return strings.Join(parts, " ")
}
