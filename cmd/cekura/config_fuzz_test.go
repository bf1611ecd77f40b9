package main

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzConfigFile: any file reads without a panic, and a file that reads
// keeps its settings (and every other key) through a `config set`.
func FuzzConfigFile(f *testing.F) {
	f.Add([]byte("api_key = 'sk' # c\nbase_url = \"https://x\"\n[auth]\nt = 1\n"), "https://y")
	f.Add([]byte("api_url = \"u\"\nbase_url = \"v\"\n"), "w")
	f.Add([]byte("api_key = \"\"\"\nmulti\"\"\"\n"), "")
	f.Add([]byte("a.b.c = [1, {x = 2}]\n"), "q\"uote\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, file []byte, base string) {
		path := filepath.Join(dir, "config.toml")
		require.NoError(t, os.WriteFile(path, file, 0o600))
		before, err := loadConfig(path)
		if err != nil {
			return
		}
		raw, err := readConfigFile(path)
		require.NoError(t, err)
		if !utf8.ValidString(base) {
			require.Error(t, saveConfig(path, "base_url", base), "refused: it would not read back")
			return
		}
		require.NoError(t, saveConfig(path, "base_url", base))
		after, err := loadConfig(path)
		require.NoError(t, err, "a file this command wrote reads back")
		assert.Equal(t, base, after["base_url"])
		assert.Equal(t, before["api_key"], after["api_key"], "the other setting is kept")
		kept, err := readConfigFile(path)
		require.NoError(t, err)
		for k := range raw {
			if k != "api_url" {
				assert.Contains(t, kept, k, "every other key is kept")
			}
		}
	})
}
