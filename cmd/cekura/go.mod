module github.com/cekura-go/cekura/cmd/cekura

go 1.25.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/cekura-go/cekura v0.0.0-00010101000000-000000000000
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5
	golang.org/x/term v0.44.0
)

require (
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	golang.org/x/sys v0.46.0 // indirect
)

// The SDK is not published yet: the command builds against the SDK beside
// it. A release tags the SDK, then tags cmd/cekura/vX.Y.Z requiring that
// version without this replace (go install module@version refuses modules
// with replace directives).
replace github.com/cekura-go/cekura => ../..
