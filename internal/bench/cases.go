package bench

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// Case is one benchmark case: Run does what the case measures once and returns how many
// items it produced (rows, statuses, accounts).
type Case struct {
	Name string
	// Extra marks the cases beyond the spec's 17 (inventory §7.3).
	Extra bool
	Run   func(ctx context.Context, e *Env) (int, error)
}

// Cases are the 17 cases of inventory §7.3, in its order and with its names, then the extra
// ones. Where the spec's code has no exact counterpart here the comment says what runs.
func Cases() []Case {
	timeline := func(t func(e *Env) store.Timeline) func(context.Context, *Env) (int, error) {
		return func(ctx context.Context, e *Env) (int, error) {
			rows, err := e.Store.Timeline(ctx, t(e))
			return len(rows), err
		}
	}
	page := store.Page{Limit: 20}
	tag := func(tag string, media bool) func(context.Context, *Env) (int, error) {
		return timeline(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, Tags: []string{tag}, OnlyMedia: media, Viewer: e.Viewer.APID, Page: page}
		})
	}
	home := func(who func(e *Env) *store.User, noBoosts bool) func(context.Context, *Env) (int, error) {
		return timeline(func(e *Env) store.Timeline {
			return store.Timeline{Home: true, NoBoosts: noBoosts, Viewer: who(e).APID, Page: page}
		})
	}
	viewer := func(e *Env) *store.User { return e.Viewer }
	return []Case{
		// Anonymous public timeline (notes and polls; the public timeline has no boosts).
		{Name: "timeline.public.list_notes(limit=20)", Run: timeline(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, NoBoosts: true, Page: page}
		})},
		// The public timeline as a signed-in viewer sees it (blocks, mutes, visibility).
		{Name: "timeline.public.list_public_statuses(limit=20)", Run: timeline(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, Viewer: e.Viewer.APID, Page: page}
		})},
		{Name: "timeline.public.list_public_statuses(limit=20, only_media=true)", Run: timeline(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, OnlyMedia: true, Viewer: e.Viewer.APID, Page: page}
		})},
		{Name: "timeline.home.list_home_notes(limit=20)", Run: home(viewer, true)},
		{Name: "timeline.home.list_home_statuses(limit=20)", Run: home(viewer, false)},
		{Name: "timeline.home.edge_nofollows.list_home_statuses(limit=20)", Run: home(func(e *Env) *store.User { return e.NoFollows }, false)},
		{Name: "timeline.home.edge_dormant.list_home_statuses(limit=20)", Run: home(func(e *Env) *store.User { return e.Dormant }, false)},
		{Name: "timeline.tag.list_public_statuses_by_hashtag(tag='bench', limit=20)", Run: tag("bench", false)},
		{Name: "timeline.tag.list_public_statuses_by_hashtag(tag='bench', limit=20, only_media=true)", Run: tag("bench", true)},
		{Name: "timeline.tag.list_public_statuses_by_hashtag(tag='rare', limit=20)", Run: tag("rare", false)},
		{Name: "timeline.tag.list_public_statuses_by_hashtag(tag='missing', limit=20)", Run: tag("missing", false)},
		{Name: "thread.count_note_replies_by_parent_ap_ids(parent_count=20)", Run: func(ctx context.Context, e *Env) (int, error) {
			counts, err := e.Store.ReplyCounts(ctx, e.Parents)
			return len(counts), err
		}},
		// There is no server-side view-model here (the web UI reads the API): this is the
		// signed-in render of a page of 20, where each status is decorated with the viewer's
		// own state, through GET /api/v1/timelines/public in-process (timeline query included).
		{Name: "render.status_vm.decorate_many(20)", Run: func(ctx context.Context, e *Env) (int, error) {
			return e.getList(ctx, "/api/v1/timelines/public?limit=20", e.Token)
		}},
		// The Mastodon renderer of a page of 20, anonymous, through the same endpoint.
		{Name: "render.mastodon.statuses.render(20)", Run: func(ctx context.Context, e *Env) (int, error) {
			return e.getList(ctx, "/api/v1/timelines/public?limit=20", "")
		}},
		// Account search is a handle lookup here (no substring search yet): GET /api/v2/search.
		{Name: "search.users(query='local')", Run: func(ctx context.Context, e *Env) (int, error) {
			return e.search(ctx, "/api/v2/search?q=local1&type=accounts", "accounts")
		}},
		// There is no full-text status search yet: this is what GET /api/v2/search does for 'bench'.
		{Name: "search.notes(query='bench')", Run: func(ctx context.Context, e *Env) (int, error) {
			return e.search(ctx, "/api/v2/search?q=bench", "hashtags")
		}},
		{Name: "notifications.list_for_user(limit=20)", Run: func(ctx context.Context, e *Env) (int, error) {
			ns, err := e.Store.NotificationsPage(ctx, store.NotificationFilter{UserID: e.Viewer.ID, Page: store.Page{Limit: 20}})
			return len(ns), err
		}},

		{Name: "api.notifications(limit=20)", Extra: true, Run: func(ctx context.Context, e *Env) (int, error) {
			return e.getList(ctx, "/api/v1/notifications?limit=20", e.Token)
		}},
		{Name: "api.timelines.home(limit=20)", Extra: true, Run: func(ctx context.Context, e *Env) (int, error) {
			return e.getList(ctx, "/api/v1/timelines/home?limit=20", e.Token)
		}},
		{Name: "api.statuses.context(root)", Extra: true, Run: func(ctx context.Context, e *Env) (int, error) {
			body, err := e.get(ctx, "/api/v1/statuses/"+e.Root.ID+"/context", e.Token)
			if err != nil {
				return 0, err
			}
			var c struct{ Ancestors, Descendants []json.RawMessage }
			err = json.Unmarshal(body, &c)
			return len(c.Ancestors) + len(c.Descendants), err
		}},
	}
}

// Filter returns the cases whose name contains s (all of them for "").
func Filter(cases []Case, s string) []Case {
	var out []Case
	for _, c := range cases {
		if strings.Contains(c.Name, s) {
			out = append(out, c)
		}
	}
	return out
}

// getList GETs a JSON array and returns its length.
func (e *Env) getList(ctx context.Context, path, token string) (int, error) {
	body, err := e.get(ctx, path, token)
	if err != nil {
		return 0, err
	}
	var list []json.RawMessage
	err = json.Unmarshal(body, &list)
	return len(list), err
}

// search GETs a Search result and returns the length of one of its lists.
func (e *Env) search(ctx context.Context, path, list string) (int, error) {
	body, err := e.get(ctx, path, "")
	if err != nil {
		return 0, err
	}
	var res map[string][]json.RawMessage
	err = json.Unmarshal(body, &res)
	return len(res[list]), err
}
