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

// runUsage runs a command with this process's standard streams and writes
// what the kernel says it used to -out: its peak resident memory
// ("maxrss_kib N") and its CPU time, user plus system ("cpu_s S").
func runUsage(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("usage", flag.ContinueOnError)
	out := fs.String("out", "", "`file` to write the figures to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 || *out == "" {
		return errors.New("usage: driver usage -out FILE -- COMMAND [ARGS...]")
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
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	text := fmt.Sprintf("maxrss_kib %d\ncpu_s %.3f\n", ru.Maxrss, cpu.Seconds())
	if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
		return err
	}
	return runErr
}
