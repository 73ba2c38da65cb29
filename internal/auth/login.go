package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/egregoros/egregoros/internal/store"
)

// ErrBadLogin is returned for an unknown login or a wrong password, alike.
var ErrBadLogin = errors.New("invalid username or password")

// ErrSuspended is returned for the right password of a suspended account; it is also an
// ErrBadLogin, so that every caller refuses it.
var ErrSuspended = fmt.Errorf("%w: this account is suspended", ErrBadLogin)

// dummyHash is a real argon2id hash, so that an unknown login costs the same work as a wrong
// password and answer time does not tell whether an account exists.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not the password of anyone")
	if err != nil {
		panic(err)
	}
	return h
})

// CheckLogin finds a local user by nickname (with or without @) or email and checks the
// password. It is the one login check of the API's password grant, the OAuth consent page and
// the web UI.
func CheckLogin(ctx context.Context, st *store.Store, login, password string) (*store.User, error) {
	login = strings.TrimPrefix(strings.TrimSpace(login), "@")
	if login == "" || password == "" || len(login) > 320 {
		return nil, ErrBadLogin
	}
	u, err := st.LocalUser(ctx, login)
	if errors.Is(err, store.ErrNotFound) && strings.Contains(login, "@") {
		u, err = st.LocalUserByEmail(ctx, login)
	}
	if errors.Is(err, store.ErrNotFound) {
		CheckPassword(dummyHash(), password)
		return nil, ErrBadLogin
	}
	if err != nil {
		return nil, err
	}
	if u.ActorType == "Application" || !CheckPassword(u.PasswordHash, password) {
		return nil, ErrBadLogin
	}
	if u.SuspendedAt != nil {
		return nil, ErrSuspended
	}
	return u, nil
}
