package federation_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/egregoros/egregoros/e2e/harness"
)

// TestMain builds the egregoros binary once for every test of this package.
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
