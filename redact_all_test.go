package cekura

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// redactedTypes is every type with the redacting Format and LogValue
// methods, as a zero value.
var redactedTypes = []any{
	CreateAgentRequest{}, Telephony{}, SIPAuth{}, Provider{}, ProviderCredentials{}, ChatAgentDetails{},
	Agent{}, AgentProvider{}, AgentCredentials{}, KnowledgeBaseFile{}, UpdateAgentRequest{}, TelephonyUpdate{},
	ProviderUpdate{}, VapiConfig{}, RetellConfig{}, ElevenLabsConfig{}, BlandConfig{}, LiveKitConfig{},
	SynthflowConfig{}, KoreAIConfig{}, GenesysConfig{}, PipecatConfig{}, SelfHostedConfig{}, AmazonConnectConfig{},
	RetellChatConfig{}, BlandChatConfig{}, AgentforceChatConfig{}, SelfHostedChatConfig{}, AmazonConnectChatConfig{},
	SierraChatConfig{}, StartTestsRequest{}, RunSuiteRequest{}, ShareLink{},
	CreateProjectRequest{}, UpdateProjectRequest{}, APIKey{},
}

// filler sets, through reflection, every exported string of a value to a
// distinct visible marker and every Secret to a distinct canary, following
// pointers, slices and maps. It records what it wrote.
type filler struct {
	n                int
	visible, secrets []string
	inOpt            bool // an interface inside an Opt would come back as a RawConfig: left nil
}

func (f *filler) next(prefix string) string {
	f.n++
	return prefix + strconv.Itoa(f.n)
}

func (f *filler) fill(v reflect.Value, depth int) {
	if depth > 6 {
		return
	}
	switch {
	case v.Type() == secretType:
		s := f.next("canary-secret-")
		f.secrets = append(f.secrets, s)
		v.SetString(s)
		return
	case v.Type() == timeType:
		return
	}
	if strings.HasPrefix(v.Type().Name(), "Opt[") { // Some(a filled value), through its JSON
		inner := reflect.New(v.Addr().MethodByName("Get").Type().Out(0)).Elem()
		was := f.inOpt
		f.inOpt = true
		f.fill(inner, depth+1)
		f.inOpt = was
		b, err := json.Marshal(inner.Interface())
		if err != nil {
			panic(err)
		}
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(b); err != nil {
			panic(err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Interface: // the config interfaces: a filled config
		var c any
		switch {
		case f.inOpt:
			return
		case v.Type() == reflect.TypeFor[ProviderConfig]():
			c = &LiveKitConfig{}
		case v.Type() == reflect.TypeFor[ChatConfig]():
			c = &SelfHostedChatConfig{}
		default:
			return
		}
		e := reflect.ValueOf(c).Elem()
		f.fill(e, depth+1)
		v.Set(e)
	case reflect.String:
		s := f.next("visible-")
		f.visible = append(f.visible, s)
		v.SetString(s)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct {
			p := reflect.New(v.Type().Elem())
			f.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // raw JSON: never printed
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		f.fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		k.SetString(f.next("visible-key-"))
		f.visible = append(f.visible, k.String())
		e := reflect.New(v.Type().Elem()).Elem()
		f.fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// TestEveryRedactingTypeHidesItsSecretsAndShowsTheRest fills every type that
// prints through the redacting walker, and checks each of its Format and
// LogValue: no secret under any verb or slog handler, every other string
// shown, the type's name under %#v.
func TestEveryRedactingTypeHidesItsSecretsAndShowsTheRest(t *testing.T) {
	t.Parallel()
	holders, _ := secretHolders(t)
	var listed []string
	for _, z := range redactedTypes {
		listed = append(listed, reflect.TypeOf(z).Name())
	}
	sort.Strings(listed)
	for _, h := range holders {
		if h == "Opt" || h == "Page" || h == "RawConfig" { // generic, or printed as its own
			continue
		}
		assert.Contains(t, listed, h, "a type that holds a secret is missing from redactedTypes")
	}

	for _, zero := range redactedTypes {
		typ := reflect.TypeOf(zero)
		holders := holders
		t.Run(typ.Name(), func(t *testing.T) {
			t.Parallel()
			p := reflect.New(typ)
			var f filler
			f.fill(p.Elem(), 0)
			v := p.Elem().Interface()
			require.NotEmpty(t, append(f.visible, f.secrets...), "the type has strings to print")
			if slices.Contains(holders, typ.Name()) {
				require.NotEmpty(t, f.secrets, "the filler reached the type's secrets")
			}

			_, isFormatter := v.(fmt.Formatter)
			_, isLogValuer := v.(slog.LogValuer)
			require.True(t, isFormatter && isLogValuer, "%s has Format and LogValue", typ)

			for _, verb := range []string{"%v", "%+v", "%s", "%q", "%d", "%x"} {
				out := fmt.Sprintf(verb, v)
				for _, s := range f.secrets {
					assert.NotContains(t, out, s, verb)
				}
				if len(f.secrets) > 0 {
					assert.Contains(t, out, Redacted, verb)
				}
				for _, s := range f.visible {
					assert.Contains(t, out, s, "%s shows what is not secret", verb)
				}
			}
			gs := fmt.Sprintf("%#v", v)
			assert.True(t, strings.HasPrefix(gs, "cekura."+typ.Name()+"{"), "%%#v names the type: %s", gs)
			assert.Equal(t, fmt.Sprintf("%v", v), fmt.Sprintf("%v", p.Interface()), "a pointer prints as its value")

			var out bytes.Buffer
			slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "v", v)
			slog.New(slog.NewTextHandler(&out, nil)).Info("x", "v", v)
			var line map[string]any
			require.NoError(t, json.Unmarshal(bytes.SplitN(out.Bytes(), []byte("\n"), 2)[0], &line))
			assert.IsType(t, map[string]any{}, line["v"], "logged as a group, not a string")
			for _, s := range f.secrets {
				assert.NotContains(t, out.String(), s)
			}
			for _, s := range f.visible {
				assert.Contains(t, out.String(), s)
			}
		})
	}
}
