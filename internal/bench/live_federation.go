package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// remoteActors is a loopback "remote server" serving the actor documents of the inbox
// burst's senders, each with its own RSA key pair (generated once per run).
type remoteActors struct {
	srv     *httptest.Server
	ids     []string
	keys    []*rsa.PrivateKey
	docs    map[string][]byte // path → actor document
	fetches atomic.Int64
}

func newRemoteActors(n int) (*remoteActors, error) {
	r := &remoteActors{docs: map[string][]byte{}}
	r.keys = make([]*rsa.PrivateKey, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	sem := make(chan struct{}, 2)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r.keys[i], errs[i] = rsa.GenerateKey(rand.Reader, 2048)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		doc, ok := r.docs[req.URL.Path]
		if !ok || req.Method != http.MethodGet {
			http.NotFound(w, req)
			return
		}
		r.fetches.Add(1)
		w.Header().Set("Content-Type", "application/activity+json")
		w.Write(doc)
	}))
	for i := range n {
		path := fmt.Sprintf("/users/a%d", i)
		id := r.srv.URL + path
		der, err := x509.MarshalPKIXPublicKey(&r.keys[i].PublicKey)
		if err != nil {
			return nil, err
		}
		pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
		doc, _ := json.Marshal(map[string]any{
			"@context": []string{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
			"id":       id, "type": "Person", "preferredUsername": fmt.Sprintf("a%d", i), "name": fmt.Sprintf("Bench sender %d", i),
			"inbox": id + "/inbox", "outbox": id + "/outbox", "followers": id + "/followers", "following": id + "/following",
			"endpoints": map[string]string{"sharedInbox": r.srv.URL + "/inbox"}, "url": id,
			"publicKey": map[string]string{"id": id + "#main-key", "owner": id, "publicKeyPem": pub},
		})
		r.docs[path] = doc
		r.ids = append(r.ids, id)
	}
	return r, nil
}

// signed is one pre-signed inbox POST.
type signed struct {
	actor  int
	body   []byte
	header http.Header
	host   string
}

