package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// skipDirs are the directories whose packages users do not import: they are
// not walked.
var skipDirs = map[string]bool{"internal": true, "examples": true, "cmd": true, "testdata": true, "vendor": true}

// buildContext fixes the platform the listing describes, so that it does not
// depend on the machine that generates it.
func buildContext() build.Context {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = "linux", "amd64", false
	return ctx
}

// moduleName returns the last element of the module path in root/go.mod:
// the prefix of every package's name in the listing.
func moduleName(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			mod := strings.Trim(strings.TrimSpace(rest), `"`)
			return path.Base(mod), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", filepath.Join(root, "go.mod"))
}

// packageDirs returns the directories under root (root included) that hold
// a package users import: non-test, non-main Go files, outside internal/,
// examples/, cmd/, testdata/, vendor/, hidden directories and nested
// modules. The paths are relative to root, slash-separated, sorted.
func packageDirs(root string) ([]string, error) {
	ctx := buildContext()
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != "." {
			name := d.Name()
			if skipDirs[name] || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		pkg, err := ctx.ImportDir(p, 0)
		if err != nil {
			var noGo *build.NoGoError
			if errors.As(err, &noGo) {
				return nil
			}
			return fmt.Errorf("%s: %w", rel, err)
		}
		if pkg.Name != "main" && len(pkg.GoFiles) > 0 {
			dirs = append(dirs, rel)
		}
		return nil
	})
	slices.Sort(dirs)
	return dirs, err
}

// Generate returns the exported API of the module at root: one line per
// exported identifier of every package users import, sorted.
func Generate(root string) ([]string, error) {
	mod, err := moduleName(root)
	if err != nil {
		return nil, err
	}
	dirs, err := packageDirs(root)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, dir := range dirs {
		name := mod
		if dir != "." {
			name = mod + "/" + dir
		}
		pl, err := ListPackage(filepath.Join(root, filepath.FromSlash(dir)), name)
		if err != nil {
			return nil, err
		}
		lines = append(lines, pl...)
	}
	slices.Sort(lines)
	return slices.Compact(lines), nil
}

// ListPackage returns the sorted listing of the package in dir, its lines
// prefixed with "pkg name, ".
func ListPackage(dir, name string) ([]string, error) {
	ctx := buildContext()
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	l := &lister{
		prefix:  "pkg " + name + ", ",
		fset:    token.NewFileSet(),
		types:   map[string]*ast.TypeSpec{},
		methods: map[string][]*ast.FuncDecl{},
		consts:  map[string]*constSpec{},
	}
	for _, f := range bp.GoFiles {
		file, err := parser.ParseFile(l.fset, filepath.Join(dir, f), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		l.files = append(l.files, file)
	}
	l.index()
	l.list()
	slices.Sort(l.lines)
	return slices.Compact(l.lines), nil
}

// constSpec is one constant with what its value is computed from: the
// expression (repeated from an earlier spec when it has none), and iota.
type constSpec struct {
	typ  ast.Expr // nil when untyped or not written
	expr ast.Expr // nil when there is none
	iota int64

	done, busy bool
	val        constant.Value // nil when not computable from the package
	convType   ast.Expr       // the type of a conversion T(x), when that is the expression
}

// lister collects the listing of one package.
type lister struct {
	prefix  string
	fset    *token.FileSet
	files   []*ast.File
	types   map[string]*ast.TypeSpec   // every type of the package, by name
	methods map[string][]*ast.FuncDecl // methods, by receiver base type name
	consts  map[string]*constSpec      // every constant, by name
	lines   []string
}

// emit adds one line.
func (l *lister) emit(format string, args ...any) {
	l.lines = append(l.lines, l.prefix+fmt.Sprintf(format, args...))
}

// index records the package's types, methods and constants.
func (l *lister) index() {
	for _, f := range l.files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 {
					base, _, _ := recvBase(d.Recv.List[0].Type)
					l.methods[base] = append(l.methods[base], d)
				}
			case *ast.GenDecl:
				switch d.Tok {
				case token.TYPE:
					for _, s := range d.Specs {
						ts := s.(*ast.TypeSpec)
						l.types[ts.Name.Name] = ts
					}
				case token.CONST:
					var typ ast.Expr
					var values []ast.Expr
					for i, s := range d.Specs {
						vs := s.(*ast.ValueSpec)
						if vs.Type != nil || len(vs.Values) > 0 {
							typ, values = vs.Type, vs.Values
						}
						for j, n := range vs.Names {
							c := &constSpec{typ: typ, iota: int64(i)}
							if j < len(values) {
								c.expr = values[j]
							}
							l.consts[n.Name] = c
						}
					}
				}
			}
		}
	}
}

