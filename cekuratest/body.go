package cekuratest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
)

// maxBodySize bounds a request body as the fake keeps it: a JSON body, or a
// multipart body without its files' content (see condenseMultipart).
const maxBodySize = 8 << 20

// sizeHeader is the header a file part of a condensed multipart body gains:
// its content's length in bytes.
const sizeHeader = "X-Cekuratest-Size"

var (
	errBodyTooLarge = errors.New("request body too large")
	errMultipart    = errors.New("malformed multipart body")
)

// readBody reads a request's body as the fake keeps it. A multipart body is
// condensed as it is read, so that uploads of any size (a recording, a
// knowledge base file) take no more memory than their form fields.
func readBody(r *http.Request) ([]byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		return condenseMultipart(r.Body, params["boundary"])
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodySize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBodySize {
		return nil, errBodyTooLarge
	}
	return body, nil
}

// condenseMultipart reads a multipart/form-data body part by part and
// re-encodes it, with the same boundary, without its files' content: a
// file part (one with a file name) keeps its headers and gains sizeHeader.
// Form fields are kept whole, within maxBodySize in all.
func condenseMultipart(r io.Reader, boundary string) ([]byte, error) {
	if boundary == "" {
		return nil, errMultipart
	}
	mr := multipart.NewReader(r, boundary)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, errMultipart
	}
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errMultipart
		}
		h := part.Header
		if part.FileName() != "" {
			n, err := io.Copy(io.Discard, part)
			if err != nil {
				return nil, errMultipart
			}
			h.Set(sizeHeader, strconv.FormatInt(n, 10))
			if _, err := mw.CreatePart(h); err != nil {
				return nil, errMultipart
			}
			continue
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			return nil, errMultipart
		}
		if _, err := io.Copy(w, io.LimitReader(part, int64(maxBodySize+1-buf.Len()))); err != nil {
			return nil, errMultipart
		}
		if buf.Len() > maxBodySize {
			return nil, errBodyTooLarge
		}
	}
	if err := mw.Close(); err != nil {
		return nil, errMultipart
	}
	return buf.Bytes(), nil
}

// partSize is the length of a part's content: sizeHeader on a condensed
// file part, else what is left to read of it.
func partSize(p *multipart.Part) int64 {
	if v := p.Header.Get(sizeHeader); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	n, _ := io.Copy(io.Discard, p)
	return n
}

// formParts calls fn with each part of a condensed multipart body (a file
// part's size from partSize) and reports whether the request was
// multipart at all. serveHTTP has parsed the body once already, so a
// malformed part here is only a body that ends early: it stops the walk.
func formParts(r *http.Request, body []byte, fn func(p *multipart.Part) errTree) (bool, errTree) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return false, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return true, nil
		}
		if bad := fn(part); bad != nil {
			return true, bad
		}
	}
}
