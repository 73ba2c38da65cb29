package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/store"
)

// domain is `egregoros domain block DOMAIN [--severity suspend|silence] [--reject-media]
// [--comment TEXT]`, `domain unblock DOMAIN` and `domain list`: the instance's domain blocks,
// as the admin page sets them.
func domain(e *env, args []string) error {
	const usage = "usage: egregoros domain block DOMAIN [--severity suspend|silence] [--reject-media] [--comment TEXT] | unblock DOMAIN | list"
	if len(args) == 0 {
		return usagef(usage)
	}
	sub, args := args[0], args[1:]
	fs := e.flags("domain " + sub)
	var severity, comment string
	var rejectMedia bool
	switch sub {
	case "block":
		fs.StringVar(&severity, "severity", store.SeveritySuspend, "suspend (no deliveries in or out, posts hidden) or silence (kept off the public timelines)")
		fs.BoolVar(&rejectMedia, "reject-media", false, "do not keep copies of the domain's media")
		fs.StringVar(&comment, "comment", "", "public comment, shown by GET /api/v1/instance/domain_blocks")
	case "unblock", "list":
	default:
		return usagef("unknown domain command %q (want block, unblock or list)", sub)
	}
	pos, err := e.parseMixed(fs, args)
	if err != nil {
		return err
	}
	if (sub == "list") != (len(pos) == 0) || len(pos) > 1 {
		return usagef(usage)
	}
	if severity != "" && severity != store.SeveritySuspend && severity != store.SeveritySilence {
		return usagef("--severity is suspend or silence, not %q", severity)
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
	case "block":
		b := &store.InstanceDomainBlock{Domain: pos[0], Severity: severity, RejectMedia: rejectMedia, PublicComment: comment}
		if err := st.BlockInstanceDomain(ctx, b); err != nil {
			if errors.Is(err, store.ErrBadDomain) {
				return usagef("%v", err)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "%s is blocked (%s%s)\n", b.Domain, b.Severity, map[bool]string{true: ", media rejected"}[b.RejectMedia])
	case "unblock":
		found, err := st.UnblockInstanceDomain(ctx, pos[0])
		if errors.Is(err, store.ErrBadDomain) {
			return usagef("%v", err)
		}
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("%s is not blocked", pos[0])
		}
		fmt.Fprintf(e.stdout, "%s is no longer blocked\n", pos[0])
	default:
		blocks, err := st.InstanceDomainBlocks(ctx)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			fmt.Fprintf(e.stdout, "%s\t%s\treject_media=%t\t%s\n", b.Domain, b.Severity, b.RejectMedia, b.PublicComment)
		}
	}
	return nil
}
