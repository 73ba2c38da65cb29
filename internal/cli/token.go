package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// cliAppClientID names the OAuth application that owns tokens made on the command line.
const cliAppClientID = "egregoros-cli"

func token(e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usagef(`usage: egregoros token create NICK [--scopes "read write follow"]`)
	}
	fs := e.flags("token create")
	scopes := fs.String("scopes", "read write follow", "space-separated OAuth scopes")
	pos, err := e.parseMixed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: egregoros token create NICK")
	}
	sc := strings.Fields(*scopes)
	if len(sc) == 0 {
		return usagef("--scopes is empty")
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
	u, err := st.LocalUser(ctx, strings.TrimPrefix(pos[0], "@"))
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no local user %q", pos[0])
	}
	if err != nil {
		return err
	}
	svc := &mastodon.Service{BaseURL: cfg.BaseURL(), Store: st}
	resp, err := svc.CreateToken(ctx, cliAppClientID, u, sc)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "access token for %s with scopes %q:\n%s\n", u.Nickname, resp.Scope, resp.AccessToken)
	return nil
}
