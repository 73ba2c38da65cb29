package bench

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// author is a seeded user with what documents need of it.
type author struct {
	u       *store.User
	mention string // nick for local users, nick@domain for remote ones (as buildNote names them)
}

// dataset is the users and follow graph of a seed, decided up front from the seed.
type dataset struct {
	opts     SeedOptions
	rng      *rand.Rand
	locals   []*author // local1 … localN
	noFollow *author
	dormantF *author // edge_dormant
	active   []*author
	dormant  []*author
	authors  []*author // who posts: the local users and the active remote users
}

// keys are one key pair and password hash shared by the seeded users (generating one per user
// would dominate a small seed; nothing here signs anything).
type keys struct {
	privatePEM, publicPEM, passwordHash string
}

func newDataset(o SeedOptions, k keys) *dataset {
	d := &dataset{opts: o, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x6567726567))}
	created := o.Now.Add(-time.Duration(o.Days+1) * 24 * time.Hour)
	local := func(nick string) *author {
		id := o.BaseURL + "/users/" + nick
		return &author{mention: nick, u: &store.User{ID: store.NewIDAt(created), APID: id, Nickname: nick, Local: true,
			ActorType: "Person", Inbox: id + "/inbox", SharedInbox: o.BaseURL + "/inbox", Outbox: id + "/outbox",
			FollowersURL: id + "/followers", FollowingURL: id + "/following", FeaturedURL: id + "/collections/featured",
			URL: o.BaseURL + "/@" + nick, PublicKey: k.publicPEM, PrivateKey: k.privatePEM, Name: "Bench " + nick,
			Bio: "<p>Benchmark account.</p>", Discoverable: true, PasswordHash: k.passwordHash, CreatedAt: created}}
	}
	for _, nick := range o.LocalNicknames()[:o.LocalUsers] {
		d.locals = append(d.locals, local(nick))
	}
	d.noFollow, d.dormantF = local(EdgeNoFollows), local(EdgeDormant)
	domains := Domains()
	for i := 1; i <= o.RemoteUsers; i++ {
		nick := fmt.Sprintf("remote%d", i)
		isDormant := i > o.RemoteUsers-o.Dormant()
		if isDormant {
			nick = fmt.Sprintf("dormant%d", i-(o.RemoteUsers-o.Dormant()))
		}
		domain := domains[(i-1)%len(domains)]
		id := "https://" + domain + "/users/" + nick
		a := &author{mention: nick + "@" + domain, u: &store.User{ID: store.NewIDAt(created), APID: id, Nickname: nick,
			Domain: domain, ActorType: "Person", Inbox: id + "/inbox", SharedInbox: "https://" + domain + "/inbox",
			Outbox: id + "/outbox", FollowersURL: id + "/followers", FollowingURL: id + "/following",
			URL: "https://" + domain + "/@" + nick, PublicKey: k.publicPEM, Name: "Remote " + nick,
			Bio: "<p>Remote benchmark account.</p>", Discoverable: true, FetchedAt: &created, CreatedAt: created}}
		if isDormant {
			d.dormant = append(d.dormant, a)
		} else {
			d.active = append(d.active, a)
		}
	}
	d.authors = append(append(d.authors, d.locals...), d.active...)
	return d
}

// users are every seeded user.
func (d *dataset) users() []*store.User {
	var out []*store.User
	for _, group := range [][]*author{d.locals, {d.noFollow, d.dormantF}, d.active, d.dormant} {
		for _, a := range group {
			out = append(out, a.u)
		}
	}
	return out
}

// follows decides the follow graph: each of local1 … localN follows FollowsPerUser distinct
// authors other than itself, edge_dormant follows every dormant user, edge_nofollows nobody.
// It returns the Follow relationships, their Follow activities, and the follow
// notifications of local targets.
func (d *dataset) follows() ([]*store.Relationship, []*store.Object, []*store.Notification) {
	at := d.opts.Now.Add(-time.Duration(d.opts.Days) * 24 * time.Hour)
	var rels []*store.Relationship
	var acts []*store.Object
	var notes []*store.Notification
	follow := func(from, to *author) {
		id := store.NewIDAt(at)
		apID := d.opts.BaseURL + "/objects/" + id
		doc := &followDoc{Context: "https://www.w3.org/ns/activitystreams", Actor: from.u.APID, ID: apID, Object: to.u.APID,
			To: []string{to.u.APID}, Type: "Follow"}
		acts = append(acts, &store.Object{ID: id, APID: apID, Type: "Follow", Actor: from.u.APID, Object: to.u.APID,
			Data: mustJSON(doc), Published: at, Local: true, Visibility: ap.VisibilityDirect, InsertedAt: at,
			Recipients: []string{to.u.APID}})
		rels = append(rels, &store.Relationship{Type: store.RelFollow, Actor: from.u.APID, Object: to.u.APID,
			ActivityAPID: apID, CreatedAt: at})
		if to.u.Local {
			notes = append(notes, &store.Notification{ID: store.NewIDAt(at), UserID: to.u.ID, Type: store.NotifyFollow,
				Actor: from.u.APID, ActivityAPID: apID, CreatedAt: at})
		}
	}
	for _, u := range d.locals {
		var pool []*author
		for _, a := range d.authors {
			if a != u {
				pool = append(pool, a)
			}
		}
		d.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for _, a := range pool[:min(d.opts.FollowsPerUser, len(pool))] {
			follow(u, a)
		}
	}
	for _, a := range d.dormant {
		follow(d.dormantF, a)
	}
	return rels, acts, notes
}

// roots calls emit for each root post, oldest first, with its author and time: the posts of
// each day spread evenly over it, with a little jitter.
func (d *dataset) roots(emit func(p *post) error) error {
	perDay := d.opts.PostsPerDay * d.opts.Scale
	if perDay == 0 || len(d.authors) == 0 {
		return nil
	}
	start := d.opts.Now.Add(-time.Duration(d.opts.Days) * 24 * time.Hour)
	slot := 24 * time.Hour / time.Duration(perDay)
	seq := 0
	for day := 0; day < d.opts.Days; day++ {
		for i := 0; i < perDay; i++ {
			seq++
			jitter := time.Duration(d.rng.Int64N(int64(slot)))
			p := &post{seq: seq, author: d.authors[d.rng.IntN(len(d.authors))],
				published: start.Add(time.Duration(day)*24*time.Hour + time.Duration(i)*slot + jitter).Truncate(time.Millisecond),
				rare:      seq%500 == 0, media: seq%100 == 0}
			if err := emit(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// reply makes the reply number n (1-based, after the roots) to parent, at a time within the
// last day.
func (d *dataset) reply(n int, parent *rootRef) *post {
	at := d.opts.Now.Add(-time.Duration(d.rng.Int64N(int64(24 * time.Hour)))).Truncate(time.Millisecond)
	return &post{seq: d.opts.Posts() + n, author: d.authors[d.rng.IntN(len(d.authors))], published: at, parent: parent}
}
