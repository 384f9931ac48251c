// Command chart-install installs (or upgrades) a chart into the cluster of a kubeconfig with Helm's
// Go SDK, as `helm upgrade --install` would, so that tests run against what the chart really makes.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/strvals"
	"k8s.io/cli-runtime/pkg/genericclioptions"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	kubeconfig := flag.String("kubeconfig", "", "the cluster to install into")
	namespace := flag.String("namespace", "trainyard", "the release's namespace (created if missing)")
	release := flag.String("release", "trainyard", "the release name")
	chartDir := flag.String("chart", "charts/trainyard", "the chart's folder")
	var files, sets list
	flag.Var(&files, "f", "a values file (repeatable)")
	flag.Var(&sets, "set", "key=value (repeatable)")
	flag.Parse()

	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = kubeconfig
	flags.Namespace = namespace
	cfg := new(action.Configuration)
	if err := cfg.Init(flags, *namespace, "secret", func(string, ...interface{}) {}); err != nil {
		log.Fatalf("connecting: %v", err)
	}
	chart, err := loader.Load(*chartDir)
	if err != nil {
		log.Fatalf("loading %s: %v", *chartDir, err)
	}
	values := map[string]interface{}{}
	for _, f := range files {
		v, err := chartutil.ReadValuesFile(f)
		if err != nil {
			log.Fatalf("reading %s: %v", f, err)
		}
		values = chartutil.CoalesceTables(v.AsMap(), values)
	}
	for _, s := range sets {
		if err := strvals.ParseInto(s, values); err != nil {
			log.Fatalf("--set %s: %v", s, err)
		}
	}

	history := action.NewHistory(cfg)
	history.Max = 1
	if _, err := history.Run(*release); err == nil {
		upgrade := action.NewUpgrade(cfg)
		upgrade.Namespace = *namespace
		upgrade.Timeout = 2 * time.Minute
		rel, err := upgrade.Run(*release, chart, values)
		if err != nil {
			log.Fatalf("upgrading %s: %v", *release, err)
		}
		fmt.Fprintf(os.Stdout, "upgraded %s to revision %d\n", rel.Name, rel.Version)
		return
	}
	install := action.NewInstall(cfg)
	install.ReleaseName = *release
	install.Namespace = *namespace
	install.CreateNamespace = true
	install.Timeout = 2 * time.Minute
	rel, err := install.Run(chart, values)
	if err != nil {
		log.Fatalf("installing %s: %v", *release, err)
	}
	fmt.Fprintf(os.Stdout, "installed %s revision %d\n", rel.Name, rel.Version)
}
