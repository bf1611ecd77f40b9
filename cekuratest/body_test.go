package cekuratest

import (
	"bytes"
	"io"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzCondenseMultipart: any body condenses without a panic, and a form
// made by mime/multipart condenses to the same fields and file sizes.
func FuzzCondenseMultipart(f *testing.F) {
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n"), "call_id", "c1", []byte("RIFF...."))
	f.Add([]byte("--b\r\n\r\n"), "metadata", `{"a": [1]}`, []byte{})
	f.Add([]byte(""), "", "", []byte("\r\n--b\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte, name, value string, file []byte) {
		_, _ = condenseMultipart(bytes.NewReader(raw), "b")

		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if name == "" || strings.IndexFunc(name, func(r rune) bool { // the API's field names
			return !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
		}) >= 0 {
			name = "field"
		}
		require.NoError(t, mw.WriteField(name, value))
		fw, err := mw.CreateFormFile("voice_recording", "a.wav")
		require.NoError(t, err)
		_, _ = fw.Write(file)
		require.NoError(t, mw.Close())

		out, err := condenseMultipart(&body, mw.Boundary())
		require.NoError(t, err)
		mr := multipart.NewReader(bytes.NewReader(out), mw.Boundary())
		p, err := mr.NextPart()
		require.NoError(t, err)
		assert.Equal(t, name, p.FormName())
		got, _ := io.ReadAll(p)
		assert.Equal(t, value, string(got), "a form field is kept whole")
		p, err = mr.NextPart()
		require.NoError(t, err)
		assert.Equal(t, "a.wav", p.FileName())
		assert.Equal(t, int64(len(file)), partSize(p), "a file keeps its size, not its content")
		_, err = mr.NextPart()
		assert.ErrorIs(t, err, io.EOF)
	})
}
