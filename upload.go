package cekura

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"sort"
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

// start begins writing the body into a pipe and returns its reading end,
// its content type and stop, which the caller must call once the attempt
// is over (deferred).
//
// The context bounds the upload even while the caller's reader blocks:
// when ctx ends, the pipe is closed, so the transport stops waiting for
// the body and the call returns with ctx's error.
//
// stop closes the pipe, so the writer starts no new Read on the caller's
// reader, and waits for the writer to finish, so a call never returns
// while the SDK still reads from the caller's reader (which may then be
// reused, as a bytes.Buffer often is). The one exception is a Read that
// still blocks when ctx has ended: stop does not wait for it, and the
// writer ends as soon as that Read returns, without reading again.
func (u *upload) start(ctx context.Context) (body io.ReadCloser, contentType string, stop func()) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := u.write(mw)
		if err == nil {
			err = mw.Close()
		}
		_ = pw.CloseWithError(err)
	}()
	unhook := context.AfterFunc(ctx, func() { _ = pr.CloseWithError(ctx.Err()) })
	stop = func() {
		unhook()
		_ = pr.CloseWithError(errUploadEnded)
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	return pr, mw.FormDataContentType(), stop
}

func (u *upload) write(mw *multipart.Writer) error {
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
	if u.file == nil {
		return nil
	}
	part, err := mw.CreateFormFile(u.fileField, u.fileName)
	if err != nil {
		return err
	}
	_, err = io.Copy(part, u.file)
	return err
}
