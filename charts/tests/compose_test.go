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

// The secrets compose asks for, each refused when missing.
var composeSecrets = []string{"TRAINYARD_JWT_SECRET", "TRAINYARD_SERVICE_TOKEN", "TRAINYARD_MLFLOW_USER_SECRET",
	"TRAINYARD_MLFLOW_ADMIN_PASSWORD", "TRAINYARD_MLFLOW_FLASK_SECRET", "TRAINYARD_KAFKA_ADMIN_PASSWORD",
	"TRAINYARD_KAFKA_PASSWORD_GATEWAY", "TRAINYARD_KAFKA_PASSWORD_ENVIRONMENT", "TRAINYARD_KAFKA_PASSWORD_JOB",
	"TRAINYARD_KAFKA_PASSWORD_TRACKING"}

func setComposeSecrets(t *testing.T) {
	for _, name := range composeSecrets {
		t.Setenv(name, strings.Repeat("s", 40))
	}
}

func TestComposeFileParsesAndEveryServiceWaitsForHealthyDependencies(t *testing.T) {
	setComposeSecrets(t)
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
			// kafka-access runs once and ends; everything else must answer.
			if dep == "kafka-access" && d.Condition == types.ServiceConditionCompletedSuccessfully {
				continue
			}
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

func TestComposeKafkaTakesOnlySignedInClientsEachServiceAsItself(t *testing.T) {
	setComposeSecrets(t)
	p, err := loadCompose(t)
	if err != nil {
		t.Fatal(err)
	}
	kafka, _ := p.GetService("kafka")
	if v := kafka.Environment["KAFKA_LISTENERS"]; v == nil || !strings.HasPrefix(*v, "SASL_PLAINTEXT://") {
		t.Errorf("Kafka listeners %v", v)
	}
	if v := kafka.Environment["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"]; v == nil || *v != "false" {
		t.Errorf("Kafka must refuse what no ACL allows, got %v", v)
	}
	for _, name := range []string{"gateway", "job", "tracking", "environment"} {
		s, _ := p.GetService(name)
		if _, ok := s.DependsOn["kafka-access"]; !ok {
			t.Errorf("%s must wait for its Kafka credentials", name)
		}
		pw := s.Environment["TRAINYARD_KAFKA_PASSWORD"]
		if pw == nil || *pw == "" {
			t.Errorf("%s has no Kafka password of its own", name)
		}
	}
	access, _ := p.GetService("kafka-access")
	if access.Build == nil || access.Build.Target != "kafka-access" {
		t.Errorf("kafka-access must run the launcher's grant: %+v", access.Build)
	}
}

func TestComposeRefusesToStartWithoutEachOfItsSecrets(t *testing.T) {
	// `${VAR:?}` refuses an empty value as it refuses an unset one; t.Setenv restores it after.
	for _, missing := range composeSecrets {
		setComposeSecrets(t)
		t.Setenv(missing, "")
		_, err := loadCompose(t)
		if err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("want an error naming %s, got %v", missing, err)
		}
	}
}

func TestComposePublishesTheUiOnLoopbackAndMlflowNowhereElseAndMlflowRunsItsAuthApp(t *testing.T) {
	setComposeSecrets(t)
	p, err := loadCompose(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"environment", "mlflow"} {
		s, _ := p.GetService(name)
		for _, port := range s.Ports {
			if port.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %s on %q, not loopback", name, port.Published, port.HostIP)
			}
		}
	}
	mlflow, _ := p.GetService("mlflow")
	if cmd := strings.Join(mlflow.Command, " "); !strings.Contains(cmd, "--app-name=basic-auth") {
		t.Errorf("MLflow without its auth app: %s", cmd)
	}
	for _, name := range []string{"gateway", "job", "tracking", "environment"} {
		s, _ := p.GetService(name)
		if v := s.Environment["TRAINYARD_SERVICE_TOKEN"]; v == nil || *v == "" {
			t.Errorf("%s has no service credential", name)
		}
	}
	tracking, _ := p.GetService("tracking")
	if v := tracking.Environment["TRAINYARD_MLFLOW_ADMIN_PASSWORD"]; v == nil {
		t.Error("tracking-service needs MLflow's admin password")
	}
	for _, name := range []string{"gateway", "job", "environment"} {
		s, _ := p.GetService(name)
		if _, ok := s.Environment["TRAINYARD_MLFLOW_ADMIN_PASSWORD"]; ok {
			t.Errorf("%s must not hold MLflow's admin password", name)
		}
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
