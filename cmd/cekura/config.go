package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"
)

// The config file is the Python CLI's: ~/.cekura/config.toml. It is read
// as TOML (github.com/BurntSushi/toml: comments, 'literal' and "basic"
// strings, tables); this command uses its top-level api_key and base_url
// (api_url, the Python SDK's name, is read too). `config set` rewrites the
// file with every other setting and table kept.

var configKeys = []string{"api_key", "base_url"}

// configAliases are other names of configKeys that the file may use.
var configAliases = map[string]string{"api_url": "base_url"}

func (a *app) configFile() string {
	if a.configPath != "" {
		return a.configPath
	}
	if p := a.envValue("CEKURA_CONFIG"); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".cekura", "config.toml")
	}
	return filepath.Join(home, ".cekura", "config.toml")
}

// readConfigFile decodes the whole file; a missing file is empty.
func readConfigFile(path string) (map[string]any, error) {
	doc := map[string]any{}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return doc, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cekura: reading the config file: %w", err)
	}
	if _, err := toml.Decode(string(b), &doc); err != nil {
		// Where, never what: the parser's messages quote what they found,
		// and an unquoted key is what a person most often gets wrong.
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("cekura: %s line %d, column %d: not valid TOML (a setting is key = \"value\", the value in quotes)", path, pe.Position.Line, pe.Position.Col)
		}
		return nil, fmt.Errorf("cekura: %s: not valid TOML", path)
	}
	return doc, nil
}

// loadConfig returns the settings this command uses, from the file's top
// level; a missing file is an empty config.
func loadConfig(path string) (map[string]string, error) {
	doc, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	cfg := map[string]string{}
	for k, v := range doc {
		name := k
		if alias, ok := configAliases[k]; ok {
			name = alias
			if _, both := doc[alias]; both {
				continue // the command's own name wins
			}
		}
		if !slices.Contains(configKeys, name) {
			continue
		}
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("cekura: %s: %s must be a string, not a %T", path, k, v)
		}
		cfg[name] = str
	}
	return cfg, nil
}

// saveConfig sets key to value in the file, keeping every other setting
// and table it holds (not its comments: it is written anew), readable by
// its owner only. It writes a temporary file and renames it onto the path,
// so that a crash leaves the old file or the new one, never half of one,
// and the key is never in a file others can read.
func saveConfig(path, key, value string) error {
	if !utf8.ValidString(value) {
		return fmt.Errorf("cekura: %s: the value is not valid UTF-8 (a TOML file holds text only)", key)
	}
	doc, err := readConfigFile(path)
	if err != nil {
		return err
	}
	name := key
	if _, ok := doc[key]; !ok {
		for alias, n := range configAliases {
			if _, has := doc[alias]; has && n == key {
				name = alias // the file's own name for it (api_url): other tools read that one
			}
		}
	}
	doc[name] = value
	var b bytes.Buffer
	b.WriteString("# cekura CLI settings\n")
	if err := toml.NewEncoder(&b).Encode(doc); err != nil {
		return fmt.Errorf("cekura: writing the config file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cekura: writing the config file: %w", err)
	}
	target, err := linkTarget(path) // a config file linked from elsewhere (dotfiles) stays linked
	if err == nil {
		var tmp *os.File
		if tmp, err = os.CreateTemp(filepath.Dir(target), ".config.toml.*"); err == nil {
			err = replaceFile(tmp, b.Bytes(), 0o600, target)
		}
	}
	if err != nil {
		return fmt.Errorf("cekura: writing the config file: %w", err)
	}
	return nil
}

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Read and write the config file (api_key, base_url)",
		Args:  cobra.ArbitraryArgs,
		RunE:  groupRun,
		Example: `  cekura config set api_key sk_live_…
  cekura config get base_url
  cekura config path`,
	}
	// setting runs fn on the config and a known setting's name.
	setting := func(fn func(cfg map[string]string, key string, args []string) error) func(*cobra.Command, []string) error {
		return func(_ *cobra.Command, args []string) error {
			if !slices.Contains(configKeys, args[0]) {
				return fmt.Errorf("cekura: unknown setting %q: use %s", args[0], strings.Join(configKeys, " or "))
			}
			cfg, err := loadConfig(a.configFile())
			if err != nil {
				return err
			}
			return fn(cfg, args[0], args[1:])
		}
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "set KEY VALUE",
		Short:   "Save a setting",
		Example: "  cekura config set api_key sk_live_…\n  cekura config set base_url https://api.cekura.ai",
		Args:    cobra.ExactArgs(2),
		RunE: setting(func(_ map[string]string, key string, rest []string) error {
			if err := saveConfig(a.configFile(), key, rest[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "saved %s in %s\n", key, a.configFile())
			return nil
		}),
	}, &cobra.Command{
		Use:     "get KEY",
		Short:   "Print a setting (the API key prints as [REDACTED])",
		Example: "  cekura config get base_url",
		Args:    cobra.ExactArgs(1),
		RunE: setting(func(cfg map[string]string, key string, _ []string) error {
			v, ok := cfg[key]
			switch {
			case !ok:
				return fmt.Errorf("cekura: %s is not set in %s", key, a.configFile())
			case key == "api_key":
				v = "[REDACTED] (set)"
			}
			fmt.Fprintln(a.out, v)
			return nil
		}),
	}, &cobra.Command{
		Use:     "path",
		Short:   "Print the config file's path",
		Example: "  cekura config path",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintln(a.out, a.configFile())
			return nil
		},
	})
	return cmd
}
