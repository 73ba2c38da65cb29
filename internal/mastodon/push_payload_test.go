package mastodon_test

import (
	"encoding/json"
	"net/url"
	"testing"
)

// The push payload is in the user's language (the locale they signed up with, else their
// posting language), with an empty access_token; pleroma:emoji_reaction is an alert of its
// own; notifications the user's policy filters are not pushed.
func TestPushPayloadLocaleReactionsAndPolicy(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	pub := a.withPush()
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	aliceTok, bobTok, carolTok := a.token(alice, "read", "write", "follow", "push"), a.token(bob, "read", "write", "follow"),
		a.token(carol, "read", "write", "follow", "push")
	alice.Data, _ = json.Marshal(map[string]string{"locale": "fr-CA"})
	if err := a.st.UpdateUser(a.ctx, alice); err != nil {
		t.Fatal(err)
	}
	agent := newPushAgent(t, pub)
	sub := agent.subscribe(a, aliceTok, map[string]any{"alerts": map[string]any{"mention": true, "pleroma:emoji_reaction": true}})
	subID := sub["id"].(string)
	if alerts := sub["alerts"].(map[string]any); alerts["pleroma:emoji_reaction"] != true || alerts["favourite"] != false {
		t.Fatalf("alerts %v", alerts)
	}

	mine := a.stPost(aliceTok, map[string]any{"status": "react to me"})
	stOK(t, a.do("PUT", "/api/v1/pleroma/statuses/"+mine+"/reactions/"+url.PathEscape("🎉"), bobTok, nil))
	if _, err := a.pushLatest(alice, subID); err != nil {
		t.Fatal(err)
	}
	ps := agent.payloads()
	if len(ps) != 1 {
		t.Fatalf("pushes %v", ps)
	}
	p := ps[0]
	if p["notification_type"] != "pleroma:emoji_reaction" || p["title"] != "bob a réagi avec 🎉" || p["preferred_locale"] != "fr-CA" ||
		p["body"] != "react to me" {
		t.Fatalf("reaction payload %v", p)
	}
	if tok, ok := p["access_token"]; !ok || tok != "" {
		t.Fatalf("access_token %v", p["access_token"])
	}

	// An unsolicited private mention is filtered by the default policy: no push. A public one is.
	a.stPost(bobTok, map[string]any{"status": "@alice psst", "visibility": "direct"})
	if _, err := a.pushLatest(alice, subID); err != nil || len(agent.payloads()) != 1 {
		t.Fatalf("filtered mention pushed: %v %d", err, len(agent.payloads()))
	}
	a.stPost(bobTok, map[string]any{"status": "@alice hello"})
	if _, err := a.pushLatest(alice, subID); err != nil || len(agent.payloads()) != 2 || agent.payloads()[1]["title"] != "bob vous a mentionné·e" {
		t.Fatalf("mention: %v %v", err, agent.payloads())
	}

	// Carol has no locale: her posting language (German) gives the titles; reactions are off.
	acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", carolTok, map[string]any{"source": map[string]any{"language": "de"}}))
	other := newPushAgent(t, pub)
	carolSub := other.subscribe(a, carolTok, map[string]any{"alerts": map[string]any{"follow": true}})["id"].(string)
	theirs := a.stPost(carolTok, map[string]any{"status": "hallo"})
	stOK(t, a.do("PUT", "/api/v1/pleroma/statuses/"+theirs+"/reactions/"+url.PathEscape("👍"), bobTok, nil))
	if _, err := a.pushLatest(carol, carolSub); err != nil || len(other.payloads()) != 0 {
		t.Fatalf("reaction pushed with its alert off: %v", err)
	}
	stOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/follow", bobTok, nil))
	if _, err := a.pushLatest(carol, carolSub); err != nil || len(other.payloads()) != 1 {
		t.Fatalf("follow: %v", err)
	}
	if q := other.payloads()[0]; q["preferred_locale"] != "de" || q["title"] != "bob folgt dir" {
		t.Fatalf("follow payload %v", q)
	}
}
