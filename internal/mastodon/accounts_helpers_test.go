package mastodon_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
)

// acctDeliveries records the local activities the pipeline hands to federation.
type acctDeliveries struct {
	mu   sync.Mutex
	acts []*store.Object
}

func (d *acctDeliveries) Deliver(_ context.Context, _ *sql.Tx, a *store.Object) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.acts = append(d.acts, a)
	return nil
}

// ofType returns the delivered activities of a type, their documents decoded.
func (d *acctDeliveries) ofType(typ string) []map[string]any {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []map[string]any
	for _, a := range d.acts {
		if a.Type == typ {
			var m map[string]any
			_ = json.Unmarshal(a.Data, &m)
			out = append(out, m)
		}
	}
	return out
}

// acctFederating makes the API record its deliveries.
func (a *api) acctFederating() *acctDeliveries {
	d := &acctDeliveries{}
	a.svc.Pipeline.Deliver = d
	return d
}

// acctRemote stores a remote account nick@domain.
func (a *api) acctRemote(nick, domain string) *store.User {
	a.t.Helper()
	id := "https://" + domain + "/users/" + nick
	u := &store.User{APID: id, Nickname: nick, Domain: domain, Inbox: id + "/inbox", SharedInbox: "https://" + domain + "/inbox",
		FollowersURL: id + "/followers", URL: "https://" + domain + "/@" + nick}
	if err := a.st.UpsertRemoteUser(a.ctx, u); err != nil {
		a.t.Fatal(err)
	}
	return u
}

// acctLock makes u's account locked.
func (a *api) acctLock(u *store.User) {
	a.t.Helper()
	fresh, err := a.st.UserByID(a.ctx, u.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	fresh.Locked = true
	if err := a.st.UpdateUser(a.ctx, fresh); err != nil {
		a.t.Fatal(err)
	}
}

// acctRel fetches the Relationship of token's user with the account id.
func (a *api) acctRel(token, id string) map[string]any {
	a.t.Helper()
	var rels []map[string]any
	a.do("GET", "/api/v1/accounts/relationships?id[]="+id, token, nil).json(&rels)
	if len(rels) != 1 {
		a.t.Fatalf("relationships with %s: %v", id, rels)
	}
	return rels[0]
}

// acctIDs lists the "id" of each element of a JSON array response.
func acctIDs(t *testing.T, r response) []string {
	t.Helper()
	if r.Code != 200 {
		t.Fatalf("status %d: %s", r.Code, r.Body.String())
	}
	var list []map[string]any
	r.json(&list)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, e["id"].(string))
	}
	return out
}

// acctOK checks the status is 200 and returns the body as an object.
func acctOK(t *testing.T, r response) map[string]any {
	t.Helper()
	if r.Code != 200 {
		t.Fatalf("status %d: %s", r.Code, r.Body.String())
	}
	return r.obj()
}

// acctNextLink is the rel="next" URL of a Link header, as a path with its query.
func acctNextLink(t *testing.T, r response) string {
	t.Helper()
	for _, part := range strings.Split(r.Header().Get("Link"), ",") {
		if strings.Contains(part, `rel="next"`) {
			u := part[strings.Index(part, "<")+1 : strings.Index(part, ">")]
			return strings.TrimPrefix(u, base)
		}
	}
	t.Fatalf("no next link in %q", r.Header().Get("Link"))
	return ""
}
