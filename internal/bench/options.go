package bench

import (
	"fmt"
	"time"
)

// Password is the password of every seeded local user.
const Password = "bench-password-1234"

// The two edge users: one follows nobody, the other follows only dormant remote users.
const (
	EdgeNoFollows = "edge_nofollows"
	EdgeDormant   = "edge_dormant"
)

// RemoteDomains is how many remote domains the remote users are spread over
// (remote1.example … remote10.example).
const RemoteDomains = 10

// SeedOptions describe the dataset. The zero value of a field means its default (inventory
// §7.2), except Seed.
type SeedOptions struct {
	LocalUsers     int   // local users besides the two edge users (10)
	RemoteUsers    int   // remote users, of which 10% (at least 1, at most 25) are dormant (200)
	Days           int   // days of posts, ending now (365)
	PostsPerDay    int   // public posts per day, before Scale (200)
	FollowsPerUser int   // follows of each local user (50)
	Scale          int   // multiplies PostsPerDay: 14 gives 1,022,000 posts at the defaults (1)
	Seed           int64 // random seed; 0 picks one from the clock
	// Force lets Seed wipe a database that holds accounts the seed did not create.
	Force bool
	// NoActivities leaves out the Create activity row of each post (the pipeline stores one).
	NoActivities bool
	// BaseURL is the public origin of the server the data is for (local ids start with it).
	BaseURL string
	// NoAnalyze skips refreshing the planner's statistics after the load. A SQLite server
	// never runs ANALYZE today (PostgreSQL's autovacuum does), so this is how SQLite runs in
	// production until it does.
	NoAnalyze bool
	// Workers is how many transactions insert at once (default 2 on PostgreSQL, 1 on SQLite).
	Workers int
	// Now is the end of the seeded period (default: the current time).
	Now time.Time
}

// withDefaults fills in the defaults.
func (o SeedOptions) withDefaults() SeedOptions {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.LocalUsers, 10)
	def(&o.RemoteUsers, 200)
	def(&o.Days, 365)
	def(&o.PostsPerDay, 200)
	def(&o.FollowsPerUser, 50)
	def(&o.Scale, 1)
	if o.Seed == 0 {
		o.Seed = time.Now().UnixNano()
	}
	if o.BaseURL == "" {
		o.BaseURL = "http://localhost:4000"
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC().Truncate(time.Second)
	}
	return o
}

func (o SeedOptions) validate() error {
	for _, f := range []struct {
		name string
		v    int
	}{{"local-users", o.LocalUsers}, {"remote-users", o.RemoteUsers}, {"days", o.Days}, {"posts-per-day", o.PostsPerDay},
		{"follows-per-user", o.FollowsPerUser}, {"scale", o.Scale}} {
		if f.v < 0 {
			return fmt.Errorf("--%s must not be negative", f.name)
		}
	}
	if o.LocalUsers < 1 {
		return fmt.Errorf("--local-users must be at least 1")
	}
	if o.Posts() > 50_000_000 {
		return fmt.Errorf("%d posts is more than this harness is meant for (50,000,000)", o.Posts())
	}
	return nil
}

// Posts is the number of root posts: days × posts per day × scale.
func (o SeedOptions) Posts() int { return o.Days * o.PostsPerDay * o.Scale }

// Replies is the number of replies: one to each of the oldest root posts, min(posts/20, 10000).
func (o SeedOptions) Replies() int { return min(o.Posts()/20, 10000) }

// Dormant is the number of dormant remote users: 10% of them, at least 1, at most 25.
func (o SeedOptions) Dormant() int {
	if o.RemoteUsers == 0 {
		return 0
	}
	return min(max(o.RemoteUsers/10, 1), 25)
}

// LocalNicknames are the nicknames of the seeded local users: local1 … localN and the edge
// users.
func (o SeedOptions) LocalNicknames() []string {
	out := make([]string, 0, o.LocalUsers+2)
	for i := 1; i <= o.LocalUsers; i++ {
		out = append(out, fmt.Sprintf("local%d", i))
	}
	return append(out, EdgeNoFollows, EdgeDormant)
}

// Domains are the remote domains.
func Domains() []string {
	out := make([]string, RemoteDomains)
	for i := range out {
		out[i] = fmt.Sprintf("remote%d.example", i+1)
	}
	return out
}
