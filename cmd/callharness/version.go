package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func init() {
	register(command{
		name:    "version",
		summary: "print the version, the Go version and the VCS revision",
		usage:   "Usage: callharness version\n\nPrints the version of callharness, the Go version it was built with\nand, when the build recorded it, the VCS revision.\n\nExample:\n  callharness version\n",
		run:     runVersion,
	})
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if isHelp(args[0]) {
			c, _ := lookup("version")
			fmt.Fprint(stdout, c.usage)
			return 0
		}
		fmt.Fprintf(stderr, "callharness version: unexpected argument %q\n", args[0])
		return 2
	}
	fmt.Fprintln(stdout, versionLine())
	return 0
}

// versionLine is "callharness VERSION (GOVERSION, rev REVISION)".
func versionLine() string {
	line := "callharness " + version + " (" + runtime.Version()
	if rev, dirty := revision(); rev != "" {
		line += ", rev " + rev
		if dirty {
			line += "+dirty"
		}
	}
	return line + ")"
}

// revision is the VCS revision the binary was built from, if recorded.
func revision() (rev string, dirty bool) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", false
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	return rev, dirty
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}
