//go:build !unix

package main

// mkfifo makes a named pipe; ok is false where there are none.
func mkfifo(string) (ok bool, err error) { return false, nil }
