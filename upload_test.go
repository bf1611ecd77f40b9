package cekura

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
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

// uploadOrHang uploads r and returns the call's error, failing the test
// (rather than hanging it) if the call has not returned after 30 s: a
// guard, not a measure.
func uploadOrHang(t *testing.T, c *Client, ctx context.Context, r io.Reader, hang string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := c.Agents.UploadKnowledgeBaseFile(ctx, 1, &UploadKnowledgeBaseFileRequest{FileName: "a.txt", Content: r})
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal(hang)
		return nil
	}
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
	err := uploadOrHang(t, c, ctx, pr, "the upload ignored its context while the reader blocked")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, MaybeApplied(err), "part of the body may have reached the server")
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
		_, err := c.Agents.UploadKnowledgeBaseFile(context.Background(), 1, &UploadKnowledgeBaseFileRequest{FileName: "a.txt", Content: cr})
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

// endlessCounting is a reader that never blocks and never ends, and counts the
// Reads that start after the call returned.
type endlessCounting struct {
	returned atomic.Bool
	late     atomic.Int32
}

func (e *endlessCounting) Read(p []byte) (int, error) {
	if e.returned.Load() {
		e.late.Add(1)
	}
	clear(p)
	return len(p), nil
}

// However the context ends (before the request, while the body streams),
// no Read of the caller's reader starts after the call returned.
func TestNoReadStartsAfterTheCallReturned(t *testing.T) {
	t.Parallel()
	c := newLoopbackClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(201)
	})
	for i := range 200 {
		e := &endlessCounting{}
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%20)*250*time.Microsecond)
		_, err := c.Agents.UploadKnowledgeBaseFile(ctx, 1, &UploadKnowledgeBaseFileRequest{FileName: "a.txt", Content: e})
		e.returned.Store(true)
		cancel()
		require.Error(t, err, "an endlessCounting upload ends with its context")
		for range 20 {
			runtime.Gosched()
		}
		require.Zero(t, e.late.Load(), "call %d: Reads started after it returned", i)
	}
}

// A bytes.Buffer may be reused as soon as a cancelled upload returns: the
// SDK reads it through Read only (not its WriteTo, which would read on)
// and waits for a Read in progress. Run with -race.
func TestABufferIsFreeOnceACancelledUploadReturns(t *testing.T) {
	t.Parallel()
	c := newLoopbackClient(t, func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 16<<10)
		for { // a slow server: 16 KiB a millisecond
			if _, err := r.Body.Read(buf); err != nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		w.WriteHeader(201)
	})
	for range 5 {
		var buf bytes.Buffer
		buf.WriteString(strings.Repeat("x", 4<<20))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, err := c.Agents.UploadKnowledgeBaseFile(ctx, 1, &UploadKnowledgeBaseFileRequest{FileName: "a.txt", Content: &buf})
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded)
		buf.Reset()
		buf.WriteString("reused")
	}
}

// The HTTP client's Timeout bounds a streamed attempt too, although the
// call's context has no deadline.
func TestTheClientTimeoutBoundsAStreamedUpload(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(201)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient("k", WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	require.NoError(t, err)
	pr, pw := io.Pipe()
	defer pw.Close()
	err = uploadOrHang(t, c, context.Background(), pr, "the client's timeout did not end the upload")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotContains(t, err.Error(), srv.URL, "the method and path once, not the whole URL again")
}

// earlyServer answers every request as soon as it has read the headers,
// without reading the body, and keeps the connection open: what a proxy
// refusing a bad key does.
func earlyServer(t *testing.T, status string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop); _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
					return
				}
				body := `{"detail": "Invalid API key."}`
				_, _ = io.WriteString(conn, "HTTP/1.1 "+status+"\r\nContent-Type: application/json\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body)
				<-stop
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// An answer that comes while the caller's reader blocks ends the call
// (after readGrace), even with a context that never ends.
func TestAnEarlyAnswerEndsAnUploadWhoseReaderBlocks(t *testing.T) {
	t.Parallel()
	c, err := NewClient("k", WithBaseURL(earlyServer(t, "401 Unauthorized")))
	require.NoError(t, err)
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() { _, _ = pw.Write([]byte("some, then nothing")) }()
	err = uploadOrHang(t, c, context.Background(), pr, "the answer did not end the upload")
	require.ErrorIs(t, err, ErrUnauthorized)
}

// A 307 answering a streamed upload cannot be followed (the body cannot be
// sent twice): it is a refused redirect that says why.
func TestARedirectedUploadIsRefusedWithTheReason(t *testing.T) {
	t.Parallel()
	c := newLoopbackClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://eu.api.example/v2/upload/?token=s3cr3t")
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	_, err := c.Agents.UploadKnowledgeBaseFile(context.Background(), 1, &UploadKnowledgeBaseFileRequest{FileName: "a.txt", Content: strings.NewReader("x")})
	require.ErrorIs(t, err, ErrRedirectRefused)
	assert.Contains(t, err.Error(), "307 redirect of a streamed upload to https://eu.api.example")
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.False(t, MaybeApplied(err), "a redirect did nothing")
}
