package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/store"
)

// relay is `egregoros relay add URL`, `relay remove URL` and `relay list`: the relays the
// instance actor follows, as on the admin page. The Follow and Undo are queued as delivery
// jobs, which the running server sends.
func relay(e *env, args []string) error {
	const usage = "usage: egregoros relay add URL | remove URL | list"
	if len(args) == 0 {
		return usagef(usage)
	}
	sub, args := args[0], args[1:]
	if sub != "add" && sub != "remove" && sub != "list" {
		return usagef("unknown relay command %q (want add, remove or list)", sub)
	}
	fs := e.flags("relay " + sub)
	pos, err := e.parseMixed(fs, args)
	if err != nil {
		return err
	}
	if (sub == "list") != (len(pos) == 0) || len(pos) > 1 {
		return usagef(usage)
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
	if err := st.CheckSchema(ctx); err != nil {
		return err
	}
	switch sub {
	case "list":
		relays, err := st.Relays(ctx)
		if err != nil {
			return err
		}
		for _, r := range relays {
			fmt.Fprintf(e.stdout, "%s\t%s\n", r.APID, r.State)
		}
		return nil
	case "add":
		fed, _, err := federationFor(cfg, st)
		if err != nil {
			return err
		}
		r, err := fed.SubscribeRelay(ctx, pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "subscribed to %s: pending until the relay accepts\n", r.APID)
		return nil
	}
	r, err := st.RelayByAPID(ctx, pos[0])
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("not subscribed to %s", pos[0])
	}
	if err != nil {
		return err
	}
	fed, _, err := federationFor(cfg, st)
	if err != nil {
		return err
	}
	if err := fed.UnsubscribeRelay(ctx, r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "unsubscribed from %s\n", r.APID)
	return nil
}