// recvBase returns a receiver's base type name, whether it is a pointer, and
// its type parameter names.
func recvBase(e ast.Expr) (name string, ptr bool, params []string) {
	if p, ok := e.(*ast.ParenExpr); ok {
		return recvBase(p.X)
	}
	if s, ok := e.(*ast.StarExpr); ok {
		name, _, params = recvBase(s.X)
		return name, true, params
	}
	var idx []ast.Expr
	switch t := e.(type) {
	case *ast.IndexExpr:
		e, idx = t.X, []ast.Expr{t.Index}
	case *ast.IndexListExpr:
		e, idx = t.X, t.Indices
	}
	for _, x := range idx {
		if id, ok := x.(*ast.Ident); ok {
			params = append(params, id.Name)
		}
	}
	if id, ok := e.(*ast.Ident); ok {
		name = id.Name
	}
	return name, false, params
}

// list emits the lines of every exported declaration.
func (l *lister) list() {
	for _, f := range l.files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				l.listFunc(d)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							l.listType(s)
						}
					case *ast.ValueSpec:
						for i, n := range s.Names {
							if !n.IsExported() {
								continue
							}
							if d.Tok == token.CONST {
								l.listConst(n.Name)
							} else {
								l.listVar(n.Name, s, i)
							}
						}
					}
				}
			}
		}
	}
}

// listFunc emits a function, or a method of an exported type.
func (l *lister) listFunc(d *ast.FuncDecl) {
	if !d.Name.IsExported() {
		return
	}
	if d.Recv == nil {
		tp := typeParams(d.Type.TypeParams)
		l.emit("func %s%s%s", d.Name.Name, l.typeParamList(d.Type.TypeParams, tp), l.signature(d.Type, tp))
		return
	}
	if len(d.Recv.List) != 1 {
		return
	}
	base, ptr, params := recvBase(d.Recv.List[0].Type)
	if !token.IsExported(base) {
		return // promoted into exported types by listStruct, if embedded
	}
	tp := map[string]string{}
	for i, p := range params {
		tp[p] = "$" + strconv.Itoa(i)
	}
	l.emit("method (%s) %s%s", l.recv(base, ptr, len(params)), d.Name.Name, l.signature(d.Type, tp))
}

// recv formats a receiver: T, *T, T[$0, $1].
func (l *lister) recv(base string, ptr bool, nparams int) string {
	s := base
	if nparams > 0 {
		names := make([]string, nparams)
		for i := range names {
			names[i] = "$" + strconv.Itoa(i)
		}
		s += "[" + strings.Join(names, ", ") + "]"
	}
	if ptr {
		s = "*" + s
	}
	return s
}

// typeParams names a declaration's type parameters $0, $1 …, so that
// renaming one does not change the listing.
func typeParams(fl *ast.FieldList) map[string]string {
	tp := map[string]string{}
	if fl == nil {
		return tp
	}
	i := 0
	for _, f := range fl.List {
		for _, n := range f.Names {
			tp[n.Name] = "$" + strconv.Itoa(i)
			i++
		}
	}
	return tp
}

