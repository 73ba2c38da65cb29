package cli

// bench is `egregoros bench seed|run|explain`.
func bench(e *env, args []string) error {
	return usagef("usage: egregoros bench seed|run|explain [flags]")
}
