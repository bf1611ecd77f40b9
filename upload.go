package cekura

import (
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

// reader starts writing the body into a pipe and returns its reading end
// and content type. Closing the reader (net/http does, once the request is
// sent or has failed) ends the writer.
func (u *upload) reader() (io.ReadCloser, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := u.write(mw)
		if err == nil {
			err = mw.Close()
		}
		_ = pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
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
