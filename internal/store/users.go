package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// User is a local or remote actor.
type User struct {
	ID           string
	APID         string
	Nickname     string
	Domain       string // "" for local users
	Local        bool
	ActorType    string // Person, Service, Application, Group, Organization
	Inbox        string
	SharedInbox  string
	Outbox       string
	FollowersURL string
	FollowingURL string
	FeaturedURL  string
	URL          string // profile page
	PublicKey    string // PEM
	PrivateKey   string // PEM, local users only
	Name         string
	Bio          string // HTML (sanitized for remote users)
	AvatarURL    string
	HeaderURL    string
	Fields       json.RawMessage // [{"name":…,"value":…}]
	Emojis       json.RawMessage // custom emoji used in name/bio
	AlsoKnownAs  []string
	MovedTo      string
	Locked       bool
	Bot          bool
	Discoverable bool
	Admin        bool
	Email        string
	PasswordHash string
	Data         json.RawMessage // the remote actor document as fetched
	FetchedAt    *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SuspendedAt  *time.Time // set by an admin (moderation_users.go); nil for an account in good standing
}

// Handle is nick for local users and nick@domain for remote ones.
func (u *User) Handle() string {
	if u.Local {
		return u.Nickname
	}
	return u.Nickname + "@" + u.Domain
}

const userColumns = `id, ap_id, nickname, domain, local, actor_type, inbox, shared_inbox, outbox, followers_url,
	following_url, featured_url, url, public_key, private_key, name, bio, avatar_url, header_url, fields, emojis,
	also_known_as, moved_to, locked, bot, discoverable, admin, email, password_hash, data, fetched_at,
	created_at, updated_at, suspended_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var domain, email sql.NullString
	var fields, emojis, aka, data []byte
	var fetched, suspended sql.NullTime
	if err := row.Scan(&u.ID, &u.APID, &u.Nickname, &domain, &u.Local, &u.ActorType, &u.Inbox, &u.SharedInbox,
		&u.Outbox, &u.FollowersURL, &u.FollowingURL, &u.FeaturedURL, &u.URL, &u.PublicKey, &u.PrivateKey, &u.Name,
		&u.Bio, &u.AvatarURL, &u.HeaderURL, &fields, &emojis, &aka, &u.MovedTo, &u.Locked, &u.Bot, &u.Discoverable,
		&u.Admin, &email, &u.PasswordHash, &data, &fetched, &u.CreatedAt, &u.UpdatedAt, &suspended); err != nil {
		return nil, err
	}
	u.Domain, u.Email = domain.String, email.String
	u.Fields, u.Emojis, u.Data = json.RawMessage(fields), json.RawMessage(emojis), json.RawMessage(data)
	if err := json.Unmarshal(aka, &u.AlsoKnownAs); err != nil {
		return nil, fmt.Errorf("also_known_as: %w", err)
	}
	if fetched.Valid {
		t := fetched.Time.UTC()
		u.FetchedAt = &t
	}
	if suspended.Valid {
		t := suspended.Time.UTC()
		u.SuspendedAt = &t
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

func jsonOr(raw json.RawMessage, def string) string {
	if len(raw) == 0 {
		return def
	}
	return string(raw)
}

func (u *User) args() []any {
	aka, _ := json.Marshal(u.AlsoKnownAs)
	if u.AlsoKnownAs == nil {
		aka = []byte("[]")
	}
	var fetched, suspended any
	if u.FetchedAt != nil {
		fetched = u.FetchedAt.UTC()
	}
	if u.SuspendedAt != nil {
		suspended = u.SuspendedAt.UTC()
	}
	return []any{u.ID, u.APID, u.Nickname, nullStr(u.Domain), u.Local, u.ActorType, u.Inbox, u.SharedInbox, u.Outbox,
		u.FollowersURL, u.FollowingURL, u.FeaturedURL, u.URL, u.PublicKey, u.PrivateKey, u.Name, u.Bio, u.AvatarURL,
		u.HeaderURL, jsonOr(u.Fields, "[]"), jsonOr(u.Emojis, "[]"), string(aka), u.MovedTo, u.Locked, u.Bot,
		u.Discoverable, u.Admin, nullStr(u.Email), u.PasswordHash, jsonOr(u.Data, "{}"), fetched,
		u.CreatedAt.UTC(), u.UpdatedAt.UTC(), suspended}
}

// ErrTaken is returned when a unique value (nickname, email, ap_id) is already in use.
var ErrTaken = fmt.Errorf("already taken")

// CreateUser inserts a new user. A nickname or email already in use gives ErrTaken.
func (d *DB) CreateUser(ctx context.Context, u *User) error {
	now := time.Now().UTC()
	if u.ID == "" {
		u.ID = NewID()
	}
	if u.ActorType == "" {
		u.ActorType = "Person"
	}
	u.CreatedAt, u.UpdatedAt = now, now
	_, err := d.exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES (`+placeholders(34)+`)`, u.args()...)
	if err != nil {
		if d.d.isUnique(err) {
			return fmt.Errorf("store: user %s: %w", u.Handle(), ErrTaken)
		}
		return fmt.Errorf("store: create user %s: %w", u.Handle(), err)
	}
	return nil
}

