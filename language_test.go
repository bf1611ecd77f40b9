package cekura

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLanguages(t *testing.T) {
	t.Parallel()
	all := Languages()
	require.Len(t, all, 43)
	assert.Equal(t, LanguageAfrikaans, all[0])
	assert.Equal(t, LanguageVietnamese, all[42])
	seen := map[Language]bool{}
	for _, l := range all {
		assert.True(t, l.Valid(), l)
		assert.NotEqual(t, string(l), l.DisplayName(), "every code has a name")
		assert.False(t, seen[l], "duplicate %s", l)
		seen[l] = true
	}
	all[0] = "zz"
	assert.Equal(t, LanguageAfrikaans, Languages()[0], "callers get a copy")

	assert.Equal(t, "Chinese Simplified", LanguageChineseSimplified.DisplayName())
	assert.Equal(t, Language("zh"), LanguageChineseSimplified)
	assert.Equal(t, Language("multi"), LanguageMultilingual)
	assert.Equal(t, "Multilingual", LanguageMultilingual.DisplayName())
	assert.Equal(t, Language("no"), LanguageNorwegian)
	assert.Equal(t, "xx", Language("xx").DisplayName())
}

func TestParseLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Language{"en": LanguageEnglish, " FR ": LanguageFrench, "Multi": LanguageMultilingual, "tl": LanguageTagalog} {
		got, err := ParseLanguage(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	for _, in := range []string{"", "english", "en-US", "xx"} {
		_, err := ParseLanguage(in)
		require.ErrorIs(t, err, ErrInvalidRequest, in)
		assert.Contains(t, err.Error(), "allowed: af, ar, bg, bn")
	}
}

func TestUnknownLanguageDecodes(t *testing.T) {
	t.Parallel()
	var l Language
	require.NoError(t, json.Unmarshal([]byte(`"yue"`), &l))
	assert.Equal(t, Language("yue"), l)
	assert.False(t, l.Valid())
}

func FuzzParseLanguage(f *testing.F) {
	for _, s := range []string{"en", " FR ", "multi", "xx", "", "en-US", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLanguage(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) || l != "" {
				t.Fatalf("%q: %v %q", s, err, l)
			}
			return
		}
		if !l.Valid() || l.DisplayName() == string(l) {
			t.Fatalf("%q parsed to %q, which is not a known language", s, l)
		}
	})
}
