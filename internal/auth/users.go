package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

var nicknameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,30}$`)

// reserved nicknames would collide with our own paths or system actors.
var reserved = map[string]bool{"instance": true, "internal": true, "admin_internal": true, "relay": true}

// NewUser is what it takes to create a local account.
type NewUser struct {
	Nickname string
	Email    string
	Password string
	Admin    bool
	Locked   bool
}

// ErrInvalidNickname is returned for nicknames Mastodon would not accept either.
var ErrInvalidNickname = errors.New("nickname must be 1 to 30 letters, digits or underscores")

// CreateLocal validates and creates a local user with a fresh RSA-2048 key pair and the
// ActivityPub URLs derived from baseURL.
func CreateLocal(ctx context.Context, st *store.Store, baseURL string, in NewUser) (*store.User, error) {
	if !nicknameRE.MatchString(in.Nickname) || reserved[strings.ToLower(in.Nickname)] {
		return nil, ErrInvalidNickname
	}
	if in.Email != "" {
		addr, err := mail.ParseAddress(in.Email)
		if err != nil || addr.Address != in.Email {
			return nil, fmt.Errorf("invalid email address %q", in.Email)
		}
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	priv, pub, err := NewKeyPair()
	if err != nil {
		return nil, err
	}
	id := baseURL + "/users/" + in.Nickname
	u := &store.User{
		APID: id, Nickname: in.Nickname, Local: true, ActorType: "Person",
		Inbox: id + "/inbox", SharedInbox: baseURL + "/inbox", Outbox: id + "/outbox",
		FollowersURL: id + "/followers", FollowingURL: id + "/following", FeaturedURL: id + "/collections/featured",
		URL: baseURL + "/@" + in.Nickname, PublicKey: pub, PrivateKey: priv,
		Email: in.Email, PasswordHash: hash, Admin: in.Admin, Locked: in.Locked, Discoverable: true,
	}
	if err := st.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
