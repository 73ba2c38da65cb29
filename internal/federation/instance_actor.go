package federation

import (
	"context"
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// InstanceActorNickname is the local nickname of the instance actor: the Application that
// signs fetches and owns relay follows. Its id is BASE/actor.
const InstanceActorNickname = "instance.actor"

// EnsureInstanceActor returns the instance actor, creating it (with a key pair) on first use.
func (s *Service) EnsureInstanceActor(ctx context.Context) (*store.User, error) {
	u, err := s.Store.LocalUser(ctx, InstanceActorNickname)
	if err == nil {
		return u, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	priv, pub, err := auth.NewKeyPair()
	if err != nil {
		return nil, err
	}
	id := s.BaseURL + "/actor"
	u = &store.User{
		APID: id, Nickname: InstanceActorNickname, Local: true, ActorType: "Application",
		Inbox: id + "/inbox", SharedInbox: s.BaseURL + "/inbox", Outbox: id + "/outbox",
		FollowersURL: id + "/followers", FollowingURL: id + "/following", URL: s.BaseURL + "/about",
		PublicKey: pub, PrivateKey: priv, Locked: true, Discoverable: false, Bot: true,
	}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrTaken) { // another node created it first
			return s.Store.LocalUser(ctx, InstanceActorNickname)
		}
		return nil, fmt.Errorf("federation: instance actor: %w", err)
	}
	return u, nil
}
