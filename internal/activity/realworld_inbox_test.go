package activity_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/federation"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// TestRealWorldPayloadsThroughTheSignedInbox delivers every real-world payload that arrives by
// inbox (the cases of TestRealWorldPayloads whose origin is a shared or personal inbox) as a
// server would: a POST to our inbox handler, really signed by the activity's actor (draft-cavage
// and RFC 9421 in turn), verified, stored as a River ingest job on the test's database and worked
// by a running River client through the pipeline. Each case then runs the same checks as the
// direct test: accepted payloads are stored with their side effects, refused ones cancel their
// job with the expected reason and change nothing, and a redelivery adds nothing.
//
// The payloads keep their real ids (the checks name them), so the signing actor's key cannot be
// fetched from its real host: the actor is stored with a key the test holds, as the inbox's own
// fetch would store it (fetching keys from a signing peer is TestInboxVerifiesAndEnqueues and
// TestInboxKeyRotation in internal/federation).
func TestRealWorldPayloadsThroughTheSignedInbox(t *testing.T) {
	t.Parallel()
	n := 0
	slots := make(chan struct{}, 4) // cases run four at a time: each has a database and a River client
	for i, tc := range realWorldCases() {
		if tc.actor || tc.origin.Source != activity.Inbox {
			continue
		}
		n++
		rfc9421 := i%2 == 1
		t.Run(strings.TrimSuffix(tc.file, ".json"), func(t *testing.T) {
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()
			e := newEnv(t)
			in := newSignedInbox(e)
			if tc.setup != nil {
				tc.setup(e)
			}
			raw, err := os.ReadFile(filepath.Join(realWorldDir, filepath.FromSlash(tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			d := loadRealWorld(t, tc.file)
			if tc.wrap != nil {
				d = tc.wrap(e, d)
				if raw, err = json.Marshal(d); err != nil {
					t.Fatal(err)
				}
			}
			signer := d.Ref("actor")
			if signer == "" {
				signer = d.Author()
			}
			in.holdKey(signer)
			before := e.rwCounts()
			var absent []string
			for _, id := range rwIDs(d) {
				if !e.exists(id) {
					absent = append(absent, id)
				}
			}

			job := in.deliver(tc.origin.InboxUser, signer, raw, rfc9421)
			if job == nil {
				t.Fatal("accepted by the inbox but not enqueued")
			}
			if tc.refused != nil {
				if job.State != rivertype.JobStateCancelled {
					t.Fatalf("job %s, want cancelled (refused: %v)", job.State, tc.refused)
				}
				if reason := lastError(job); !strings.Contains(reason, tc.refused.Error()) {
					t.Errorf("refused for %q, want %q", reason, tc.refused)
				}
				if after := e.rwCounts(); after != before {
					t.Errorf("a refused payload changed the database: %+v → %+v", before, after)
				}
				for _, id := range absent {
					if e.exists(id) {
						t.Errorf("%s stored", id)
					}
				}
				return
			}
			if job.State != rivertype.JobStateCompleted {
				t.Fatalf("job %s: %s", job.State, lastError(job))
			}
			tc.check(e, e.rwRow(d.ID()))

			// The same delivery again: accepted by the inbox, stores and notifies nothing more.
			// The sender signs with the key its actor document has now (an Update(Person) may
			// have replaced the stored one; Pleroma's update-actor fixture carries a broken PEM).
			// A deleted actor is not recreated: its Delete, redelivered, is accepted with nothing
			// to verify and nothing enqueued.
			if _, err := e.st.UserByAPID(e.ctx, signer); err == nil {
				in.holdKey(signer)
			}
			mid := e.rwCounts()
			again := in.deliver(tc.origin.InboxUser, signer, raw, !rfc9421)
			switch {
			case again == nil:
				if d.Type() != "Delete" || d.Ref("object") != signer {
					t.Error("second delivery: accepted but not enqueued")
				}
			case again.State == rivertype.JobStateCompleted:
			case again.State == rivertype.JobStateCancelled && strings.Contains(lastError(again), activity.ErrNotTargeted.Error()):
			default:
				t.Errorf("second delivery: job %s: %s", again.State, lastError(again))
			}
			if after := e.rwCounts(); after.objects != mid.objects || after.notifications != mid.notifications {
				t.Errorf("second delivery changed the database: %+v → %+v", mid, after)
			}
		})
	}
	if n < 40 {
		t.Errorf("%d payloads went through the inbox; want at least 40", n)
	}
}

// signedInbox is our inbox handler over the env's store and pipeline, with its deliveries
// worked by a River client on the same database.
type signedInbox struct {
	e    *env
	h    http.Handler
	jobs *jobs.Jobs
	keys map[string]*rsa.PrivateKey
}

func newSignedInbox(e *env) *signedInbox {
	e.t.Helper()
	j, err := jobs.New(e.st, e.p, nil, nil, jobs.Options{Incoming: 1, Outgoing: 1, PollInterval: 100 * time.Millisecond})
	if err != nil {
		e.t.Fatal(err)
	}
	fed := &federation.Service{BaseURL: base, Store: e.st, Pipeline: e.p, AllowPrivate: true, Skew: 5 * time.Minute,
		Client: safehttp.New(safehttp.Options{UserAgent: "test"}), Enqueue: j.EnqueueIngest}
	mux := http.NewServeMux()
	fed.Routes(mux)
	if err := j.Start(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		j.Stop(ctx)
	})
	return &signedInbox{e: e, h: mux, jobs: j, keys: map[string]*rsa.PrivateKey{}}
}

// holdKey gives the actor a key pair the test holds: its stored actor (created if unknown, as
// the inbox would fetch it) gets the public half, fresh.
func (in *signedInbox) holdKey(actor string) {
	e := in.e
	e.t.Helper()
	key := signingKey(e.t, actor)
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.st.UserByAPID(e.ctx, actor)
	if errors.Is(err, store.ErrNotFound) {
		e.rwRemoteActor(actor)
		u, err = e.st.UserByAPID(e.ctx, actor)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	now := time.Now()
	u.PublicKey = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
	u.FetchedAt = &now
	if err := e.st.UpsertRemoteUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	in.keys[actor] = key
}

// deliver POSTs body, signed by actor, to the shared inbox (inboxUser "") or to a local user's
// inbox, expects 202 and returns the ingest job once River has finished with it (nil when the
// inbox accepted the delivery without enqueueing it).
func (in *signedInbox) deliver(inboxUser, actor string, body []byte, rfc9421 bool) *rivertype.JobRow {
	e := in.e
	e.t.Helper()
	url := base + "/inbox"
	if inboxUser != "" {
		url = inboxUser + "/inbox"
	}
	req := httptest.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/activity+json")
	sign := httpsig.SignRequest
	if rfc9421 {
		sign = httpsig.SignRequest9421
	}
	if err := sign(req, body, actor+"#main-key", in.keys[actor]); err != nil {
		e.t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, j := range in.ingestJobs() {
		seen[j.ID] = true
	}
	rec := httptest.NewRecorder()
	in.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusAccepted {
		e.t.Fatalf("inbox answered %d: %s", rec.Code, rec.Body.String())
	}
	// The job is inserted before the inbox answers: none now means none at all.
	var job *rivertype.JobRow
	for _, j := range in.ingestJobs() {
		if !seen[j.ID] {
			job = j
		}
	}
	if job == nil {
		return nil
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, j := range in.ingestJobs() {
			if j.ID != job.ID {
				continue
			}
			switch j.State {
			case rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded:
				return j
			case rivertype.JobStateRetryable:
				e.t.Fatalf("ingest job failed and waits for a retry: %s", lastError(j))
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatal("the ingest job was not worked within 30s")
	return nil
}

// ingestJobs lists the ingest jobs.
func (in *signedInbox) ingestJobs() []*rivertype.JobRow {
	in.e.t.Helper()
	res, err := in.jobs.Client().JobList(in.e.ctx, river.NewJobListParams().Kinds("ingest").First(1000))
	if err != nil {
		in.e.t.Fatal(err)
	}
	return res.Jobs
}

func lastError(j *rivertype.JobRow) string {
	if len(j.Errors) == 0 {
		return ""
	}
	return j.Errors[len(j.Errors)-1].Error
}

// signingKey returns one RSA key per actor id for the whole test binary (key generation is
// the slow part of signing).
func signingKey(t testing.TB, actor string) *rsa.PrivateKey {
	signingKeys.Lock()
	defer signingKeys.Unlock()
	if k, ok := signingKeys.m[actor]; ok {
		return k
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if signingKeys.m == nil {
		signingKeys.m = map[string]*rsa.PrivateKey{}
	}
	signingKeys.m[actor] = k
	return k
}

var signingKeys struct {
	sync.Mutex
	m map[string]*rsa.PrivateKey
}
