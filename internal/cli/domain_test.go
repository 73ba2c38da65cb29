package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestDomainCommands(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	if r := run(t, env, "", "domain", "block", "Spam.Example", "--reject-media", "--comment", "bulk spam"); r.code != 0 ||
		!strings.Contains(r.stdout, "spam.example is blocked (suspend, media rejected)") {
		t.Fatalf("block: %+v", r)
	}
	if r := run(t, env, "", "domain", "block", "loud.example", "--severity", "silence"); r.code != 0 {
		t.Fatalf("block silence: %+v", r)
	}
	for _, args := range [][]string{{"domain", "block", "x.example", "--severity", "ban"}, {"domain", "block"},
		{"domain", "block", "not a domain"}, {"domain", "purge", "x.example"}, {"domain"}, {"domain", "list", "extra"}} {
		if r := run(t, env, "", args...); r.code != 2 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := run(t, env, "", "domain", "list")
	if r.code != 0 || r.stdout != "loud.example\tsilence\treject_media=false\t\nspam.example\tsuspend\treject_media=true\tbulk spam\n" {
		t.Fatalf("list: %+v", r)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.DomainSuspended(context.Background(), "a.spam.example"); !ok || err != nil {
		t.Fatalf("subdomain not suspended: %t %v", ok, err)
	}
	if r := run(t, env, "", "domain", "unblock", "spam.example"); r.code != 0 {
		t.Fatalf("unblock: %+v", r)
	}
	if r := run(t, env, "", "domain", "unblock", "spam.example"); r.code != 1 || !strings.Contains(r.stderr, "not blocked") {
		t.Fatalf("unblock twice: %+v", r)
	}
	if ok, _ := st.DomainSuspended(context.Background(), "spam.example"); ok {
		t.Fatal("still suspended")
	}
}
