// Package cli is the composition root: one file per subcommand of the egregoros binary
// (serve, migrate, user, version). It reads the Config, opens the store and wires the
// packages together; nothing below it reads flags or the environment.
package cli