// typeParamList formats [$0 any, $1 comparable], or "" when there are none.
func (l *lister) typeParamList(fl *ast.FieldList, tp map[string]string) string {
	if fl == nil || len(fl.List) == 0 {
		return ""
	}
	var parts []string
	for _, f := range fl.List {
		c := l.expr(f.Type, tp)
		for _, n := range f.Names {
			parts = append(parts, tp[n.Name]+" "+c)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// listType emits an exported type, its fields or interface methods.
func (l *lister) listType(s *ast.TypeSpec) {
	tp := typeParams(s.TypeParams)
	head := "type " + s.Name.Name + l.typeParamList(s.TypeParams, tp)
	if s.Assign.IsValid() {
		l.emit("%s = %s", head, l.expr(s.Type, tp))
		return
	}
	switch t := s.Type.(type) {
	case *ast.StructType:
		l.emit("%s struct", head)
		l.listStruct(s, t, tp, head)
	case *ast.InterfaceType:
		l.listInterface(t, tp, head)
	default:
		l.emit("%s %s", head, l.expr(s.Type, tp))
	}
}

// member is a field or method reachable in a struct, with its depth of
// embedding; the shallowest of a name wins, and two at the same depth hide
// each other.
type member struct {
	depth int
	line  string // "" for a name that only shadows (unexported, or unexpanded)
	count int
}

// listStruct emits the exported fields of a struct, embedded types, and
// the exported fields and methods promoted from embedded unexported types
// of this package.
func (l *lister) listStruct(s *ast.TypeSpec, t *ast.StructType, tp map[string]string, head string) {
	members := map[string]*member{}
	add := func(name string, depth int, line string) {
		m := members[name]
		switch {
		case m == nil || depth < m.depth:
			members[name] = &member{depth: depth, line: line, count: 1}
		case m.depth == depth:
			m.count++
		}
	}
	recvName := l.recv(s.Name.Name, false, len(tp))
	var walk func(st *ast.StructType, tp map[string]string, depth int, indirect bool, seen []string)
	walk = func(st *ast.StructType, tp map[string]string, depth int, indirect bool, seen []string) {
		type embedded struct {
			spec     *ast.TypeSpec
			indirect bool
		}
		var next []embedded
		for _, f := range st.Fields.List {
			typ := l.expr(f.Type, tp)
			if len(f.Names) > 0 {
				for _, n := range f.Names {
					line := ""
					if n.IsExported() {
						line = fmt.Sprintf("%s struct, %s %s", head, n.Name, typ)
					}
					add(n.Name, depth, line)
				}
				continue
			}
			name, ptr, params := recvBase(embeddedType(f.Type))
			if name == "" {
				name = embeddedName(f.Type)
			}
			es, local := l.types[name]
			if token.IsExported(name) || !local || len(params) > 0 || es.TypeParams != nil || slices.Contains(seen, name) {
				line := ""
				if token.IsExported(name) {
					line = fmt.Sprintf("%s struct, embedded %s", head, typ)
				}
				add(name, depth, line) // not expanded: its own listing covers it
				continue
			}
			add(name, depth, "")
			next = append(next, embedded{es, indirect || ptr})
		}
		// The methods of this level's type are at this depth too.
		for _, e := range next {
			for _, md := range l.methods[e.spec.Name.Name] {
				_, ptrRecv, _ := recvBase(md.Recv.List[0].Type)
				line := ""
				if md.Name.IsExported() {
					r := recvName
					if ptrRecv && !e.indirect {
						r = "*" + r
					}
					line = fmt.Sprintf("method (%s) %s%s", r, md.Name.Name, l.signature(md.Type, nil))
				}
				add(md.Name.Name, depth+1, line)
			}
			switch et := e.spec.Type.(type) {
			case *ast.StructType:
				walk(et, nil, depth+1, e.indirect, append(seen, e.spec.Name.Name))
			case *ast.InterfaceType:
				for _, m := range et.Methods.List {
					for _, n := range m.Names {
						line := ""
						if n.IsExported() {
							line = fmt.Sprintf("method (%s) %s%s", recvName, n.Name, l.signature(m.Type.(*ast.FuncType), nil))
						}
						add(n.Name, depth+1, line)
					}
				}
			}
		}
	}
	for _, md := range l.methods[s.Name.Name] {
		add(md.Name.Name, 0, "") // the type's own methods are listed by listFunc
	}
	walk(t, tp, 0, false, []string{s.Name.Name})
	for _, m := range members {
		if m.count == 1 && m.line != "" {
			l.lines = append(l.lines, l.prefix+m.line)
		}
	}
}

// embeddedType strips the pointer of an embedded field's type.
func embeddedType(e ast.Expr) ast.Expr {
	if s, ok := e.(*ast.StarExpr); ok {
		return s.X
	}
	return e
}

// embeddedName is the field name of an embedded type from another package.
func embeddedName(e ast.Expr) string {
	e = embeddedType(e)
	switch t := e.(type) {
	case *ast.IndexExpr:
		e = t.X
	case *ast.IndexListExpr:
		e = t.X
	}
	if s, ok := e.(*ast.SelectorExpr); ok {
		return s.Sel.Name
	}
	return ""
}

// listInterface emits an exported interface: a header naming its methods
// (so that adding one, which breaks implementations, changes the header),
// one line per method and embedded type, and "unexported methods" for a
// sealed interface, which only its package can implement: its header names
// no methods, since adding one breaks nobody.
func (l *lister) listInterface(t *ast.InterfaceType, tp map[string]string, head string) {
	var names, lines []string
	sealed := false
	var walk func(it *ast.InterfaceType, tp map[string]string, seen []string)
	walk = func(it *ast.InterfaceType, tp map[string]string, seen []string) {
		for _, m := range it.Methods.List {
			if len(m.Names) > 0 {
				for _, n := range m.Names {
					if !n.IsExported() {
						sealed = true
						continue
					}
					names = append(names, n.Name)
					lines = append(lines, fmt.Sprintf("%s interface, %s%s", head, n.Name, l.signature(m.Type.(*ast.FuncType), tp)))
				}
				continue
			}
			if id, ok := m.Type.(*ast.Ident); ok && !id.IsExported() && !slices.Contains(seen, id.Name) {
				if es, ok := l.types[id.Name]; ok && es.TypeParams == nil {
					if et, ok := es.Type.(*ast.InterfaceType); ok {
						walk(et, nil, append(seen, id.Name))
						continue
					}
				}
			}
			e := l.expr(m.Type, tp)
			names = append(names, e)
			switch m.Type.(type) {
			case *ast.BinaryExpr, *ast.UnaryExpr: // a union or ~T of a constraint
				lines = append(lines, fmt.Sprintf("%s interface, %s", head, e))
			default:
				lines = append(lines, fmt.Sprintf("%s interface, embedded %s", head, e))
			}
		}
	}
	walk(t, tp, nil)
	slices.Sort(names)
	if sealed {
		lines = append(lines, head+" interface, unexported methods")
	}
	header := head + " interface"
	if !sealed && len(names) > 0 {
		header += " { " + strings.Join(names, ", ") + " }"
	}
	l.lines = append(l.lines, l.prefix+header)
	for _, line := range lines {
		l.lines = append(l.lines, l.prefix+line)
	}
}

// listConst emits "const Name Type = value", leaving out the type when the
// constant is untyped and the value when it cannot be computed from the
// package alone (then the expression is shown).
func (l *lister) listConst(name string) {
	c := l.consts[name]
	l.evalConst(c)
	typ := c.typ
	if typ == nil {
		typ = c.convType
	}
	s := "const " + name
	if typ != nil {
		s += " " + l.expr(typ, nil)
	}
	switch {
	case c.val != nil:
		s += " = " + constString(c.val)
	case c.expr != nil:
		s += " = " + l.node(c.expr)
	}
	l.emit("%s", s)
}

// constString formats a constant's value exactly: a float as a decimal when
// float64 holds it exactly, else as a fraction.
func constString(v constant.Value) string {
	if v.Kind() == constant.Float {
		if f, exact := constant.Float64Val(v); exact {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	return v.ExactString()
}

// evalConst computes a constant's value once.
func (l *lister) evalConst(c *constSpec) {
	if c.done || c.busy || c.expr == nil {
		return
	}
	c.busy = true
	c.val, c.convType = l.eval(c.expr, c.iota)
	c.busy, c.done = false, true
}

// eval computes a constant expression from literals, iota, the package's
// constants, operators and conversions; nil when it needs more (another
// package's constant, a function).
func (l *lister) eval(e ast.Expr, iota int64) (constant.Value, ast.Expr) {
	switch e := e.(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		if v.Kind() == constant.Unknown {
			return nil, nil
		}
		return v, nil
	case *ast.ParenExpr:
		return l.eval(e.X, iota)
	case *ast.Ident:
		switch e.Name {
		case "iota":
			return constant.MakeInt64(iota), nil
		case "true", "false":
			return constant.MakeBool(e.Name == "true"), nil
		}
		if c, ok := l.consts[e.Name]; ok {
			l.evalConst(c)
			t := c.typ
			if t == nil {
				t = c.convType
			}
			return c.val, t
		}
	case *ast.SelectorExpr:
		if pkg, ok := e.X.(*ast.Ident); ok && pkg.Name == "time" {
			if d, ok := durations[e.Sel.Name]; ok {
				return constant.MakeInt64(d), &ast.SelectorExpr{X: ast.NewIdent("time"), Sel: ast.NewIdent("Duration")}
			}
		}
	case *ast.UnaryExpr:
		if x, t := l.eval(e.X, iota); x != nil {
			if e.Op == token.NOT && x.Kind() != constant.Bool || e.Op != token.NOT && x.Kind() == constant.Bool {
				return nil, nil
			}
			return constant.UnaryOp(e.Op, x, 0), t
		}
	case *ast.BinaryExpr:
		x, tx := l.eval(e.X, iota)
		y, ty := l.eval(e.Y, iota)
		if x == nil || y == nil {
			return nil, nil
		}
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			tx = nil // an untyped bool
		case token.SHL, token.SHR:
		default:
			if tx == nil {
				tx = ty
			}
		}
		return binaryOp(x, e.Op, y), tx
	case *ast.CallExpr:
		if len(e.Args) == 1 && e.Ellipsis == token.NoPos && isTypeName(e.Fun) {
			if v, _ := l.eval(e.Args[0], iota); v != nil {
				return v, e.Fun
			}
		}
	}
	return nil, nil
}

// durations are the time package's constants, so that 30 * time.Second
// has a type and a value.
var durations = map[string]int64{
	"Nanosecond": 1, "Microsecond": 1e3, "Millisecond": 1e6,
	"Second": 1e9, "Minute": 60e9, "Hour": 3600e9,
}

// binaryOp applies op with go/constant's rules; nil when they do not apply.
func binaryOp(x constant.Value, op token.Token, y constant.Value) (v constant.Value) {
	defer func() {
		if recover() != nil {
			v = nil // an operator the operands' kinds do not have
		}
	}()
	switch op {
	case token.SHL, token.SHR:
		s, ok := constant.Uint64Val(y)
		if !ok || s > 1024 {
			return nil
		}
		return constant.Shift(x, op, uint(s))
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return constant.MakeBool(constant.Compare(x, op, y))
	case token.QUO:
		if x.Kind() == constant.Int && y.Kind() == constant.Int {
			if constant.Sign(y) == 0 {
				return nil
			}
			op = token.QUO_ASSIGN // integer division
		}
	}
	return constant.BinaryOp(x, op, y)
}

// isTypeName reports whether e can be a type in a conversion: a name of
// this package or a builtin, or pkg.Name.
func isTypeName(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		_, ok := e.X.(*ast.Ident)
		return ok
	case *ast.ParenExpr:
		return isTypeName(e.X)
	}
	return false
}

// listVar emits "var Name Type". A variable declared without a type gets
// the type its initializer plainly has (errors.New, a composite literal,
// &T{}, a literal); otherwise the line shows the initializer.
func (l *lister) listVar(name string, s *ast.ValueSpec, i int) {
	if s.Type != nil {
		l.emit("var %s %s", name, l.expr(s.Type, nil))
		return
	}
	if len(s.Values) != len(s.Names) {
		l.emit("var %s = %s", name, l.node(s.Values[0]))
		return
	}
	v := s.Values[i]
	if t := l.varType(v); t != "" {
		l.emit("var %s %s", name, t)
		return
	}
	l.emit("var %s = %s", name, l.node(v))
}

// varType is the type of an initializer when it is plain to see, or "".
func (l *lister) varType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok &&
				(pkg.Name == "errors" && sel.Sel.Name == "New" || pkg.Name == "fmt" && sel.Sel.Name == "Errorf") {
				return "error"
			}
		}
	case *ast.CompositeLit:
		if e.Type != nil {
			return l.expr(e.Type, nil)
		}
	case *ast.UnaryExpr:
		if c, ok := e.X.(*ast.CompositeLit); ok && e.Op == token.AND && c.Type != nil {
			return "*" + l.expr(c.Type, nil)
		}
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.IMAG:
			return "complex128"
		case token.CHAR:
			return "rune"
		case token.STRING:
			return "string"
		}
	}
	return ""
}

