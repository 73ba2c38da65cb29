package federation_test

import (
	"context"
	"strings"
	"testing"
)

// Remote follow: our WebFinger advertises our authorize_interaction page as the subscribe
// template, and SubscribeTemplate reads another server's from its WebFinger (the same
// lookup ResolveHandle makes).
func TestSubscribeTemplate(t *testing.T) {
	f := newInboxFixture(t)
	f.user("alice")
	links := decode(t, f.get("/.well-known/webfinger?resource=acct:alice@127.0.0.1:4721", ""))["links"].([]any)
	found := false
	for _, l := range links {
		m := l.(map[string]any)
		found = found || (m["rel"] == "http://ostatus.org/schema/1.0/subscribe" && m["template"] == base+"/authorize_interaction?uri={uri}")
	}
	if !found {
		t.Fatalf("no subscribe template in %v", links)
	}

	p := newPeer(t)
	host := strings.TrimPrefix(p.srv.URL, "http://")
	actor := p.actor("zed")
	ctx := context.Background()
	p.serveDoc("/.well-known/webfinger", map[string]any{"subject": "acct:zed@" + host, "links": []any{
		map[string]any{"rel": "self", "type": "application/activity+json", "href": actor},
		map[string]any{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": "javascript:{uri}"},
		map[string]any{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": p.srv.URL + "/authorize_interaction?uri={uri}"},
	}})
	got, err := f.fed.SubscribeTemplate(ctx, "zed", host)
	if err != nil || got != p.srv.URL+"/authorize_interaction?uri={uri}" {
		t.Fatalf("template %q, %v", got, err)
	}
	u, err := f.fed.ResolveHandle(ctx, "zed", host)
	if err != nil || u.APID != actor {
		t.Fatalf("ResolveHandle after the shared lookup: %+v %v", u, err)
	}
	p.serveDoc("/.well-known/webfinger", map[string]any{"subject": "acct:zed@" + host, "links": []any{
		map[string]any{"rel": "self", "type": "application/activity+json", "href": actor}}})
	if got, err := f.fed.SubscribeTemplate(ctx, "zed", host); err == nil {
		t.Fatalf("a server without a template gave %q", got)
	}
}
