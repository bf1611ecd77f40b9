package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// linkTarget returns the file a chain of symbolic links at path ends at,
// whether it exists yet or not, or path itself when it is no link: a file
// written there keeps the links (a config file linked from dotfiles, a
// report path linked into a CI workspace).
func linkTarget(path string) (string, error) {
	for range 40 { // as many links as the kernel follows
		li, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if li.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", errors.New("too many levels of symbolic links")
}

// replaceFile writes b to tmp (a temporary file next to target), gives it
// perm and renames it onto target, so that target holds the old content or
// the new, never half of either. tmp is closed, and removed if anything
// fails.
func replaceFile(tmp *os.File, b []byte, perm os.FileMode, target string) error {
	_, err := tmp.Write(b)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}