// inbox sends a burst of signed Create Notes from remote actors to the shared inbox and
// waits until every Note is stored.
func (l *live) inbox(ctx context.Context) error {
	o := l.o
	res := &InboxResult{Activities: o.InboxActivities, Actors: o.InboxActors, Connections: o.InboxConnections}
	fmt.Fprintf(l.o.Log, "live: %d key pairs …\n", o.InboxActors)
	remote, err := newRemoteActors(o.InboxActors)
	if err != nil {
		return err
	}
	defer remote.srv.Close()
	defer func() {
		if err := l.st.DeleteActors(context.WithoutCancel(ctx), remote.ids); err != nil {
			fmt.Fprintf(l.o.Log, "live: cleanup: %v\n", err)
		}
	}()

	// Sign everything first: RSA signing (~3 ms) would otherwise take the CPU the server needs.
	fmt.Fprintf(l.o.Log, "live: signing %d activities …\n", o.InboxActivities)
	inboxURL := strings.TrimRight(o.Server.URL, "/") + "/inbox"
	reqs := make([]signed, o.InboxActivities)
	now := time.Now().UTC()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < len(reqs); j += 2 {
				a := j % o.InboxActors
				actor := remote.ids[a]
				note := fmt.Sprintf("%s/notes/%d", actor, j)
				published := now.Add(time.Duration(j) * time.Millisecond).Format(time.RFC3339Nano)
				followers := actor + "/followers"
				body, _ := json.Marshal(map[string]any{
					"@context": "https://www.w3.org/ns/activitystreams", "id": note + "/activity", "type": "Create",
					"actor": actor, "published": published, "to": []string{ap.Public}, "cc": []string{followers},
					"object": map[string]any{"id": note, "type": "Note", "attributedTo": actor, "published": published,
						"content": fmt.Sprintf("<p>Bench inbox burst, activity %d of %d</p>", j+1, len(reqs)),
						"to":      []string{ap.Public}, "cc": []string{followers}, "url": note},
				})
				req, _ := http.NewRequest(http.MethodPost, inboxURL, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/activity+json")
				if err := httpsig.SignRequest(req, body, actor+"#main-key", remote.keys[a]); err != nil {
					errs[w] = err
					return
				}
				reqs[j] = signed{actor: a, body: body, header: req.Header, host: req.Host}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	// One transport per actor, each bound to its own loopback address (127.0.1.x): the
	// inbox rate limit is per client address, as it would be for 100 servers.
	transports := make([]*http.Transport, o.InboxActors)
	for a := range transports {
		ip := net.IPv4(127, 0, byte(1+a/250), byte(1+a%250))
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 10 * time.Second}
		transports[a] = &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 2}
		defer transports[a].CloseIdleConnections()
	}
	fmt.Fprintf(l.o.Log, "live: sending %d activities from %d actors over %d connections …\n", len(reqs), o.InboxActors, o.InboxConnections)
	peak := sampleRSS(o.Server.PID)
	start := time.Now()
	work := make(chan int)
	var accepted, throttled, refused atomic.Int64
	for range o.InboxConnections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				s := reqs[j]
				client := &http.Client{Transport: transports[s.actor], Timeout: time.Minute}
				for attempt := 0; ; attempt++ {
					req, _ := http.NewRequestWithContext(ctx, http.MethodPost, inboxURL, bytes.NewReader(s.body))
					req.Header, req.Host = s.header.Clone(), s.host
					resp, err := client.Do(req)
					if err != nil {
						refused.Add(1)
						break
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == http.StatusTooManyRequests && attempt < 20 {
						throttled.Add(1)
						secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
						time.Sleep(time.Duration(min(max(secs, 1), 10)) * time.Second)
						continue
					}
					if resp.StatusCode == http.StatusAccepted {
						accepted.Add(1)
					} else {
						refused.Add(1)
					}
					break
				}
			}
		}()
	}
	for j := range reqs {
		select {
		case work <- j:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	res.Sent = time.Since(start)
	res.Accepted, res.Throttled, res.Refused = int(accepted.Load()), int(throttled.Load()), int(refused.Load())
	fmt.Fprintf(l.o.Log, "live: sent in %s (%d accepted, %d throttled, %d refused); waiting for ingestion …\n",
		res.Sent.Round(time.Millisecond), res.Accepted, res.Throttled, res.Refused)
	err = waitFor(ctx, o.Timeout, 100*time.Millisecond, func() (bool, error) {
		n, err := l.st.CountObjectsBy(ctx, "Note", remote.ids)
		res.Ingested = n
		return n >= len(reqs), err
	})
	res.Elapsed = time.Since(start)
	res.PeakRSS = peak()
	res.Lost = len(reqs) - res.Ingested
	res.TimedOut = err == errTimeout
	res.ActorFetches = remote.fetches.Load()
	l.rep.Inbox = res
	if err != nil && err != errTimeout {
		return err
	}
	return nil
}

// sink is a loopback "remote server" that acknowledges every delivery with 202 and counts
// those carrying a marker, per inbox. It verifies nothing.
type sink struct {
	srv    *httptest.Server
	marker atomic.Pointer[string]
	mu     sync.Mutex
	first  time.Time
	per    map[string]int
	total  atomic.Int64
}

func newSink() *sink {
	s := &sink{per: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if m := s.marker.Load(); r.Method == http.MethodPost && m != nil && bytes.Contains(body, []byte(*m)) {
			s.mu.Lock()
			if s.first.IsZero() {
				s.first = time.Now()
			}
			s.per[r.URL.Path]++
			s.mu.Unlock()
			s.total.Add(1)
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	return s
}

// fanout gives local1 Followers remote followers whose inboxes are on a sink, posts once,
// and waits until the sink has acknowledged the post at every inbox.
func (l *live) fanout(ctx context.Context, shared bool) error {
	o := l.o
	sk := newSink()
	defer sk.srv.Close()
	host := strings.TrimPrefix(sk.srv.URL, "http://")
	var users []*store.User
	var rels []*store.Relationship
	var ids []string
	inboxes := map[string]bool{}
	for j := range o.Followers {
		id := fmt.Sprintf("%s/users/f%d", sk.srv.URL, j)
		u := &store.User{APID: id, Nickname: fmt.Sprintf("f%d", j), Domain: host, Inbox: id + "/inbox",
			Outbox: id + "/outbox", FollowersURL: id + "/followers", FollowingURL: id + "/following", URL: id,
			Name: fmt.Sprintf("Bench follower %d", j)}
		if shared {
			u.SharedInbox = fmt.Sprintf("%s/shared%d/inbox", sk.srv.URL, j%o.FollowerInboxes)
			inboxes[u.SharedInbox] = true
		} else {
			inboxes[u.Inbox] = true
		}
		now := time.Now()
		u.FetchedAt = &now
		users = append(users, u)
		ids = append(ids, id)
		rels = append(rels, &store.Relationship{Type: store.RelFollow, Actor: id, Object: l.author.APID})
	}
	defer func() {
		if err := l.st.DeleteActors(context.WithoutCancel(ctx), ids); err != nil {
			fmt.Fprintf(l.o.Log, "live: cleanup: %v\n", err)
		}
	}()
	err := l.st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.BulkInsertUsers(ctx, users); err != nil {
			return err
		}
		return tx.BulkInsertRelationships(ctx, rels)
	})
	if err != nil {
		return err
	}
	res := FanoutResult{Followers: o.Followers, Inboxes: len(inboxes), Shared: shared}
	fmt.Fprintf(l.o.Log, "live: one post to %d followers on %d inboxes …\n", res.Followers, res.Inboxes)
	marker := nonce()
	sk.marker.Store(&marker)
	mark := postMark()
	defer l.cleanupPosts(ctx, mark)
	peak := sampleRSS(o.Server.PID)
	start := time.Now()
	if _, err := l.post(ctx, "bench live fan-out "+marker); err != nil {
		peak()
		return err
	}
	err = waitFor(ctx, o.Timeout, 20*time.Millisecond, func() (bool, error) {
		sk.mu.Lock()
		n := len(sk.per)
		sk.mu.Unlock()
		return n >= len(inboxes), nil
	})
	res.Elapsed = time.Since(start)
	res.PeakRSS = peak()
	sk.mu.Lock()
	res.Acknowledged = len(sk.per)
	for _, c := range sk.per {
		res.Duplicates += c - 1
	}
	if !sk.first.IsZero() {
		res.First = sk.first.Sub(start)
	}
	sk.mu.Unlock()
	l.rep.Fanout = append(l.rep.Fanout, res)
	if err != nil && err != errTimeout {
		return err
	}
	return nil
}
