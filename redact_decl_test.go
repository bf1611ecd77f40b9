package cekura

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// secretHolders reads the package's declarations and returns the exported
// types that can reach a Secret (through fields, pointers, slices, maps, Opt
// and the config interfaces), and those of them that lack the Format and
// LogValue methods that print them through the redacting walker. fmt and slog's JSON
// handler would otherwise print a nested secret, or its pointer, their own
// way. A new resource type that holds a secret fails here until it has both.
func secretHolders(t *testing.T) (holders, missing []string) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	structs := map[string]*ast.StructType{}
	interfaces := map[string]bool{}
	generic := map[string]bool{} // type parameters' names
	methods := map[string]map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					switch tt := ts.Type.(type) {
					case *ast.StructType:
						structs[ts.Name.Name] = tt
						if ts.TypeParams != nil { // Page[T], Opt[T]: a field of type T may hold one
							for _, tp := range ts.TypeParams.List {
								for _, n := range tp.Names {
									generic[n.Name] = true
								}
							}
						}
					case *ast.InterfaceType:
						interfaces[ts.Name.Name] = true
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					continue
				}
				name := recvName(d.Recv.List[0].Type)
				if methods[name] == nil {
					methods[name] = map[string]bool{}
				}
				methods[name][d.Name.Name] = true
			}
		}
	}
	memo := map[string]bool{}
	var reaches func(e ast.Expr, seen map[string]bool) bool
	reaches = func(e ast.Expr, seen map[string]bool) bool {
		switch e := e.(type) {
		case *ast.Ident:
			if e.Name == "Secret" || generic[e.Name] || interfaces[e.Name] && (e.Name == "ProviderConfig" || e.Name == "ChatConfig") {
				return true
			}
			st, ok := structs[e.Name]
			if !ok || seen[e.Name] {
				return false
			}
			if v, ok := memo[e.Name]; ok {
				return v
			}
			seen[e.Name] = true
			found := false
			for _, f := range st.Fields.List {
				found = found || reaches(f.Type, seen)
			}
			memo[e.Name] = found
			return found
		case *ast.StarExpr:
			return reaches(e.X, seen)
		case *ast.ArrayType:
			return reaches(e.Elt, seen)
		case *ast.MapType:
			return reaches(e.Value, seen)
		case *ast.IndexExpr: // Opt[SIPAuth], Page[Agent]: as their argument
			return reaches(e.Index, seen)
		}
		return false
	}
	for name := range structs {
		if !ast.IsExported(name) || !reaches(&ast.Ident{Name: name}, map[string]bool{}) {
			continue
		}
		holders = append(holders, name)
		if !methods[name]["Format"] || !methods[name]["LogValue"] {
			missing = append(missing, name)
		}
	}
	sort.Strings(holders)
	sort.Strings(missing)
	return holders, missing
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}
