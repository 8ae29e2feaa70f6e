// helm-render renders a chart's templates the way `helm template` does, for the chart tests on machines without helm:
// Go's text/template with sprig's functions (the engine and the function library helm embeds), helm's own functions
// (include, tpl, required, toYaml, fromYaml, toJson, fromJson), missing keys as empty, "<no value>" removed, partials
// (_*.tpl) parsed but not rendered. Values are read as helm reads them (YAML through JSON: numbers are float64).
//
// Usage: helm-render -chart DIR [-values FILE] [-release NAME] [-namespace NS]
// Prints a JSON object, template path ("tinyunet/templates/x.yaml") → rendered text. Exit 3 when a template stopped
// through `fail` or `required` (the message on stderr), 2 for any other error.
//
// Not helm: no .Files, no lookup against a cluster, a fixed .Capabilities, no subcharts, no schema validation, no
// values coalescing (the values file given is the whole of .Values).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"gopkg.in/yaml.v2"
)

// ChartMetadata holds the Chart.yaml fields templates read as .Chart.* (helm's chart.Metadata names).
type ChartMetadata struct {
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	AppVersion  string `yaml:"appVersion"`
	Description string `yaml:"description"`
	Type        string `yaml:"type"`
	APIVersion  string `yaml:"apiVersion"`
	KubeVersion string `yaml:"kubeVersion"`
}

const maxIncludeDepth = 1000

func main() {
	chartDir := flag.String("chart", "", "chart directory")
	valuesFile := flag.String("values", "", "values file (default: the chart's values.yaml)")
	release := flag.String("release", "tinyunet", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	flag.Parse()

	rendered, err := render(*chartDir, *valuesFile, *release, *namespace)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		if isTemplateFailure(err) {
			os.Exit(3)
		}
		os.Exit(2)
	}
	out, err := json.Marshal(rendered)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Stdout.Write(out)
}

func isTemplateFailure(err error) bool {
	text := err.Error()
	return strings.Contains(text, "error calling fail:") || strings.Contains(text, "error calling required:")
}

func render(chartDir, valuesFile, release, namespace string) (map[string]string, error) {
	var meta ChartMetadata
	if err := readYAML(filepath.Join(chartDir, "Chart.yaml"), &meta); err != nil {
		return nil, err
	}
	if valuesFile == "" {
		valuesFile = filepath.Join(chartDir, "values.yaml")
	}
	values, err := readValues(valuesFile)
	if err != nil {
		return nil, err
	}

	// Template names as helm gives them: <chart>/templates/<file>.
	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	if err != nil {
		return nil, err
	}
	sources := map[string]string{}
	for _, file := range files {
		info, err := os.Stat(file)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			return nil, fmt.Errorf("%s: subfolders of templates/ are not supported here", file)
		}
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		sources[path.Join(meta.Name, "templates", filepath.Base(file))] = string(text)
	}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)

	t := template.New("gotpl").Option("missingkey=zero")
	t.Funcs(funcMap(t))
	for _, name := range names {
		if _, err := t.New(name).Parse(sources[name]); err != nil {
			return nil, err
		}
	}

	top := map[string]interface{}{
		"Values": values,
		"Chart":  meta,
		"Release": map[string]interface{}{
			"Name": release, "Namespace": namespace, "IsInstall": true, "IsUpgrade": false, "Revision": 1, "Service": "Helm",
		},
		"Capabilities": map[string]interface{}{
			"KubeVersion": map[string]interface{}{"Version": "v1.30.0", "Major": "1", "Minor": "30"},
		},
	}
	rendered := map[string]string{}
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		top["Template"] = map[string]interface{}{"Name": name, "BasePath": path.Join(meta.Name, "templates")}
		var out strings.Builder
		if err := t.ExecuteTemplate(&out, name, top); err != nil {
			return nil, err
		}
		rendered[name] = strings.ReplaceAll(out.String(), "<no value>", "")
	}
	return rendered, nil
}

// funcMap is sprig's text functions (less env and expandenv, as in helm) and helm's own.
func funcMap(t *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	depth := 0
	f["include"] = func(name string, data interface{}) (string, error) {
		if depth++; depth > maxIncludeDepth {
			return "", errors.New("rendering template has a nested reference name: " + name)
		}
		defer func() { depth-- }()
		var out strings.Builder
		if err := t.ExecuteTemplate(&out, name, data); err != nil {
			return "", err
		}
		return out.String(), nil
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := t.Clone()
		if err != nil {
			return "", err
		}
		parsed, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var out strings.Builder
		if err := parsed.Execute(&out, data); err != nil {
			return "", err
		}
		return strings.ReplaceAll(out.String(), "<no value>", ""), nil
	}
	f["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil {
			return value, errors.New(message)
		}
		if s, ok := value.(string); ok && s == "" {
			return value, errors.New(message)
		}
		return value, nil
	}
	f["fail"] = func(message string) (string, error) { return "", errors.New(message) }
	f["toYaml"] = toYAML
	f["fromYaml"] = func(text string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := unmarshalLikeHelm([]byte(text), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	f["fromJson"] = func(text string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	return f
}

// toYAML is helm's: sigs.k8s.io/yaml's Marshal (to JSON, then JSON to YAML with yaml.v2), trailing newline dropped.
func toYAML(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var object interface{}
	if err := yaml.Unmarshal(data, &object); err != nil {
		return ""
	}
	out, err := yaml.Marshal(object)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(out), "\n")
}

func readYAML(file string, into interface{}) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	return yaml.Unmarshal(data, into)
}

func readValues(file string) (map[string]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	values := map[string]interface{}{}
	if err := unmarshalLikeHelm(data, &values); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return values, nil
}

// unmarshalLikeHelm reads YAML as sigs.k8s.io/yaml does: converted to JSON first, so maps have string keys and every
// number is a float64.
func unmarshalLikeHelm(data []byte, into interface{}) error {
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return err
	}
	converted, err := jsonable(raw)
	if err != nil {
		return err
	}
	text, err := json.Marshal(converted)
	if err != nil {
		return err
	}
	return json.Unmarshal(text, into)
}

func jsonable(v interface{}) (interface{}, error) {
	switch value := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(value))
		for key, item := range value {
			converted, err := jsonable(item)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(key)] = converted
		}
		return m, nil
	case []interface{}:
		items := make([]interface{}, len(value))
		for i, item := range value {
			converted, err := jsonable(item)
			if err != nil {
				return nil, err
			}
			items[i] = converted
		}
		return items, nil
	default:
		return value, nil
	}
}
