package activity

import (
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// NotifyAdminReport is the notification local admins get for a report (Mastodon's name).
const NotifyAdminReport = "admin.report"

// MaxFlagObjects bounds the actors and statuses one report names.
const MaxFlagObjects = 100

// flag handles Flag: a report of actors and statuses to moderators.
type flag struct{}

func init() { register(flag{}) }

func (flag) Type() string { return "Flag" }

// Validate requires an actor and 1 to MaxFlagObjects reported ids.
func (flag) Validate(c *Ctx, obj ap.Object) error {
	if _, err := actorOnOwnHost(c, obj); err != nil {
		return err
	}
	if n := len(obj.IDs("object")); n == 0 || n > MaxFlagObjects {
		return invalid("Flag %s reports %d objects (1 to %d)", obj.ID(), n, MaxFlagObjects)
	}
	return nil
}

// Ingest refuses a remote report that names no local actor or stored local status: it is
// not ours to moderate.
func (flag) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if c.Remote() {
		ours, err := namesLocal(c, obj.IDs("object"))
		if err != nil {
			return nil, err
		}
		if !ours {
			return nil, fmt.Errorf("%w: Flag %s reports nothing of this server", ErrNotTargeted, obj.ID())
		}
	}
	return c.store(obj)
}

// SideEffects notifies every local admin. A local report is federated only when it is
// addressed (forwarding it is the reporter's choice, made by the caller).
func (flag) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	admins, err := c.Tx.LocalAdmins(c)
	if err != nil {
		return err
	}
	if !c.Remote() {
		// The instance actor's Flags forward reports the admins were told of (mastodon/reports.go).
		if u, err := c.Tx.UserByAPID(c, row.Actor); err == nil && u.Local && u.ActorType == "Application" {
			admins = nil
		}
	}
	for _, a := range admins {
		if err := c.Notify(a.APID, NotifyAdminReport, row.Actor, "", row.APID, ""); err != nil {
			return err
		}
	}
	if len(obj.Recipients()) > 0 {
		return c.DeliverLocal(row)
	}
	return nil
}

// namesLocal reports whether ids include a local user or a stored local object.
func namesLocal(c *Ctx, ids []string) (bool, error) {
	for _, id := range ids {
		if !c.P.IsLocalID(id) {
			continue
		}
		if _, err := c.Tx.UserByAPID(c, id); err == nil {
			return true, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return false, err
		}
		if o, err := storedObject(c, id); err != nil || o != nil {
			return o != nil, err
		}
	}
	return false, nil
}