// UpsertRemoteUser stores a remote actor, updating the stored row (same ap_id) when it exists.
// The id and created_at of an existing row are kept.
func (d *DB) UpsertRemoteUser(ctx context.Context, u *User) error {
	now := time.Now().UTC()
	u.Local = false
	if u.ActorType == "" {
		u.ActorType = "Person"
	}
	if u.ID == "" {
		u.ID = NewID()
	}
	u.CreatedAt, u.UpdatedAt = now, now
	var sets []string
	for _, c := range strings.Split(userColumns, ",") {
		c = strings.TrimSpace(c)
		switch c {
		case "id", "ap_id", "local", "private_key", "admin", "email", "password_hash", "created_at", "suspended_at":
			continue
		}
		sets = append(sets, c+" = excluded."+c)
	}
	row := d.queryRow(ctx, `INSERT INTO users (`+userColumns+`) VALUES (`+placeholders(34)+`)
		ON CONFLICT (ap_id) DO UPDATE SET `+strings.Join(sets, ", ")+` WHERE users.local = FALSE
		RETURNING id, created_at`, u.args()...)
	if err := row.Scan(&u.ID, &u.CreatedAt); err != nil {
		if d.d.isUnique(err) {
			return fmt.Errorf("store: remote user %s: %w", u.Handle(), ErrTaken)
		}
		return notFound(err, "upsert remote user "+u.APID)
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return nil
}

// UpdateUser writes every column of an existing user (profile edits, admin flag, password).
func (d *DB) UpdateUser(ctx context.Context, u *User) error {
	u.UpdatedAt = time.Now().UTC()
	args := u.args()[1:] // without id
	var sets []string
	for _, c := range strings.Split(userColumns, ",")[1:] {
		sets = append(sets, strings.TrimSpace(c)+" = ?")
	}
	res, err := d.exec(ctx, `UPDATE users SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, u.ID)...)
	if err != nil {
		if d.d.isUnique(err) {
			return fmt.Errorf("store: update user %s: %w", u.Handle(), ErrTaken)
		}
		return fmt.Errorf("store: update user %s: %w", u.Handle(), err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update user %s: %w", u.ID, ErrNotFound)
	}
	return nil
}

// UserByAPID returns the user with this actor id, or ErrNotFound.
func (d *DB) UserByAPID(ctx context.Context, apID string) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE ap_id = ?`, apID))
	if err != nil {
		return nil, notFound(err, "user "+apID)
	}
	return u, nil
}

// UserByID returns the user with this local id, or ErrNotFound.
func (d *DB) UserByID(ctx context.Context, id string) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "user id "+id)
	}
	return u, nil
}

// LocalUser returns the local user with this nickname (case-insensitive), or ErrNotFound.
func (d *DB) LocalUser(ctx context.Context, nickname string) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE local AND lower(nickname) = lower(?)`, nickname))
	if err != nil {
		return nil, notFound(err, "local user "+nickname)
	}
	return u, nil
}

// RemoteUser returns the remote user nickname@domain, or ErrNotFound.
func (d *DB) RemoteUser(ctx context.Context, nickname, domain string) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE NOT local AND lower(nickname) = lower(?) AND domain = ?`,
		nickname, strings.ToLower(domain)))
	if err != nil {
		return nil, notFound(err, "user "+nickname+"@"+domain)
	}
	return u, nil
}

// UserByFollowersURL returns the user whose followers collection is url, or ErrNotFound.
func (d *DB) UserByFollowersURL(ctx context.Context, url string) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE followers_url = ? AND followers_url <> ''`, url))
	if err != nil {
		return nil, notFound(err, "followers collection "+url)
	}
	return u, nil
}

// CountLocalUsers counts local accounts (not the instance actor, an Application).
func (d *DB) CountLocalUsers(ctx context.Context) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM users WHERE local AND actor_type <> 'Application'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// LocalUserByEmail returns the local user with this email (case-insensitive), or ErrNotFound.
func (d *DB) LocalUserByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE local AND lower(email) = lower(?)`, email))
	if err != nil {
		return nil, notFound(err, "local user by email")
	}
	return u, nil
}

// RemoteUsersByInbox returns the remote users whose personal inbox is inbox.
func (d *DB) RemoteUsersByInbox(ctx context.Context, inbox string) ([]string, error) {
	return d.strings(ctx, `SELECT ap_id FROM users WHERE NOT local AND inbox = ?`, inbox)
}
