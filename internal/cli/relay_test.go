package cli_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestRelayCommands subscribes to a fake relay from the command line: its actor is fetched,
// the subscription is pending, the Follow and then the Undo are queued as deliveries.
func TestRelayCommands(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	var relay string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/actor" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/activity+json")
		json.NewEncoder(w).Encode(map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "id": relay,
			"type": "Application", "preferredUsername": "relay", "inbox": relay + "/inbox", "outbox": relay + "/outbox",
			"followers": relay + "/followers",
			"publicKey": map[string]any{"id": relay + "#main-key", "owner": relay,
				"publicKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))}})
	}))
	defer srv.Close()
	relay = srv.URL + "/actor"
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir(),
		"EGREGOROS_ALLOW_PRIVATE_FEDERATION": "true", "EGREGOROS_HOST": "localhost", "EGREGOROS_SCHEME": "http"}
	if r := run(t, env, "", "relay", "add", relay); r.code != 0 || !strings.Contains(r.stdout, "pending") {
		t.Fatalf("add: %+v", r)
	}
	if r := run(t, env, "", "relay", "add", relay); r.code != 1 || !strings.Contains(r.stderr, "already subscribed") {
		t.Fatalf("add twice: %+v", r)
	}
	if r := run(t, env, "", "relay", "list"); r.code != 0 || r.stdout != relay+"\tpending\n" {
		t.Fatalf("list: %+v", r)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rel, err := st.RelayByAPID(context.Background(), relay)
	if err != nil || rel.FollowAPID == "" {
		t.Fatalf("stored: %+v %v", rel, err)
	}
	if f, err := st.ObjectByAPID(context.Background(), rel.FollowAPID); err != nil || f.Type != "Follow" || f.Object != relay {
		t.Fatalf("follow: %+v %v", f, err)
	}
	if n := deliveriesQueued(t, st); n != 1 {
		t.Fatalf("%d deliveries queued after add", n)
	}
	for _, args := range [][]string{{"relay"}, {"relay", "add"}, {"relay", "join", relay}, {"relay", "list", relay}} {
		if r := run(t, env, "", args...); r.code != 2 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if r := run(t, env, "", "relay", "remove", relay); r.code != 0 {
		t.Fatalf("remove: %+v", r)
	}
	if n := deliveriesQueued(t, st); n != 2 {
		t.Fatalf("%d deliveries queued after remove (the Undo)", n)
	}
	if r := run(t, env, "", "relay", "list"); r.code != 0 || r.stdout != "" {
		t.Fatalf("list after remove: %+v", r)
	}
	if r := run(t, env, "", "relay", "remove", relay); r.code != 1 || !strings.Contains(r.stderr, "not subscribed") {
		t.Fatalf("remove twice: %+v", r)
	}
}

// deliveriesQueued counts the deliver jobs in River's table.
func deliveriesQueued(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.SQL().QueryRowContext(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'deliver'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
