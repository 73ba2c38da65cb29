// Command egregoros is the Egregoros server and its administration tools.
package main

import (
	"os"

	"github.com/egregoros/egregoros/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
