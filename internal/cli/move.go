package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/federation"
	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// federationFor builds what a command needs to act like the server: a federation service and
// a pipeline whose deliveries are enqueued (the running server's workers send them).
func federationFor(cfg *config.Config, st *store.Store) (*federation.Service, *activity.Pipeline, error) {
	pipeline := &activity.Pipeline{Store: st, BaseURL: cfg.BaseURL()}
	fed := &federation.Service{BaseURL: cfg.BaseURL(), Store: st, Pipeline: pipeline, AllowPrivate: cfg.AllowPrivateFederation,
		Client: safehttp.New(safehttp.Options{UserAgent: safehttp.UserAgent(Version, cfg.BaseURL()), AllowPrivate: cfg.AllowPrivateFederation})}
	jb, err := jobs.New(st, pipeline, nil, nil, jobs.Options{}) // insert-only
	if err != nil {
		return nil, nil, err
	}
	pipeline.Deliver, pipeline.Fetch = jb, jb
	return fed, pipeline, nil
}

// resolveAccount finds nick@domain (remote, through WebFinger) or a local nick.
func resolveAccount(ctx context.Context, st *store.Store, fed *federation.Service, handle string) (*store.User, error) {
	nick, domain, _ := strings.Cut(strings.TrimPrefix(handle, "@"), "@")
	if nick == "" {
		return nil, fmt.Errorf("bad handle %q (want nick or nick@domain)", handle)
	}
	if domain == "" || strings.EqualFold(domain, fed.Host()) {
		return st.LocalUser(ctx, nick)
	}
	u, err := fed.ResolveHandle(ctx, nick, strings.ToLower(domain))
	if err != nil {
		return nil, fmt.Errorf("cannot resolve %s: %w", handle, err)
	}
	return u, nil
}

// userAlias is `user alias NICK --add HANDLE`: declare another account as this one's alias
// (alsoKnownAs), the step that allows that account to move here.
func userAlias(ctx context.Context, cfg *config.Config, st *store.Store, u *store.User, handle string) (string, error) {
	fed, _, err := federationFor(cfg, st)
	if err != nil {
		return "", err
	}
	other, err := resolveAccount(ctx, st, fed, handle)
	if err != nil {
		return "", err
	}
	if !slices.Contains(u.AlsoKnownAs, other.APID) {
		u.AlsoKnownAs = append(u.AlsoKnownAs, other.APID)
	}
	return other.APID, st.UpdateUser(ctx, u)
}

// userMove is `user move NICK --to HANDLE`: the account moves to HANDLE, which must list it as
// an alias; the Move is federated to its followers, whose servers move their follows.
func userMove(ctx context.Context, cfg *config.Config, st *store.Store, u *store.User, handle string) (string, error) {
	fed, pipeline, err := federationFor(cfg, st)
	if err != nil {
		return "", err
	}
	target, err := resolveAccount(ctx, st, fed, handle)
	if err != nil {
		return "", err
	}
	if !target.Local {
		if target, err = fed.FetchActor(ctx, target.APID); err != nil { // the alias must be current
			return "", err
		}
	}
	if target.APID == u.APID || !slices.Contains(target.AlsoKnownAs, u.APID) {
		return "", fmt.Errorf("%s does not list %s as an alias: add it there first", handle, u.APID)
	}
	u.MovedTo = target.APID
	if err := st.UpdateUser(ctx, u); err != nil {
		return "", err
	}
	mv := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": pipeline.NewObjectID(), "type": "Move",
		"actor": u.APID, "object": u.APID, "target": target.APID, "to": []any{u.FollowersURL}, "cc": []any{ap.Public}}
	if _, err := pipeline.Ingest(ctx, mv, activity.Origin{Source: activity.Local}); err != nil {
		return "", err
	}
	return target.APID, nil
}
