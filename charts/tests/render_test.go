package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/releaseutil"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

const chartDir = "../trainyard"

// Rendered is what `helm template` prints, split into documents and decoded.
type Rendered struct {
	Notes   string
	Objects []runtime.Object
	// Custom resources (Strimzi) the Kubernetes scheme does not know.
	Custom []*unstructured.Unstructured
}

func loadChart(t *testing.T) *chart.Chart {
	t.Helper()
	c, err := loader.Load(chartDir)
	if err != nil {
		t.Fatalf("loading the chart: %v", err)
	}
	return c
}

func readValues(t *testing.T, file string) map[string]interface{} {
	t.Helper()
	if file == "" {
		return map[string]interface{}{}
	}
	v, err := chartutil.ReadValuesFile(filepath.Join(chartDir, file))
	if err != nil {
		t.Fatalf("reading %s: %v", file, err)
	}
	return v
}

// set applies `--set a.b.c=value` style overrides (value already typed).
func set(values map[string]interface{}, path string, value interface{}) map[string]interface{} {
	parts := strings.Split(path, ".")
	m := values
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = value
	return values
}

// render does what `helm template` does: values merged with the chart's and checked against
// values.schema.json, templates rendered, then every object decoded strictly: an unknown or
// duplicated field is an error, as the API server's strict field validation would make it.
func render(t *testing.T, values map[string]interface{}, apiVersions ...string) (*Rendered, error) {
	t.Helper()
	return renderChart(t, loadChart(t), values, apiVersions...)
}

func renderChart(t *testing.T, c *chart.Chart, values map[string]interface{}, apiVersions ...string) (*Rendered, error) {
	t.Helper()
	caps := chartutil.DefaultCapabilities.Copy()
	caps.APIVersions = append(caps.APIVersions, apiVersions...)
	opts := chartutil.ReleaseOptions{Name: "ty", Namespace: "trainyard", Revision: 1, IsInstall: true}
	if err := chartutil.ProcessDependenciesWithMerge(c, values); err != nil {
		return nil, err
	}
	top, err := chartutil.ToRenderValues(c, values, opts, caps)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(c, top)
	if err != nil {
		return nil, err
	}
	out := &Rendered{}
	strict := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		body := files[name]
		if strings.HasSuffix(name, "NOTES.txt") {
			out.Notes = body
			continue
		}
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		for _, doc := range releaseutil.SplitManifests(body) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			var probe map[string]interface{}
			if err := yaml.Unmarshal([]byte(doc), &probe); err != nil {
				return nil, fmt.Errorf("%s: not YAML: %w", name, err)
			}
			if probe == nil {
				continue
			}
			if strings.HasPrefix(fmt.Sprint(probe["apiVersion"]), "kafka.strimzi.io/") {
				out.Custom = append(out.Custom, &unstructured.Unstructured{Object: probe})
				continue
			}
			obj, _, err := strict.Decode([]byte(doc), nil, nil)
			if err != nil {
				return nil, fmt.Errorf("%s: %w\n%s", name, err, doc)
			}
			out.Objects = append(out.Objects, obj)
		}
	}
	return out, nil
}

func mustRender(t *testing.T, values map[string]interface{}, apiVersions ...string) *Rendered {
	t.Helper()
	r, err := render(t, values, apiVersions...)
	if err != nil {
		t.Fatalf("rendering: %v", err)
	}
	return r
}

func TestMain(m *testing.M) {
	if _, err := os.Stat(filepath.Join(chartDir, "Chart.yaml")); err != nil {
		fmt.Fprintln(os.Stderr, "run from charts/tests:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
