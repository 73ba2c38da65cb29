package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestUserDelete(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	if r := run(t, env, "", "user", "create", "alice", "--password", "correct horse"); r.code != 0 {
		t.Fatalf("create: %+v", r)
	}
	if r := run(t, env, "", "user", "delete", "alice"); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("delete without --yes: %+v", r)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	u, _ := st.LocalUser(ctx, "alice")
	if _, deleted, _ := st.LocalActorDeletedAt(ctx, u.APID); deleted || u.PasswordHash == "" {
		t.Fatal("deleted without --yes")
	}
	if r := run(t, env, "", "user", "delete", "alice", "--yes"); r.code != 0 || !strings.Contains(r.stdout, "deleted alice") {
		t.Fatalf("delete: %+v", r)
	}
	u, _ = st.LocalUser(ctx, "alice")
	if _, deleted, _ := st.LocalActorDeletedAt(ctx, u.APID); !deleted || u.PasswordHash != "" {
		t.Fatalf("after delete: deleted %v, password %q", deleted, u.PasswordHash)
	}
	var jobs int
	if err := st.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'deliver'`).Scan(&jobs); err != nil || jobs != 1 {
		t.Fatalf("delivery jobs = %d (%v), want the Delete's", jobs, err)
	}
	if r := run(t, env, "", "user", "delete", "alice", "--yes"); r.code != 0 || !strings.Contains(r.stdout, "already deleted") {
		t.Fatalf("second delete: %+v", r)
	}
	if r := run(t, env, "", "user", "create", "alice", "--password", "correct horse"); r.code != 1 || !strings.Contains(r.stderr, "taken") {
		t.Fatalf("nickname given out again: %+v", r)
	}
}
