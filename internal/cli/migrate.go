package cli

import (
	"context"
	"fmt"
)

func migrate(e *env, args []string) error {
	fs := e.flags("migrate")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := e.load(fs)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "database is up to date")
	return nil
}
