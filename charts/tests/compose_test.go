package tests

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

const repo = "../.."

// loadCompose is what `docker compose config` does: the same loader, with interpolation,
// schema validation and normalisation.
func loadCompose(t *testing.T) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{filepath.Join(repo, "docker-compose.yml")},
		cli.WithWorkingDirectory(repo), cli.WithOsEnv, cli.WithName("trainyard"))
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

func TestComposeFileParsesAndEveryServiceWaitsForHealthyDependencies(t *testing.T) {
	t.Setenv("TRAINYARD_JWT_SECRET", strings.Repeat("s", 40))
	p, err := loadCompose(t)
	if err != nil {
		t.Fatalf("docker compose config: %v", err)
	}
	want := []string{"kafka", "postgres", "mlflow", "environment", "gateway", "job", "tracking"}
	for _, name := range want {
		s, err := p.GetService(name)
		if err != nil {
			t.Errorf("service %s: %v", name, err)
			continue
		}
		if s.HealthCheck == nil && s.Build == nil {
			t.Errorf("%s: no healthcheck", name)
		}
		for dep, d := range s.DependsOn {
			if d.Condition != types.ServiceConditionHealthy {
				t.Errorf("%s waits for %s to be %q, not healthy", name, dep, d.Condition)
			}
		}
	}
	for _, name := range []string{"gateway", "job", "tracking", "environment"} {
		s, _ := p.GetService(name)
		for _, infra := range []string{"kafka", "postgres", "mlflow"} {
			if _, ok := s.DependsOn[infra]; !ok {
				t.Errorf("%s must wait for %s", name, infra)
			}
		}
	}
}

func TestComposeRefusesToStartWithoutASessionSecret(t *testing.T) {
	// `${VAR:?}` refuses an empty value as it refuses an unset one; t.Setenv restores it after.
	t.Setenv("TRAINYARD_JWT_SECRET", "")
	_, err := loadCompose(t)
	if err == nil || !strings.Contains(err.Error(), "TRAINYARD_JWT_SECRET") {
		t.Fatalf("want an error naming TRAINYARD_JWT_SECRET, got %v", err)
	}
}

func TestDockerfilesParseAndEveryServiceImageRunsAsNonRoot(t *testing.T) {
	for _, file := range []string{"docker/Dockerfile", "docker/mlflow/Dockerfile"} {
		f, err := os.Open(filepath.Join(repo, file))
		if err != nil {
			t.Fatal(err)
		}
		ast, err := parser.Parse(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		stages, _, err := instructions.Parse(ast.AST, nil)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		users := map[string]string{}
		for _, s := range stages {
			for _, c := range s.Commands {
				if u, ok := c.(*instructions.UserCommand); ok {
					users[s.Name] = u.User
				}
			}
		}
		if file == "docker/Dockerfile" {
			names := map[string]bool{}
			for _, s := range stages {
				names[s.Name] = true
			}
			for _, target := range []string{"gateway-service", "environment-service", "job-service", "tracking-service", "ray", "environment-service-local"} {
				if !names[target] {
					t.Errorf("%s: no target %s", file, target)
				}
			}
			if users["runtime"] != "10001:10001" || users["environment-service-local"] != "1000:100" {
				t.Errorf("%s: service images must not run as root, users %v", file, users)
			}
		} else if users[""] != "10001" {
			t.Errorf("%s: MLflow must not run as root, users %v", file, users)
		}
	}
}
