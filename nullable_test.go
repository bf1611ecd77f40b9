package cekura

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNullableStates(t *testing.T) {
	t.Parallel()
	var unset Nullable[string]
	assert.True(t, unset.IsZero())
	assert.False(t, unset.IsSet())
	assert.False(t, unset.IsNull())
	_, ok := unset.Get()
	assert.False(t, ok)

	null := Null[string]()
	assert.False(t, null.IsZero())
	assert.True(t, null.IsSet())
	assert.True(t, null.IsNull())
	_, ok = null.Get()
	assert.False(t, ok)

	empty := Value("")
	assert.True(t, empty.IsSet())
	assert.False(t, empty.IsNull())
	v, ok := empty.Get()
	assert.True(t, ok)
	assert.Equal(t, "", v)

	assert.Equal(t, "<unset> null x", fmt.Sprintf("%v %v %v", unset, null, Value("x")))
}

func TestNullableJSONRoundTrip(t *testing.T) {
	t.Parallel()
	type body struct {
		A Nullable[bool]   `json:"a,omitzero"`
		B Nullable[int]    `json:"b,omitzero"`
		C Opt[string]      `json:"c,omitzero"`
		D Opt[[]string]    `json:"d,omitzero"`
		E Nullable[string] `json:"e,omitzero"`
	}
	in := body{A: Value(false), B: Null[int](), C: Some(""), D: Some([]string{}), E: Nullable[string]{}}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Equal(t, `{"a":false,"b":null,"c":"","d":[]}`, string(b))

	var out body
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in.A, out.A)
	assert.Equal(t, in.B, out.B)
	assert.Equal(t, in.C, out.C)
	assert.False(t, out.E.IsSet(), "an absent field stays unset")

	var n Nullable[int]
	assert.Error(t, json.Unmarshal([]byte(`"x"`), &n), "a value of the wrong type is an error")
	var o Opt[int]
	require.NoError(t, json.Unmarshal([]byte(`null`), &o))
	assert.False(t, o.IsSet())
	// Unset values marshal as null when used outside a struct field.
	b, _ = json.Marshal(Nullable[int]{})
	assert.Equal(t, "null", string(b))
	b, _ = json.Marshal(Opt[int]{})
	assert.Equal(t, "null", string(b))
}
