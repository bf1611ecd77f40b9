package cekura

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"sort"
	"sync"
	"time"
)

// upload is a multipart/form-data body made while it is sent: its file is
// copied from the caller's reader to the connection and never held whole in
// memory. It can be sent once.
type upload struct {
	fields    map[string]string
	fileField string
	fileName  string
	file      io.Reader
}

// errUploadEnded ends the writer of an upload whose call has returned.
var errUploadEnded = errors.New("cekura: the upload's call has returned")

// readGrace is how long a call that ends waits for a Read of the caller's
// reader that is in progress: long enough for any reader that does not
// block (a bytes.Buffer, a file), so the caller may reuse it at once; a
// reader that blocks longer (a pipe nobody writes to) is let go.
const readGrace = 500 * time.Millisecond

// start begins writing the body into a pipe and returns its reading end,
// its content type and stop, which the caller must call once the attempt
// is over (deferred).
//
// The context bounds the upload even while the caller's reader blocks:
// when ctx ends, the pipe is closed with ctx's error, so the transport
// stops waiting for the body and the call returns with that error.
//
// stop closes the pipe and makes sure no Read of the caller's reader starts
// after it returns. A Read in progress is waited for, up to readGrace; one
// that takes longer is left to return on its own, and what it read is
// dropped.
func (u *upload) start(ctx context.Context) (body io.ReadCloser, contentType string, stop func()) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	var file *guardedReader
	if u.file != nil {
		file = &guardedReader{r: u.file}
	}
	go func() {
		err := u.write(mw, file)
		if err == nil {
			err = mw.Close()
		}
		_ = pw.CloseWithError(err)
	}()
	// Closing the writing end hands ctx's error to the transport's pending
	// Read of the body (closing the reading end would hand it
	// io.ErrClosedPipe), and fails the writer's next Write.
	unhook := context.AfterFunc(ctx, func() { _ = pw.CloseWithError(ctx.Err()) })
	stop = func() {
		unhook()
		_ = pr.CloseWithError(errUploadEnded)
		if file == nil {
			return
		}
		if reading := file.stop(); reading != nil {
			t := time.NewTimer(readGrace)
			defer t.Stop()
			select {
			case <-reading:
			case <-t.C:
			}
		}
	}
	return pr, mw.FormDataContentType(), stop
}

func (u *upload) write(mw *multipart.Writer, file *guardedReader) error {
	names := make([]string, 0, len(u.fields))
	for k := range u.fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := mw.WriteField(k, u.fields[k]); err != nil {
			return err
		}
	}
	if file == nil {
		return nil
	}
	part, err := mw.CreateFormFile(u.fileField, u.fileName)
	if err != nil {
		return err
	}
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	_, err = io.CopyBuffer(part, file, *buf)
	return err
}

// copyBuffers are the buffers uploads copy the caller's reader through.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// guardedReader reads the caller's reader until stopped, and never after.
// It has only Read, so io.Copy cannot reach past it to the reader's own
// WriteTo (a bytes.Buffer's), which would read on after a stop.
type guardedReader struct {
	r       io.Reader
	mu      sync.Mutex
	stopped bool
	reading bool          // a Read is in progress
	waiter  chan struct{} // made by stop while a Read is in progress; closed when it returns
}

func (g *guardedReader) Read(p []byte) (int, error) {
	g.mu.Lock()
	if g.stopped {
		g.mu.Unlock()
		return 0, errUploadEnded
	}
	g.reading = true
	g.mu.Unlock()
	n, err := g.r.Read(p)
	g.mu.Lock()
	g.reading = false
	if g.waiter != nil {
		close(g.waiter)
		g.waiter = nil
	}
	stopped := g.stopped
	g.mu.Unlock()
	if stopped {
		return 0, errUploadEnded // the call has returned: what was read is dropped
	}
	return n, err
}

// stop starts no more Reads and returns a channel that is closed when the
// Read in progress returns, or nil when none is.
func (g *guardedReader) stop() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	if !g.reading {
		return nil
	}
	if g.waiter == nil {
		g.waiter = make(chan struct{})
	}
	return g.waiter
}