// signature formats a function type without parameter names:
// "(int, ...string) (T, error)".
func (l *lister) signature(ft *ast.FuncType, tp map[string]string) string {
	s := "(" + strings.Join(l.fieldTypes(ft.Params, tp), ", ") + ")"
	res := l.fieldTypes(ft.Results, tp)
	switch len(res) {
	case 0:
	case 1:
		s += " " + res[0]
	default:
		s += " (" + strings.Join(res, ", ") + ")"
	}
	return s
}

// fieldTypes lists a parameter list's types, one per parameter.
func (l *lister) fieldTypes(fl *ast.FieldList, tp map[string]string) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		t := l.expr(f.Type, tp)
		n := max(len(f.Names), 1)
		for range n {
			out = append(out, t)
		}
	}
	return out
}

// expr formats a type expression, with type parameters renamed by tp and
// interface{} written as any.
func (l *lister) expr(e ast.Expr, tp map[string]string) string {
	switch e := e.(type) {
	case *ast.Ident:
		if r, ok := tp[e.Name]; ok {
			return r
		}
		return e.Name
	case *ast.SelectorExpr:
		return l.node(e.X) + "." + e.Sel.Name
	case *ast.StarExpr:
		return "*" + l.expr(e.X, tp)
	case *ast.ParenExpr:
		return "(" + l.expr(e.X, tp) + ")"
	case *ast.Ellipsis:
		return "..." + l.expr(e.Elt, tp)
	case *ast.ArrayType:
		switch {
		case e.Len == nil:
			return "[]" + l.expr(e.Elt, tp)
		default:
			n := l.node(e.Len)
			if v, _ := l.eval(e.Len, 0); v != nil {
				n = constString(v)
			}
			return "[" + n + "]" + l.expr(e.Elt, tp)
		}
	case *ast.MapType:
		return "map[" + l.expr(e.Key, tp) + "]" + l.expr(e.Value, tp)
	case *ast.ChanType:
		switch e.Dir {
		case ast.SEND:
			return "chan<- " + l.expr(e.Value, tp)
		case ast.RECV:
			return "<-chan " + l.expr(e.Value, tp)
		}
		return "chan " + l.expr(e.Value, tp)
	case *ast.FuncType:
		return "func" + l.signature(e, tp)
	case *ast.IndexExpr:
		return l.expr(e.X, tp) + "[" + l.expr(e.Index, tp) + "]"
	case *ast.IndexListExpr:
		var args []string
		for _, x := range e.Indices {
			args = append(args, l.expr(x, tp))
		}
		return l.expr(e.X, tp) + "[" + strings.Join(args, ", ") + "]"
	case *ast.UnaryExpr: // ~T in a constraint
		return e.Op.String() + l.expr(e.X, tp)
	case *ast.BinaryExpr: // A | B in a constraint
		return l.expr(e.X, tp) + " " + e.Op.String() + " " + l.expr(e.Y, tp)
	case *ast.InterfaceType:
		var elems []string
		for _, m := range e.Methods.List {
			if len(m.Names) == 0 {
				elems = append(elems, l.expr(m.Type, tp))
				continue
			}
			for _, n := range m.Names {
				elems = append(elems, n.Name+l.signature(m.Type.(*ast.FuncType), tp))
			}
		}
		if len(elems) == 0 {
			return "any"
		}
		slices.Sort(elems)
		return "interface { " + strings.Join(elems, "; ") + " }"
	case *ast.StructType:
		var fields []string
		for _, f := range e.Fields.List {
			t := l.expr(f.Type, tp)
			if f.Tag != nil {
				t += " " + f.Tag.Value
			}
			if len(f.Names) == 0 {
				fields = append(fields, t)
			}
			for _, n := range f.Names {
				fields = append(fields, n.Name+" "+t)
			}
		}
		if len(fields) == 0 {
			return "struct{}"
		}
		return "struct { " + strings.Join(fields, "; ") + " }"
	}
	return l.node(e)
}

// node prints any node as gofmt would, on one line.
func (l *lister) node(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, l.fset, n); err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
