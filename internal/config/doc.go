// Package config holds the one Config struct, read from EGREGOROS_* environment variables and
// overridden by command-line flags. It imports nothing from this project.
package config
