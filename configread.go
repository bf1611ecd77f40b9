package cekura

import "encoding/json"

// Reading of the provider and chat configs without reflection. A known key
// whose value has another type makes the whole config a RawConfig, as when
// encoding/json fails to decode it into the struct; null leaves a field
// alone, as encoding/json does.

// cfgReader reads one config object and remembers whether every known field
// had the expected type.
type cfgReader struct {
	*jreader
	ok bool
}

func (c *cfgReader) string(dst *string) {
	if c.null() {
		return
	}
	if v, ok := c.str(); ok {
		*dst = v
	} else {
		c.ok = false
	}
}

func (c *cfgReader) secret(dst *Secret) {
	var s string
	c.string(&s)
	if s != "" {
		*dst = Secret(s)
	}
}

func (c *cfgReader) bool(dst *bool) {
	if c.null() {
		return
	}
	if v, ok := c.boolean(); ok {
		*dst = v
	} else {
		c.ok = false
	}
}

func (c *cfgReader) raw(dst *json.RawMessage) {
	*dst = json.RawMessage(c.jreader.raw())
}

func (c *cfgReader) secrets(dst *map[string]Secret) {
	if c.null() {
		*dst = nil
		return
	}
	if !c.object() {
		c.skip(0)
		c.ok = false
		return
	}
	if *dst == nil {
		*dst = map[string]Secret{}
	}
	n := 0
	for {
		k, more := c.field(&n)
		if !more {
			return
		}
		name := string(k)
		if c.null() {
			(*dst)[name] = ""
			continue
		}
		if v, ok := c.str(); ok {
			(*dst)[name] = Secret(v)
		} else {
			c.ok = false
		}
	}
}
