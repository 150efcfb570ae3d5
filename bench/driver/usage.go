package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
)

// runRSS runs a command with this process's standard streams and writes its
// peak resident memory ("maxrss_kib N", from the kernel's rusage) to -out.
func runRSS(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rss", flag.ContinueOnError)
	out := fs.String("out", "", "`file` to write the peak to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 || *out == "" {
		return errors.New("usage: driver rss -out FILE -- COMMAND [ARGS...]")
	}
	cmd := exec.CommandContext(ctx, fs.Arg(0), fs.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, os.Stderr
	runErr := cmd.Run()
	if cmd.ProcessState == nil {
		return runErr
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no rusage for %s", fs.Arg(0))
	}
	if err := os.WriteFile(*out, fmt.Appendf(nil, "maxrss_kib %d\n", ru.Maxrss), 0o644); err != nil {
		return err
	}
	return runErr
}
