package cekura

import "reflect"

// The scenarios' exported structs added since exactTypes was written,
// checked by TestTheCodecIsEncodingJSONForEveryExportedType as the others
// are.
func init() {
	exactTypes["MockToolEntry"] = []reflect.Type{reflect.TypeFor[MockToolEntry]()}
	exactTypes["GenerationFile"] = []reflect.Type{reflect.TypeFor[GenerationFile]()}
	exactTypes["Opt"] = append(exactTypes["Opt"], reflect.TypeFor[Opt[[]MockToolEntry]]())
}
