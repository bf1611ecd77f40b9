package cekura

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryErrorStatusBecomesAnAPIError(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServer}
	cases := []struct {
		status int
		body   string
		want   error // the one sentinel it matches, or nil
		detail string
		msg    string
	}{
		{400, `{"name": ["This field is required."], "provider": {"credentials": {"api_key": ["Required for vapi."]}}}`, nil, "",
			"400 Bad Request: name: This field is required.; provider.credentials.api_key: Required for vapi."},
		{401, `{"detail": "Invalid API key."}`, ErrUnauthorized, "Invalid API key.", "401 Unauthorized: Invalid API key."},
		{403, `{"detail": "You do not have permission to perform this action."}`, ErrForbidden, "You do not have permission to perform this action.", "403 Forbidden"},
		{404, `{"detail": "Not found."}`, ErrNotFound, "Not found.", "404 Not Found: Not found."},
		{409, `["Agent already exists."]`, nil, "Agent already exists.", "409 Conflict: Agent already exists."},
		{429, `{"detail": "Request was throttled."}`, ErrRateLimited, "Request was throttled.", "429 Too Many Requests"},
		{500, `<html><body>Internal Server Error</body></html>`, ErrServer, "", "500 Internal Server Error"},
		{502, `Bad Gateway`, ErrServer, "", "502 Bad Gateway"},
		{503, ``, ErrServer, "", "503 Service Unavailable"},
		{504, `"upstream timed out"`, ErrServer, "upstream timed out", "504 Gateway Timeout: upstream timed out"},
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t, WithMaxRetries(0))
			mt.RegisterResponder(http.MethodGet, testBase+"/test_framework/v2/aiagents/9/", func(*http.Request) (*http.Response, error) {
				r := httpmock.NewStringResponse(tc.status, tc.body)
				r.Header.Set("X-Request-Id", "req-123")
				return r, nil
			})
			_, err := c.Agents.Get(context.Background(), 9)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, http.MethodGet, apiErr.Method)
			assert.Equal(t, "/test_framework/v2/aiagents/9/", apiErr.Path)
			assert.Equal(t, tc.detail, apiErr.Detail)
			assert.Equal(t, "req-123", apiErr.RequestID)
			assert.Equal(t, tc.body, string(apiErr.Body))
			assert.Contains(t, err.Error(), "cekura: GET /test_framework/v2/aiagents/9/: ")
			assert.Contains(t, err.Error(), tc.msg)
			assert.Contains(t, err.Error(), "(request id req-123)")
			for _, s := range sentinels {
				assert.Equal(t, s == tc.want, errors.Is(err, s), "errors.Is(%v)", s)
			}
			assert.False(t, errors.Is(err, ErrInvalidRequest))
		})
	}
}

func TestErrorBodyParsing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		detail     string
		fields     map[string][]string
	}{
		{"a DRF detail", `{"detail": "Not found."}`, "Not found.", nil},
		{"flat field errors", `{"name": ["This field is required.", "Too short."], "language": ["\"xx\" is not a valid choice."]}`, "",
			map[string][]string{"name": {"This field is required.", "Too short."}, "language": {`"xx" is not a valid choice.`}}},
		{"nested objects to dotted paths", `{"provider": {"credentials": {"config": {"api_secret": ["This field is required."]}}}}`, "",
			map[string][]string{"provider.credentials.config.api_secret": {"This field is required."}}},
		{"list items by index", `{"telephony": {"outbound_numbers": {"1": ["Enter a valid phone number."]}}, "files": [{}, {"id": ["bad"]}]}`, "",
			map[string][]string{"telephony.outbound_numbers.1": {"Enter a valid phone number."}, "files[1].id": {"bad"}}},
		{"non-field errors", `{"non_field_errors": ["webhook_secret requires webhook_url."]}`, "",
			map[string][]string{"non_field_errors": {"webhook_secret requires webhook_url."}}},
		{"a field with a bare string", `{"name": "too long"}`, "", map[string][]string{"name": {"too long"}}},
		{"detail and fields together", `{"detail": "Invalid input.", "name": ["x"]}`, "Invalid input.", map[string][]string{"name": {"x"}}},
		{"a list of messages", `["a", "b"]`, "a b", nil},
		{"a JSON string", `"oops"`, "oops", nil},
		{"a number", `42`, "", nil},
		{"HTML from a proxy", `<html>502</html>`, "", nil},
		{"plain text", `upstream connect error`, "", nil},
		{"truncated JSON", `{"detail": "Not fo`, "", nil},
		{"empty", ``, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			detail, fields := parseErrorBody([]byte(tc.body))
			assert.Equal(t, tc.detail, detail)
			assert.Equal(t, tc.fields, fields)
		})
	}
}

func TestAPIErrorBodyIsBounded(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t, WithMaxRetries(0))
	huge := `{"detail": "` + strings.Repeat("x", 200<<10) + `"}`
	mt.RegisterResponder(http.MethodGet, testBase+"/test_framework/v2/aiagents/1/", httpmock.NewStringResponder(500, huge))
	_, err := c.Agents.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, 64<<10)
	assert.Equal(t, huge[:64<<10], string(apiErr.Body))
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"0.5":                           500 * time.Millisecond,
		"0":                             0,
		"-4":                            0,
		"3600":                          60 * time.Second,
		"NaN":                           0,
		"soon":                          0,
		"Sat, 28 Nov 2026 12:00:10 GMT": 10 * time.Second,
		"Sat, 28 Nov 2026 13:00:00 GMT": 60 * time.Second,
		"Sat, 28 Nov 2026 11:00:00 GMT": 0,
	}
	for in, want := range cases {
		assert.Equal(t, want, parseRetryAfter(in, now), "Retry-After %q", in)
	}
}

func TestValidationErrorMatchesOnlyInvalidRequest(t *testing.T) {
	t.Parallel()
	err := error(&ValidationError{Problems: []FieldProblem{{"name", "is required"}, {"language", "unknown"}}})
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.False(t, errors.Is(err, ErrNotFound))
	assert.Equal(t, "cekura: invalid request: name: is required; language: unknown", err.Error())
}
