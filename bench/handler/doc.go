// Package handler holds Go benchmarks of the mock's whole HTTP handler,
// in-process, without sockets: the same requests make bench sends, through
// mockserver.New's handler and through a bare handler that answers the same
// bytes. They are the noise-free half of make bench: CPU per request, where
// the loaded machine makes requests per second over loopback vary.
//
//	go test ./bench/handler -run '^$' -bench . -benchmem -cpuprofile cpu.prof
package handler
