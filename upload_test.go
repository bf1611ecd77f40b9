package cekura

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newLoopbackClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient("k", WithBaseURL(srv.URL), WithInsecureHTTP())
	require.NoError(t, err)
	return c
}

// A caller's reader that blocks (a pipe nobody writes to) must not hold the
// call past its context: the transport waits for the body, so the SDK has
// to end the body itself.
func TestAStreamedUploadEndsWithItsContextWhileTheReaderBlocks(t *testing.T) {
	t.Parallel()
	c := newLoopbackClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(201)
	})
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.Agents.UploadKnowledgeBase(ctx, 1, "a.txt", pr)
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.True(t, MaybeApplied(err), "part of the body may have reached the server")
	case <-time.After(30 * time.Second):
		t.Fatal("the upload ignored its context while the reader blocked")
	}
}

// countingReader counts the Reads that start after the call returned.
type countingReader struct {
	r        io.Reader
	returned atomic.Bool
	late     atomic.Int32
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.returned.Load() {
		c.late.Add(1)
	}
	return c.r.Read(p)
}

// When the server answers before it has read the body, the call must not
// return while the SDK still reads the caller's reader: the caller may
// reuse it at once (run with -race: the Reset below would race).
func TestAStreamedUploadStopsReadingBeforeTheCallReturns(t *testing.T) {
	t.Parallel()
	c := newLoopbackClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"detail": "no"}`))
	})
	for range 5 {
		var buf bytes.Buffer
		buf.WriteString(strings.Repeat("x", 8<<20))
		cr := &countingReader{r: &buf}
		_, err := c.Agents.UploadKnowledgeBase(context.Background(), 1, "a.txt", cr)
		cr.returned.Store(true)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		require.Equal(t, 400, ae.StatusCode)
		buf.Reset()
		buf.WriteString("reused")
		// Give a stray writer every chance to read again before counting.
		for range 100 {
			runtime.Gosched()
		}
		assert.Zero(t, cr.late.Load(), "Reads started after the call returned")
	}
}
