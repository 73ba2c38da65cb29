package auth_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestPasswordHashing(t *testing.T) {
	h, err := auth.HashPassword("correct horse")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash %q, %v", h, err)
	}
	if !auth.CheckPassword(h, "correct horse") || auth.CheckPassword(h, "correct horsE") {
		t.Fatal("argon2id check wrong")
	}
	h2, _ := auth.HashPassword("correct horse")
	if h == h2 {
		t.Fatal("hashes are not salted")
	}
	b, _ := bcrypt.GenerateFromPassword([]byte("from mastodon"), bcrypt.MinCost)
	if !auth.CheckPassword(string(b), "from mastodon") || auth.CheckPassword(string(b), "nope") {
		t.Fatal("bcrypt check wrong")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "$argon2id$garbage"} {
		if auth.CheckPassword(bad, "x") {
			t.Fatalf("hash %q matched", bad)
		}
	}
	if _, err := auth.HashPassword("short"); !errors.Is(err, auth.ErrWeakPassword) {
		t.Fatalf("short password: %v", err)
	}
}

func TestCreateLocalUser(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	u, err := auth.CreateLocal(ctx, st, "https://example.test", auth.NewUser{Nickname: "alice", Email: "alice@example.test", Password: "secret password"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.LocalUser(ctx, "alice")
	if err != nil || got.APID != "https://example.test/users/alice" || got.Inbox != got.APID+"/inbox" || got.Admin {
		t.Fatalf("user = %+v, %v", got, err)
	}
	block, _ := pem.Decode([]byte(got.PrivateKey))
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatalf("private key: %v", err)
	}
	if n := key.(interface{ Size() int }).Size(); n != 256 {
		t.Fatalf("key size %d bytes, want 2048 bits", n)
	}
	if !auth.CheckPassword(got.PasswordHash, "secret password") || u.ID != got.ID {
		t.Fatal("password not stored")
	}
	for name, in := range map[string]auth.NewUser{
		"taken":        {Nickname: "ALICE", Password: "secret password"},
		"bad nickname": {Nickname: "al ice", Password: "secret password"},
		"reserved":     {Nickname: "instance", Password: "secret password"},
		"bad email":    {Nickname: "bob", Email: "not an email", Password: "secret password"},
		"weak":         {Nickname: "bob", Password: "x"},
	} {
		if _, err := auth.CreateLocal(ctx, st, "https://example.test", in); err == nil {
			t.Errorf("%s: created", name)
		} else if name == "taken" && !errors.Is(err, store.ErrTaken) {
			t.Errorf("taken: %v", err)
		}
	}
}

func TestCheckLogin(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	if _, err := auth.CreateLocal(ctx, st, "https://example.test", auth.NewUser{Nickname: "alice", Email: "alice@example.test", Password: "secret password"}); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"alice", "@ALICE", "alice@example.test"} {
		if u, err := auth.CheckLogin(ctx, st, login, "secret password"); err != nil || u.Nickname != "alice" {
			t.Fatalf("login %q: %v", login, err)
		}
	}
	for _, c := range [][2]string{{"alice", "wrong"}, {"nobody", "secret password"}, {"", "x"}, {"alice", ""}} {
		if _, err := auth.CheckLogin(ctx, st, c[0], c[1]); !errors.Is(err, auth.ErrBadLogin) {
			t.Fatalf("login %q/%q: %v", c[0], c[1], err)
		}
	}
}
