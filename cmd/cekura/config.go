package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// The config file is the Python CLI's: ~/.cekura/config.toml, of which this
// reads and writes the `key = "value"` lines.

var configKeys = []string{"api_key", "base_url"}

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

// loadConfig reads the config file; a missing file is an empty config.
func loadConfig(path string) (map[string]string, error) {
	cfg := map[string]string{}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cekura: reading the config file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("cekura: %s line %d: expected key = \"value\"", path, n)
		}
		v = strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		cfg[strings.TrimSpace(k)] = v
	}
	return cfg, sc.Err()
}

// saveConfig writes the config file, readable by its owner only.
func saveConfig(path string, cfg map[string]string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cekura: writing the config file: %w", err)
	}
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("# cekura CLI settings\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, strconv.Quote(cfg[k]))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("cekura: writing the config file: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil { // WriteFile keeps an existing file's mode
		return fmt.Errorf("cekura: making the config file readable by its owner only: %w", err)
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
	checkKey := func(k string) error {
		if !slices.Contains(configKeys, k) {
			return fmt.Errorf("cekura: unknown setting %q: use %s", k, strings.Join(configKeys, " or "))
		}
		return nil
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "set KEY VALUE",
		Short:   "Save a setting",
		Example: "  cekura config set api_key sk_live_…\n  cekura config set base_url https://api.cekura.ai",
		Args:    cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := checkKey(args[0]); err != nil {
				return err
			}
			cfg, err := loadConfig(a.configFile())
			if err != nil {
				return err
			}
			cfg[args[0]] = args[1]
			if err := saveConfig(a.configFile(), cfg); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "saved %s in %s\n", args[0], a.configFile())
			return nil
		},
	}, &cobra.Command{
		Use:     "get KEY",
		Short:   "Print a setting (the API key prints as [REDACTED])",
		Example: "  cekura config get base_url",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := checkKey(args[0]); err != nil {
				return err
			}
			cfg, err := loadConfig(a.configFile())
			if err != nil {
				return err
			}
			v, ok := cfg[args[0]]
			switch {
			case !ok:
				return fmt.Errorf("cekura: %s is not set in %s", args[0], a.configFile())
			case args[0] == "api_key":
				v = "[REDACTED] (set)"
			}
			fmt.Fprintln(a.out, v)
			return nil
		},
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
