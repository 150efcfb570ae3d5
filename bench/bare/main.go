// Command bare is the baseline of the mock benchmarks: a bare net/http
// server that answers the two benchmarked operations with bytes captured
// from the mock beforehand, and does nothing else. What it serves per
// second is the limit of net/http on the machine, which the mock's figures
// are divided by.
//
//	bare -addr 127.0.0.1:47081 -list calls.json -create created.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback `host:port` to listen on")
	list := flag.String("list", "", "`file` with the body of GET /api/v1/call-campaign/{id}/calls")
	create := flag.String("create", "", "`file` with the body of POST /api/v1/call-campaign")
	flag.Parse()
	if err := run(*addr, *list, *create); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

func run(addr, listFile, createFile string) error {
	listBody, err := os.ReadFile(listFile)
	if err != nil {
		return err
	}
	createBody, err := os.ReadFile(createFile)
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %s: only loopback addresses are allowed", addr)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/call-campaign/{call_campaign_uuid}/calls", static(http.StatusOK, listBody))
	mux.Handle("POST /api/v1/call-campaign", static(http.StatusCreated, createBody))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Printf("bare listening on http://%s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// static answers every request with status and body as JSON, after reading
// the request body as any server that decodes it would.
func static(status int, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}
