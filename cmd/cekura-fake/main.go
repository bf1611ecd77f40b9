// Command cekura-fake serves the cekuratest fake Cekura API on a port, for
// tests written with tools other than Go:
//
//	go run ./cmd/cekura-fake -addr 127.0.0.1:8080
//
// It prints the base URL and the API key to use, and stops cleanly on
// Ctrl-C (SIGINT) or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/cekura-go/cekura/cekuratest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	key := flag.String("key", "", "API key the fake accepts (default: a random key, printed at start)")
	pageSize := flag.Int("page-size", 10, "page size of the list endpoints when a request names none (the API's is 10)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, *addr, *key, *pageSize); err != nil {
		fmt.Fprintln(os.Stderr, "cekura-fake:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, out io.Writer, addr, key string, pageSize int) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fake := cekuratest.NewServer(cekuratest.WithListener(l), cekuratest.WithAPIKey(key), cekuratest.WithPageSize(pageSize))
	fmt.Fprintf(out, "cekura-fake: serving the Cekura agents API on %s (Ctrl-C stops it)\n", l.Addr())
	fmt.Fprintf(out, "CEKURA_BASE_URL=%s\n", fake.URL())
	fmt.Fprintf(out, "CEKURA_API_KEY=%s\n", fake.APIKey())
	if tcp, ok := l.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(out, "cekura-fake: from another host or container, use http://<this host's name>:%d as the base URL, with cekura.WithInsecureHTTP() (plain http beyond loopback)\n", tcp.Port)
	}
	<-ctx.Done()
	fake.Close()
	fmt.Fprintln(out, "cekura-fake: stopped")
	return nil
}
