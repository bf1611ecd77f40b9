package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"sort"
	"sync"
	"time"
)

// upload is a multipart/form-data body made while it is sent: its files
// are copied from the caller's readers to the connection and never held
// whole in memory. It can be sent once.
type upload struct {
	fields map[string]string
	// lists are fields sent once per value, as a form sends a list.
	lists     map[string][]string
	fileField string
	fileName  string
	file      io.Reader
	// files are more files, sent after file, one part each.
	files []uploadFile
}

// uploadFile is a file part of an upload: its field, file name and reader.
type uploadFile struct {
	field, name string
	r           io.Reader
}

// parts are the upload's file parts, in the order they are sent.
func (u *upload) parts() []uploadFile {
	if u.file == nil {
		return u.files
	}
	return append([]uploadFile{{u.fileField, u.fileName, u.file}}, u.files...)
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
	parts := u.parts()
	files := make([]*guardedReader, len(parts))
	for i, p := range parts {
		files[i] = &guardedReader{r: p.r}
	}
	go func() {
		err := u.write(mw, parts, files)
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
		// Every file is stopped before any is waited for, so that the
		// writer cannot go on to the next file meanwhile; the files are read
		// one after the other, so at most one Read is in progress.
		var reading []<-chan struct{}
		for _, f := range files {
			if r := f.stop(); r != nil {
				reading = append(reading, r)
			}
		}
		if len(reading) == 0 {
			return
		}
		t := time.NewTimer(readGrace)
		defer t.Stop()
		for _, r := range reading {
			select {
			case <-r:
			case <-t.C:
				return
			}
		}
	}
	return pr, mw.FormDataContentType(), stop
}

func (u *upload) write(mw *multipart.Writer, parts []uploadFile, files []*guardedReader) error {
	names := make([]string, 0, len(u.fields)+len(u.lists))
	for k := range u.fields {
		names = append(names, k)
	}
	for k := range u.lists {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		values, isList := u.lists[k]
		if !isList {
			values = []string{u.fields[k]}
		}
		for _, v := range values {
			if err := mw.WriteField(k, v); err != nil {
				return err
			}
		}
	}
	if len(parts) == 0 {
		return nil
	}
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	for i, p := range parts {
		part, err := mw.CreateFormFile(p.field, p.name)
		if err != nil {
			return err
		}
		if _, err := io.CopyBuffer(part, files[i], *buf); err != nil {
			return err
		}
	}
	return nil
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

// formValues turns a request into the fields of a form as a Django REST
// framework serializer reads them: a list as the same field once per
// element, strings as they are, other values as JSON. An empty list, which
// a form cannot say, and null are left out.
func formValues(req any) (fields map[string]string, lists map[string][]string, err error) {
	body, err := marshal(req)
	if err != nil {
		return nil, nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, nil, err
	}
	text := func(v json.RawMessage) string {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		return string(v)
	}
	fields, lists = map[string]string{}, map[string][]string{}
	for k, v := range raw {
		var elems []json.RawMessage
		switch {
		case string(v) == "null":
		case json.Unmarshal(v, &elems) == nil:
			for _, e := range elems {
				lists[k] = append(lists[k], text(e))
			}
		default:
			fields[k] = text(v)
		}
	}
	return fields, lists, nil
}
