package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// flakyResolver stands for the federation fetcher: the first `fail` fetches fail (the
// target's server is down), then the fetch stores the actor given for that id.
type flakyResolver struct {
	st    *store.Store
	mu    sync.Mutex
	fail  int
	calls map[string]int
	users map[string]*store.User
	perm  map[string]bool
}

type permanentErr struct{}

func (permanentErr) Error() string   { return "404" }
func (permanentErr) Permanent() bool { return true }

func (r *flakyResolver) Resolve(ctx context.Context, id string, _ int) error {
	r.mu.Lock()
	r.calls[id]++
	n := r.calls[id]
	r.mu.Unlock()
	if r.perm[id] {
		return permanentErr{}
	}
	if n <= r.fail {
		return errors.New("connection refused")
	}
	return r.st.UpsertRemoteUser(ctx, r.users[id])
}

func remoteUser(id string, aka ...string) *store.User {
	return &store.User{APID: id, Nickname: "bob", Domain: ap.Host(id), Inbox: id + "/inbox", AlsoKnownAs: aka}
}

// TestMoveToAnUnknownTargetIsRetried: a Move whose target we have never seen is not lost. The
// ingest job fetches the target; while that fails, River retries the job with backoff; once
// the target is stored, the Move applies and the local follower follows the new account. A
// target that can never be fetched (404) cancels the job.
func TestMoveToAnUnknownTargetIsRetried(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice := base + "/users/alice"
	if err := st.CreateUser(ctx, &store.User{APID: alice, Nickname: "alice", Local: true}); err != nil {
		t.Fatal(err)
	}
	old, target, gone := "https://old.test/users/bob", "https://new.test/users/bob", "https://gone.test/users/bob"
	if err := st.UpsertRemoteUser(ctx, remoteUser(old)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutRelationship(ctx, &store.Relationship{Type: store.RelFollow, Actor: alice, Object: old}); err != nil {
		t.Fatal(err)
	}
	res := &flakyResolver{st: st, fail: 1, calls: map[string]int{}, perm: map[string]bool{gone: true},
		users: map[string]*store.User{target: remoteUser(target, old)}}
	p := &activity.Pipeline{Store: st, BaseURL: base}
	j, err := jobs.New(st, p, &sentLog{ch: make(chan string, 64)}, res, jobs.Options{Incoming: 1, Outgoing: 1, PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p.Deliver, p.Fetch = j, j
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())

	move := func(id, to string) []byte {
		b, _ := json.Marshal(map[string]any{"id": id, "type": "Move", "actor": old, "object": old, "target": to})
		return b
	}
	if err := j.EnqueueIngest(ctx, move("https://old.test/moves/1", target), alice); err != nil {
		t.Fatal(err)
	}
	job := waitIngest(t, j, "https://old.test/moves/1")
	if job.State != rivertype.JobStateCompleted || job.Attempt != 2 || len(job.Errors) != 1 {
		t.Fatalf("job %s after %d attempts, errors %v; want completed on the second attempt", job.State, job.Attempt, job.Errors)
	}
	if ok, _ := st.HasRelationship(ctx, store.RelFollowRequest, alice, target); !ok {
		t.Fatal("the follower does not follow the Move's target")
	}
	if u, _ := st.UserByAPID(ctx, old); u.MovedTo != target {
		t.Fatalf("movedTo = %q", u.MovedTo)
	}

	if err := j.EnqueueIngest(ctx, move("https://old.test/moves/2", gone), alice); err != nil {
		t.Fatal(err)
	}
	if job := waitIngest(t, j, "https://old.test/moves/2"); job.State != rivertype.JobStateCancelled || job.Attempt != 1 {
		t.Fatalf("Move to an actor that is gone: job %s after %d attempts", job.State, job.Attempt)
	}
}

// waitIngest waits until the ingest job of the activity id is finished and returns it.
func waitIngest(t *testing.T, j *jobs.Jobs, id string) *rivertype.JobRow {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := j.Client().JobList(context.Background(), river.NewJobListParams().Kinds("ingest").First(100))
		if err != nil {
			t.Fatal(err)
		}
		for _, job := range res.Jobs {
			var args jobs.IngestArgs
			if json.Unmarshal(job.EncodedArgs, &args) != nil {
				continue
			}
			var doc map[string]any
			if json.Unmarshal(args.Activity, &doc) != nil || doc["id"] != id {
				continue
			}
			switch job.State {
			case rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded:
				return job
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the ingest job of %s did not finish", id)
	return nil
}
