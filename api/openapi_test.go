package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// spec is the part of OpenAPI 3 the tests read.
type spec struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 any                `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	Items                *schema            `json:"items"`
	AllOf                []*schema          `json:"allOf"`
	OneOf                []*schema          `json:"oneOf"`
	AdditionalProperties *schema            `json:"additionalProperties"`
	Enum                 []any              `json:"enum"`
}

type operation struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func loadSpec(t *testing.T) spec {
	t.Helper()
	var s spec
	if err := json.Unmarshal(openAPI, &s); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return s
}

func (s spec) op(t *testing.T, method, path string) operation {
	t.Helper()
	raw, ok := s.Paths[path][strings.ToLower(method)]
	if !ok {
		t.Fatalf("openapi.json lacks %s %s", method, path)
	}
	var op operation
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	return op
}

var ginParam = regexp.MustCompile(`[:*]([a-z]+)`)

// TestOpenAPICoversRoutes: every route of the router is documented, and
// nothing documented is missing from the router.
func TestOpenAPICoversRoutes(t *testing.T) {
	s := loadSpec(t)
	srv := NewServer(Deps{})
	defer srv.Shutdown(t.Context())
	seen := map[string]bool{}
	for _, r := range srv.engine.Routes() {
		if r.Method == http.MethodHead {
			continue
		}
		p := ginParam.ReplaceAllString(r.Path, "{$1}")
		key := r.Method + " " + p
		seen[key] = true
		if _, ok := s.Paths[p][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s is not in openapi.json", key)
		}
	}
	var documented []string
	for p, ops := range s.Paths {
		for m := range ops {
			if m == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(documented)
	for _, d := range documented {
		if !seen[d] {
			t.Errorf("openapi.json documents %s, which the router lacks", d)
		}
	}
}

// TestOpenAPIResponses sends a real request to every JSON endpoint and
// validates the body against the documented schema of its status.
func TestOpenAPIResponses(t *testing.T) {
	s := loadSpec(t)
	e := newEnv(t, func(d *Deps) { d.JobFiles = 3 })
	var fs []file
	for i := range 3 {
		n, text := genDoc(60 + i)
		fs = append(fs, file{n, []byte(text)})
	}
	rs := e.uploadResults(http.StatusCreated, fs...)
	id := rs[0].ID
	n4, t4 := genDoc(70)
	_, jb := e.upload(fs[0], fs[1], fs[2], file{n4, []byte(t4)})
	job := decode[struct{ Job string }](t, jb).Job
	e.waitJob(job, time.Minute)

	calls := []struct {
		method, path, route string
		body                func() (string, []byte)
	}{
		{"GET", "/healthz", "/healthz", nil},
		{"GET", "/readyz", "/readyz", nil},
		{"GET", "/api/v1/documents?sort=reuse", "/api/v1/documents", nil},
		{"GET", "/api/v1/documents/" + id, "/api/v1/documents/{id}", nil},
		{"GET", "/api/v1/documents/nope", "/api/v1/documents/{id}", nil},
		{"GET", "/api/v1/documents/" + id + "/reuse", "/api/v1/documents/{id}/reuse", nil},
		{"GET", "/api/v1/jobs/" + job, "/api/v1/jobs/{id}", nil},
		{"GET", "/api/v1/search?q=" + url.QueryEscape("黨員"), "/api/v1/search", nil},
		{"GET", "/api/v1/search?q=" + url.QueryEscape("year:>>"), "/api/v1/search", nil},
		{"GET", "/api/v1/targets", "/api/v1/targets", nil},
		{"GET", "/api/v1/reuse/pairs", "/api/v1/reuse/pairs", nil},
		{"GET", "/api/v1/reuse/clusters", "/api/v1/reuse/clusters", nil},
		{"GET", "/api/v1/slogans", "/api/v1/slogans", nil},
		{"POST", "/api/v1/documents", "/api/v1/documents", func() (string, []byte) {
			b, ct := multipartBody(t, []file{fs[0]})
			return ct, b.Bytes()
		}},
		{"POST", "/api/v1/documents", "/api/v1/documents", func() (string, []byte) {
			b, ct := multipartBody(t, []file{{"x.xyz", []byte("?")}})
			return ct, b.Bytes()
		}},
		{"DELETE", "/api/v1/documents/" + id, "/api/v1/documents/{id}", nil},
	}
	for _, c := range calls {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			var st int
			var b []byte
			if c.body != nil {
				ct, body := c.body()
				st, b, _ = e.do(c.method, c.path, strings.NewReader(string(body)), ct, true)
			} else {
				st, b, _ = e.do(c.method, c.path, nil, "", true)
			}
			s.conforms(t, c.method, c.route, st, b)
		})
	}
}

// conforms checks that status st is documented for method route and that
// body b matches its JSON schema.
func (s spec) conforms(t *testing.T, method, route string, st int, b []byte) {
	t.Helper()
	op := s.op(t, method, route)
	resp, ok := op.Responses[fmt.Sprint(st)]
	if !ok {
		t.Errorf("status %d is not documented for %s %s: %s", st, method, route, abbrev(b))
		return
	}
	sc := resp.Content["application/json"].Schema
	if sc == nil {
		t.Errorf("status %d of %s has no JSON schema", st, route)
		return
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Errorf("%s %s → %d: body is not JSON: %s", method, route, st, abbrev(b))
		return
	}
	if err := s.validate(sc, v, "$", 0); err != nil {
		t.Errorf("%s %s → %d: %v\n%s", method, route, st, err, abbrev(b))
	}
}

// validate checks v against sc: types, required and unknown keys, array
// items (the first few) down to a few levels.
func (s spec) validate(sc *schema, v any, at string, depth int) error {
	if sc == nil || depth > 6 {
		return nil
	}
	if sc.Ref != "" {
		return s.validate(s.Components.Schemas[strings.TrimPrefix(sc.Ref, "#/components/schemas/")], v, at, depth+1)
	}
	if len(sc.OneOf) > 0 {
		var errs []string
		for _, o := range sc.OneOf {
			if err := s.validate(o, v, at, depth+1); err == nil {
				return nil
			} else {
				errs = append(errs, err.Error())
			}
		}
		return fmt.Errorf("%s matches no oneOf: %s", at, strings.Join(errs, "; "))
	}
	if len(sc.AllOf) > 0 {
		merged := &schema{Type: "object", Properties: map[string]*schema{}}
		for _, part := range sc.AllOf {
			for part.Ref != "" {
				part = s.Components.Schemas[strings.TrimPrefix(part.Ref, "#/components/schemas/")]
			}
			for k, p := range part.Properties {
				merged.Properties[k] = p
			}
			merged.Required = append(merged.Required, part.Required...)
		}
		return s.validate(merged, v, at, depth+1)
	}
	if !typeOK(sc.Type, v) {
		return fmt.Errorf("%s: %T does not match type %v", at, v, sc.Type)
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range sc.Required {
			if _, ok := x[r]; !ok {
				return fmt.Errorf("%s: required key %q missing", at, r)
			}
		}
		for k, val := range x {
			p, ok := sc.Properties[k]
			if !ok {
				if sc.AdditionalProperties != nil {
					p = sc.AdditionalProperties
				} else if sc.Properties != nil {
					return fmt.Errorf("%s: undocumented key %q", at, k)
				}
			}
			if err := s.validate(p, val, at+"."+k, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for i, it := range x {
			if i >= 3 {
				break
			}
			if err := s.validate(sc.Items, it, fmt.Sprintf("%s[%d]", at, i), depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func typeOK(t any, v any) bool {
	var types []string
	switch x := t.(type) {
	case nil:
		return true
	case string:
		types = []string{x}
	case []any:
		for _, y := range x {
			types = append(types, fmt.Sprint(y))
		}
	}
	for _, ty := range types {
		switch ty {
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "integer":
			if f, ok := v.(float64); ok && f == float64(int64(f)) {
				return true
			}
		case "number":
			if _, ok := v.(float64); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "null":
			if v == nil {
				return true
			}
		}
	}
	return false
}
