// Command profile serves the callharness mock in-process, built exactly as
// callharness mock builds it (mockserver.New, Mock.Serve, a text logger on
// stderr, at warn as make bench starts the mock), with net/http/pprof on a
// second loopback listener of this program, so that make bench can profile
// the mock under load without a debug listener in the mock itself.
//
//	profile -addr 127.0.0.1:47180 -debug 127.0.0.1:47181 -api-key KEY -admin-token TOKEN
//	go tool pprof -seconds 10 http://127.0.0.1:47181/debug/pprof/profile
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/callharness/callharness/mockserver"
)

func main() {
	cfg := mockserver.DefaultConfig()
	addr := flag.String("addr", "127.0.0.1:0", "loopback `host:port` of the mock")
	debug := flag.String("debug", "127.0.0.1:0", "loopback `host:port` of net/http/pprof")
	key := flag.String("api-key", "", "active API key of firm demo")
	token := flag.String("admin-token", "", "admin token")
	config := flag.String("config", "", "mock config `file`")
	flag.StringVar(&cfg.Clock, "clock", "manual", "clock mode")
	flag.StringVar(&cfg.ClockStart, "clock-start", "2026-01-15T08:00:00Z", "clock start")
	flag.StringVar(&cfg.LogLevel, "log-level", "warn", "log `level`, as callharness mock --log-level; warn, as make bench starts the mock")
	flag.Parse()
	if err := run(cfg, *addr, *debug, *key, *token, *config); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

func run(cfg mockserver.Config, addr, debug, key, token, config string) error {
	for _, a := range []string{addr, debug} {
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("address %s: only loopback addresses are allowed", a)
		}
	}
	if config != "" {
		var err error
		if cfg, err = mockserver.LoadConfigFile(cfg, config); err != nil {
			return err
		}
	}
	cfg.Addr, cfg.APIKeys, cfg.AdminToken = addr, []string{key}, token
	level, err := mockserver.ParseLogLevel(cfg.LogLevel)
	if err != nil {
		return err
	}
	m, err := mockserver.New(cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	dln, err := net.Listen("tcp", debug)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	dsrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = dsrv.Serve(dln) }()
	defer dsrv.Close()

	fmt.Printf("profile: mock on http://%s, pprof on http://%s/debug/pprof/\n", ln.Addr(), dln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := m.Serve(ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
