package cekuraotel_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/cekura-go/cekura/cekuraotel"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// grpcCollector is a minimal OTLP/gRPC trace service that checks Cekura's
// metadata as the HTTP receiver checks the headers.
type grpcCollector struct {
	coltrace.UnimplementedTraceServiceServer
	key string

	mu    sync.Mutex
	md    []metadata.MD
	names []string
}

func (c *grpcCollector) Export(ctx context.Context, req *coltrace.ExportTraceServiceRequest) (*coltrace.ExportTraceServiceResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.md = append(c.md, md)
	if k := md.Get(cekuraotel.HeaderAPIKey); len(k) != 1 || k[0] != c.key {
		return nil, status.Error(codes.Unauthenticated, "invalid key")
	}
	if len(md.Get(cekuraotel.HeaderAgentID))+len(md.Get(cekuraotel.HeaderProjectID)) != 1 {
		return nil, status.Error(codes.InvalidArgument, "one of agent and project")
	}
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			for _, s := range ss.GetSpans() {
				c.names = append(c.names, s.GetName())
			}
		}
	}
	return &coltrace.ExportTraceServiceResponse{}, nil
}

func startGRPC(t *testing.T, key string) (*grpcCollector, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &grpcCollector{key: key}
	s := grpc.NewServer()
	coltrace.RegisterTraceServiceServer(s, c)
	go func() { _ = s.Serve(l) }()
	t.Cleanup(s.Stop)
	return c, "http://" + l.Addr().String()
}

func TestGRPCExportSendsTheMetadata(t *testing.T) {
	ctx := testContext(t)
	col, endpoint := startGRPC(t, "ck_grpc")
	tp := newProvider(t, cekuraotel.Config{APIKey: "ck_grpc", AgentID: 2142, Endpoint: endpoint})
	cctx, call := cekuraotel.StartCall(ctx, tp)
	turn(cctx)
	if _, err := call.End(ctx); err != nil {
		t.Fatal(err)
	}
	col.mu.Lock()
	defer col.mu.Unlock()
	if len(col.names) != 5 || col.names[4] != "conversation" {
		t.Errorf("the collector got %v", col.names)
	}
	md := col.md[0]
	if got := md.Get("x-cekura-agent-id"); len(got) != 1 || got[0] != "2142" {
		t.Errorf("x-cekura-agent-id metadata %v", got)
	}
	if got := md.Get("x-cekura-project-id"); len(got) != 0 {
		t.Errorf("x-cekura-project-id metadata %v", got)
	}
}

func TestGRPCWrongKeyFailsTheFlush(t *testing.T) {
	ctx := testContext(t)
	col, endpoint := startGRPC(t, "ck_grpc")
	tp := newProvider(t, cekuraotel.Config{APIKey: "ck_other", ProjectID: 3, Endpoint: endpoint})
	_, call := cekuraotel.StartCall(ctx, tp)
	_, err := call.End(ctx)
	if !errors.Is(err, cekuraotel.ErrFlush) {
		t.Fatalf("End: %v, want ErrFlush: the collector refuses the key", err)
	}
	if strings.Contains(err.Error(), "ck_other") || strings.Contains(err.Error(), "ck_grpc") {
		t.Errorf("End's error %q contains a key", err)
	}
	col.mu.Lock()
	defer col.mu.Unlock()
	if len(col.names) != 0 || len(col.md) != 1 {
		t.Errorf("the collector kept %v from %d requests", col.names, len(col.md))
	}
}
