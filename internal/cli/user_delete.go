package cli

import (
	"context"
	"fmt"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/store"
)

// userDelete is `user delete NICK --yes`: the account is deleted for good
// (federation.Service.DeleteLocalAccount); the Delete of the actor is enqueued for every
// server we know, and the running server's workers send it, signed by the account.
func userDelete(ctx context.Context, e *env, cfg *config.Config, st *store.Store, u *store.User) error {
	fed, _, err := federationFor(cfg, st)
	if err != nil {
		return err
	}
	row, err := fed.DeleteLocalAccount(ctx, u)
	if err != nil {
		return err
	}
	if row == nil {
		fmt.Fprintf(e.stdout, "%s was already deleted; what it left here is removed\n", u.Nickname)
		return nil
	}
	fmt.Fprintf(e.stdout, "deleted %s; the servers we know are being told (%s)\n", u.Nickname, row.APID)
	return nil
}
