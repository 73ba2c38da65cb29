package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

func user(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("usage: egregoros user create|password|promote|demote|alias|move|delete NICK [flags]")
	}
	sub, args := args[0], args[1:]
	fs := e.flags("user " + sub)
	var password, email, target string
	var admin, locked, yes bool
	switch sub {
	case "create":
		fs.StringVar(&password, "password", "", "the new user's password (read from standard input when not given)")
		fs.StringVar(&email, "email", "", "the new user's email address")
		fs.BoolVar(&admin, "admin", false, "make the user an administrator")
		fs.BoolVar(&locked, "locked", false, "require approval of followers")
	case "password":
		fs.StringVar(&password, "password", "", "the new password (read from standard input when not given)")
	case "promote", "demote":
	case "alias":
		fs.StringVar(&target, "add", "", "the other account (nick@domain) that may move to this one")
	case "move":
		fs.StringVar(&target, "to", "", "the account (nick@domain) this one moves to; it must list this one as an alias")
	case "delete":
		fs.BoolVar(&yes, "yes", false, "really delete the account, its posts and its follows, here and on the servers we know")
	default:
		return usagef("unknown user command %q (want create, password, promote, demote, alias, move or delete)", sub)
	}
	pos, err := e.parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: egregoros user %s NICK", sub)
	}
	nick := strings.TrimPrefix(pos[0], "@")
	cfg, err := e.load(fs)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CheckSchema(ctx); err != nil {
		return err
	}
	if (sub == "create" || sub == "password") && password == "" {
		if password, err = e.readPassword(); err != nil {
			return err
		}
	}
	switch sub {
	case "create":
		u, err := auth.CreateLocal(ctx, st, cfg.BaseURL(), auth.NewUser{Nickname: nick, Email: email, Password: password, Admin: admin, Locked: locked})
		if errors.Is(err, store.ErrTaken) {
			if email == "" {
				return fmt.Errorf("nickname %q is already taken", nick)
			}
			return fmt.Errorf("nickname %q or email %q is already taken", nick, email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created user %s (%s)\n", u.Nickname, u.APID)
		return nil
	}
	u, err := st.LocalUser(ctx, nick)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no local user %q", nick)
	}
	if err != nil {
		return err
	}
	switch sub {
	case "delete":
		if !yes {
			return usagef("egregoros user delete %s deletes the account for good; add --yes to do it", nick)
		}
		return userDelete(ctx, e, cfg, st, u)
	case "alias", "move":
		if target == "" {
			return usagef("usage: egregoros user alias NICK --add nick@domain | user move NICK --to nick@domain")
		}
		var id string
		if sub == "alias" {
			id, err = userAlias(ctx, cfg, st, u, target)
		} else {
			id, err = userMove(ctx, cfg, st, u, target)
		}
		if err != nil {
			return err
		}
		if sub == "alias" {
			fmt.Fprintf(e.stdout, "%s may now move to %s (alias %s)\n", target, u.Nickname, id)
		} else {
			fmt.Fprintf(e.stdout, "%s moved to %s; followers are being told\n", u.Nickname, id)
		}
		return nil
	case "password":
		if u.PasswordHash, err = auth.HashPassword(password); err != nil {
			return err
		}
	case "promote":
		u.Admin = true
	case "demote":
		u.Admin = false
	}
	if err := st.UpdateUser(ctx, u); err != nil {
		return err
	}
	if sub == "password" {
		// A new password signs the user out everywhere.
		if err := st.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	switch sub {
	case "password":
		fmt.Fprintf(e.stdout, "password of %s changed\n", u.Nickname)
	case "promote":
		fmt.Fprintf(e.stdout, "%s is now an administrator\n", u.Nickname)
	case "demote":
		fmt.Fprintf(e.stdout, "%s is no longer an administrator\n", u.Nickname)
	}
	return nil
}

// readPassword reads one line from standard input.
func (e *env) readPassword() (string, error) {
	fmt.Fprint(e.stderr, "Password: ")
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil {
			return "", errors.New("no password given (use --password or standard input)")
		}
		return "", errors.New("empty password")
	}
	return line, nil
}
