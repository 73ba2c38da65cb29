package mastodon

import (
	"net/http"
	"slices"

	"github.com/egregoros/egregoros/internal/store"
)

// Context is the Mastodon Context entity: a status's thread around it.
type Context struct {
	Ancestors   []Status `json:"ancestors"`
	Descendants []Status `json:"descendants"`
}

// Thread bounds: how far up and how many below, for signed-in and anonymous viewers (Mastodon
// serves anonymous callers 40 and 60).
const (
	maxAncestors            = 40
	maxDescendants          = 500
	maxAnonymousDescendants = 60
)

// statusContext is GET /api/v1/statuses/:id/context: the ancestors from the root down and
// the descendants in thread order (depth first, siblings oldest first, as Mastodon sends them),
// each only if the viewer may see it, rendered in one batch. Of a boost, the boosted status's.
func (s *Service) statusContext(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.target(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	limit := maxDescendants
	if v.apID() == "" {
		limit = maxAnonymousDescendants
	}
	anc, err := s.Store.Ancestors(ctx, o, v.apID(), maxAncestors)
	if err != nil {
		return err
	}
	desc, err := s.Store.ThreadDescendants(ctx, o, v.apID(), limit) // with replies whose parent never reached us
	if err != nil {
		return err
	}
	desc = threadOrder(o.APID, desc)
	list, err := s.renderStatuses(ctx, v, append(slices.Clip(anc), desc...))
	if err != nil {
		return err
	}
	if list, err = s.applyFilters(ctx, v, filterThread, list); err != nil { // filters.go
		return err
	}
	byURI := make(map[string]Status, len(list))
	for _, st := range list {
		byURI[st.URI] = st
	}
	pick := func(rows []*store.Object) []Status {
		out := make([]Status, 0, len(rows))
		for _, row := range rows {
			if st, ok := byURI[row.APID]; ok {
				out = append(out, st)
			}
		}
		return out
	}
	writeJSON(w, http.StatusOK, Context{Ancestors: pick(anc), Descendants: pick(desc)})
	return nil
}

// threadOrder sorts descendants (given oldest first) depth first: each reply is followed by
// its own replies. A reply whose parent is not in the list (hidden from the viewer) starts a
// subtree of its own, placed among the root's replies by age.
func threadOrder(root string, rows []*store.Object) []*store.Object {
	in := make(map[string]bool, len(rows))
	for _, o := range rows {
		in[o.APID] = true
	}
	children := map[string][]*store.Object{}
	var tops []*store.Object
	for _, o := range rows {
		if o.InReplyTo != root && in[o.InReplyTo] {
			children[o.InReplyTo] = append(children[o.InReplyTo], o)
		} else {
			tops = append(tops, o)
		}
	}
	out := make([]*store.Object, 0, len(rows))
	done := make(map[string]bool, len(rows))
	var walk func(o *store.Object)
	walk = func(o *store.Object) {
		if done[o.APID] {
			return
		}
		done[o.APID] = true
		out = append(out, o)
		for _, c := range children[o.APID] {
			walk(c)
		}
	}
	for _, o := range tops {
		walk(o)
	}
	for _, o := range rows { // members of a reply cycle, reachable from no top
		walk(o)
	}
	return out
}
