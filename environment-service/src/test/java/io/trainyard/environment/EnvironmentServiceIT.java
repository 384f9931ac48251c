package io.trainyard.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.adapters.k8s.RayCluster;
import io.trainyard.platform.ray.TokenSecrets;
import io.trainyard.testsupport.DeadLetterChecks;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.KubeControlPlane;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.PythonEnv;
import io.trainyard.testsupport.TopicProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * environment-service on a real control plane: the chart installed with Helm into a real API
 * server, the service running as the chart's ServiceAccount with the chart's settings, the real
 * KubeRay operator making the pods and services, kube-scheduler binding them to simulated nodes
 * that KWOK runs. Kafka and PostgreSQL are real.
 */
@ExtendWith({KubeControlPlane.class, KafkaBroker.class, Postgres.class})
@SpringBootTest(properties = EnvironmentServiceIT.TIMINGS)
@ContextConfiguration(initializers = EnvironmentServiceIT.AsTheChartDeploysIt.class)
class EnvironmentServiceIT {

  static final String TIMINGS =
      "trainyard.environments.reconcile-interval=300ms\n"
          + "trainyard.environments.provisioning-timeout=20s\n"
          + "trainyard.environments.idle-timeout=8s";
  static final String PLATFORM = "trainyard";
  static final String RELEASE = "trainyard";
  static final int NODE_CPU = 8;

  @Autowired JdbcClient jdbc;
  @Autowired ConfigurableApplicationContext context;

  static KubernetesClient admin() {
    return KubeControlPlane.admin();
  }

  @BeforeAll
  static void installTheChartOnSimulatedNodes() {
    if (admin().apps().deployments().inNamespace(PLATFORM).withName(RELEASE + "-environment").get()
        == null) {
      KubeControlPlane.addNodes("cpu", 6, NODE_CPU, 32, 0);
      KubeControlPlane.addNodes("gpu", 1, NODE_CPU, 64, 2);
      KubeControlPlane.installChart(
          PythonEnv.repositoryRoot().resolve("charts/trainyard"),
          RELEASE,
          PLATFORM,
          List.of(),
          List.of("environment.quota.maxGpusPerUser=2"));
    }
  }

  /** The settings and the ServiceAccount of the chart's environment-service Deployment. */
  static class AsTheChartDeploysIt
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      Deployment deployment =
          admin()
              .apps()
              .deployments()
              .inNamespace(PLATFORM)
              .withName(RELEASE + "-environment")
              .get();
      var pod = deployment.getSpec().getTemplate().getSpec();
      Map<String, Object> settings = new HashMap<>();
      pod.getContainers().get(0).getEnv().stream()
          .filter(e -> e.getValue() != null)
          .filter(
              e ->
                  e.getName().startsWith("TRAINYARD_KUBERNETES_")
                      || e.getName().startsWith("TRAINYARD_ENVIRONMENTS_QUOTA_")
                      || e.getName().equals("TRAINYARD_PROVISIONER"))
          .forEach(e -> settings.put(e.getName(), e.getValue()));
      assertThat(settings).containsEntry("TRAINYARD_PROVISIONER", "kubernetes");
      context
          .getEnvironment()
          .getPropertySources()
          .addBefore(
              StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
              new SystemEnvironmentPropertySource("chart-systemEnvironment", settings));
      context
          .getBeanFactory()
          .registerSingleton(
              "kubernetesClient",
              KubeControlPlane.asServiceAccount(PLATFORM, pod.getServiceAccountName()));
    }
  }

  static void request(String owner, String name, int workers) {
    request(owner, name, workers, 1, 0);
  }

  static void request(String owner, String name, int workers, int cpu, int gpus) {
    TopicProbe.send(
        "trainyard.environment-requests",
        owner + "/" + name,
        TopicProbe.cloudEventHeaders(
            owner + "-" + name + "-" + System.nanoTime(), "io.trainyard.environment.requested.v1"),
        ("{\"owner\":\"%s\",\"name\":\"%s\",\"workers\":%d,\"workerCpu\":%d,"
                + "\"workerMemoryGi\":2,\"gpusPerWorker\":%d}")
            .formatted(owner, name, workers, cpu, gpus)
            .getBytes());
  }

  static void delete(String owner, String name) {
    TopicProbe.send(
        "trainyard.environment-requests",
        owner + "/" + name,
        TopicProbe.cloudEventHeaders(
            owner + "-" + name + "-delete-" + System.nanoTime(),
            "io.trainyard.environment.delete-requested.v1"),
        ("{\"owner\":\"%s\",\"name\":\"%s\"}").formatted(owner, name).getBytes());
  }

  static Predicate<ConsumerRecord<String, byte[]>> event(String key, String type) {
    return r ->
        key.equals(r.key())
            && ("io.trainyard.environment." + type + ".v1").equals(TopicProbe.header(r, "ce_type"));
  }

  static String ns(String owner) {
    return KubernetesNames.namespace("ty-", owner);
  }

  static RayCluster cluster(String owner, String name) {
    return admin().resources(RayCluster.class).inNamespace(ns(owner)).withName(name).get();
  }

  static List<Pod> pods(String owner, String name) {
    return admin()
        .pods()
        .inNamespace(ns(owner))
        .withLabel(KubernetesNames.RAY_CLUSTER, name)
        .list()
        .getItems();
  }

  static List<Pod> workers(String owner, String name) {
    return pods(owner, name).stream()
        .filter(p -> "worker".equals(p.getMetadata().getLabels().get("ray.io/node-type")))
        .toList();
  }

  static boolean running(Pod p) {
    return p.getSpec().getNodeName() != null && "Running".equals(p.getStatus().getPhase());
  }

  static boolean conditionTrue(RayCluster c, String type) {
    List<Condition> conditions = c.getStatus().conditions;
    return conditions != null
        && conditions.stream()
            .anyMatch(x -> type.equals(x.getType()) && "True".equals(x.getStatus()));
  }

  @Test
  void aRequestBecomesARayClusterTheOperatorRunsOnScheduledNodesAndReportsReady() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("Ada.L", "alpha", 2);

      events.await(event("Ada.L/alpha", "provisioning"));
      var ready = events.await(event("Ada.L/alpha", "ready"), Duration.ofSeconds(60));
      assertThat(
              events.seen().stream()
                  .filter(r -> "Ada.L/alpha".equals(r.key()))
                  .map(r -> TopicProbe.header(r, "ce_type"))
                  .findFirst())
          .as("the request it took, recorded first by its one writer")
          .contains("io.trainyard.environment.requested.v1");

      RayCluster cluster = cluster("Ada.L", "alpha");
      assertThat(conditionTrue(cluster, "HeadPodReady")).isTrue();
      assertThat(conditionTrue(cluster, "RayClusterProvisioned")).isTrue();
      String service = cluster.getStatus().head.serviceName;
      assertThat(service).as("the head service KubeRay made").isEqualTo("alpha-head-svc");
      assertThat(admin().services().inNamespace(ns("Ada.L")).withName(service).get()).isNotNull();
      assertThat(TopicProbe.value(ready))
          .contains(
              "\"dashboardUrl\":\"http://"
                  + service
                  + "."
                  + ns("Ada.L")
                  + ".svc.cluster.local:8265\"")
          .contains("\"workers\":2");

      List<Pod> pods = pods("Ada.L", "alpha");
      assertThat(pods).hasSize(3).allMatch(EnvironmentServiceIT::running);
      assertThat(pods)
          .as("bound by the scheduler to the CPU nodes")
          .allMatch(p -> p.getSpec().getNodeName().startsWith("cpu-"));
      assertThat(workers("Ada.L", "alpha")).hasSize(2);

      String ns = ns("Ada.L");
      assertThat(admin().resourceQuotas().inNamespace(ns).withName("trainyard-user-quota").get())
          .isNotNull();
      assertThat(admin().limitRanges().inNamespace(ns).withName("trainyard-defaults").get())
          .isNotNull();
      assertThat(
              admin()
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace(ns)
                  .withName("trainyard-tenant")
                  .get())
          .isNotNull();
      var token =
          admin().secrets().inNamespace(ns).withName(KubernetesNames.tokenSecret("alpha")).get();
      assertThat(token).as("the cluster's token Secret").isNotNull();
      String value =
          new String(java.util.Base64.getDecoder().decode(token.getData().get("auth_token")));
      assertThat(value).hasSizeGreaterThanOrEqualTo(40);
      try (KubernetesClient caller =
          KubeControlPlane.asServiceAccount(PLATFORM, RELEASE + "-ray-caller")) {
        assertThat(new TokenSecrets(caller, "ty-").token("Ada.L", "alpha"))
            .as("the gateway's and job-service's account reads it through the binding made here")
            .contains(value);
        assertThatThrownBy(() -> caller.secrets().inNamespace(PLATFORM).list())
            .as("and no Secret of the platform's own")
            .isInstanceOf(KubernetesClientException.class)
            .hasMessageContaining("Forbidden");
      }
    }
  }

  @Test
  void sameRequestTwiceMakesOneClusterAndMoreWorkersAreReadyWhenTheirPodsRun() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("bob", "twice", 1);
      request("bob", "twice", 1);
      events.await(event("bob/twice", "ready"), Duration.ofSeconds(60));
      assertThat(admin().resources(RayCluster.class).inAnyNamespace().list().getItems())
          .filteredOn(c -> c.getMetadata().getName().equals("twice"))
          .hasSize(1);

      request("bob", "twice", 3);
      var resized =
          events.await(
              r ->
                  event("bob/twice", "ready").test(r)
                      && TopicProbe.value(r).contains("\"workers\":3"),
              Duration.ofSeconds(60));
      assertThat(resized).isNotNull();
      assertThat(workers("bob", "twice")).hasSize(3).allMatch(EnvironmentServiceIT::running);
    }
  }

  @Test
  void aWorkerBiggerThanAnyNodeStallsWithTheSchedulersReasonThenFailsAndIsRemoved() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("carol", "stuck-1", 1, NODE_CPU + 2, 0);

      var stalled =
          events.await(
              r ->
                  event("carol/stuck-1", "provisioning").test(r)
                      && TopicProbe.value(r).contains("Unschedulable"),
              Duration.ofSeconds(60));
      assertThat(TopicProbe.value(stalled)).contains("Insufficient cpu");
      var failed = events.await(event("carol/stuck-1", "failed"), Duration.ofSeconds(60));
      assertThat(TopicProbe.value(failed))
          .contains("not ready after 20 s")
          .contains("Insufficient cpu");
      var deleted = events.await(event("carol/stuck-1", "deleted"));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"failure\"");
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster("carol", "stuck-1") == null);
      assertThat(pods("carol", "stuck-1")).isEmpty();
    }
  }

  @Test
  void podsARealResourceQuotaRefusesAreTheReasonAndTheAdministratorsNamespaceStays() {
    admin()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(ns("quinn")).endMetadata().build())
        .create();
    admin()
        .resourceQuotas()
        .inNamespace(ns("quinn"))
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("team-pods")
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("pods", new Quantity("2")))
                .endSpec()
                .build())
        .create();
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("quinn", "capped", 3);

      var refused =
          events.await(
              r ->
                  event("quinn/capped", "provisioning").test(r)
                      && TopicProbe.value(r).contains("exceeded quota"),
              Duration.ofSeconds(60));
      assertThat(TopicProbe.value(refused)).contains("team-pods");
      delete("quinn", "capped");
      events.await(event("quinn/capped", "deleted"), Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster("quinn", "capped") == null);
      assertThat(admin().namespaces().withName(ns("quinn")).get())
          .as("a namespace an administrator made is not Trainyard's to delete")
          .isNotNull();
      assertThat(admin().resourceQuotas().inNamespace(ns("quinn")).withName("team-pods").get())
          .isNotNull();
    }
  }

  @Test
  void deletingWaitsForThePodsThenTheUsersNamespaceGoesWithItsLastCluster() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("dave", "gone", 1);
      events.await(event("dave/gone", "ready"), Duration.ofSeconds(60));

      delete("dave", "gone");

      var deleted = events.await(event("dave/gone", "deleted"), Duration.ofSeconds(60));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"user\"");
      assertThat(cluster("dave", "gone")).isNull();
      assertThat(pods("dave", "gone"))
          .as("deleted means its pods are gone, so their resources are free")
          .isEmpty();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> admin().namespaces().withName(ns("dave")).get() == null);
    }
  }

  @Test
  void idleEnvironmentIsDeletedButOneWithARunningJobIsKept() throws Exception {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("erin", "idle", 1);
      request("erin", "busy", 1);
      events.await(event("erin/busy", "ready"), Duration.ofSeconds(60));
      TopicProbe.send(
          "trainyard.jobs",
          "busy-job",
          TopicProbe.cloudEventHeaders("busy-job-submitted", "io.trainyard.job.submitted.v1"),
          ("{\"jobId\":\"busy-job\",\"owner\":\"erin\",\"environment\":\"busy\",\"template\":\"digits-mlp\","
                  + "\"hyperparameters\":{},\"workers\":1,"
                  + "\"resources\":{\"cpuPerWorker\":1,\"memoryGiPerWorker\":1,\"gpusPerWorker\":0}}")
              .getBytes());
      TopicProbe.send(
          "trainyard.jobs",
          "busy-job",
          TopicProbe.cloudEventHeaders("busy-job-started", "io.trainyard.job.started.v1"),
          "{\"jobId\":\"busy-job\",\"owner\":\"erin\",\"attempt\":1,\"executor\":\"ray\"}"
              .getBytes());

      var deleted = events.await(event("erin/idle", "deleted"), Duration.ofSeconds(60));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"idle\"");
      Thread.sleep(9000);
      assertThat(events.seen()).noneMatch(event("erin/busy", "deleted"));
      assertThat(cluster("erin", "busy")).isNotNull();
    }
  }

  @Test
  void gpuWorkersRunOnlyOnTheNodesThatAdvertiseGpus() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("gia", "gpus", 2, 1, 1);

      events.await(event("gia/gpus", "ready"), Duration.ofSeconds(60));
      assertThat(workers("gia", "gpus"))
          .hasSize(2)
          .allMatch(p -> "gpu-0".equals(p.getSpec().getNodeName()))
          .allMatch(
              p ->
                  "1"
                      .equals(
                          p.getSpec()
                              .getContainers()
                              .get(0)
                              .getResources()
                              .getLimits()
                              .get("nvidia.com/gpu")
                              .getAmount()));
      assertThat(pods("gia", "gpus"))
          .filteredOn(p -> "head".equals(p.getMetadata().getLabels().get("ray.io/node-type")))
          .allMatch(p -> p.getSpec().getNodeName().startsWith("cpu-"));
    }
  }

  @Test
  void aForgottenClusterIsRecreatedAndALeakedOneRemoved() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("fay", "kept", 1);
      events.await(event("fay/kept", "ready"), Duration.ofSeconds(60));
      RayCluster leaked = cluster("fay", "kept");
      leaked.getMetadata().setName("leaked");
      leaked.getMetadata().setResourceVersion(null);
      leaked.getMetadata().setUid(null);
      leaked.getMetadata().setGeneration(null);
      leaked.getMetadata().setCreationTimestamp(null);
      leaked.getMetadata().setManagedFields(null);
      leaked.setStatus(null);

      admin().resources(RayCluster.class).resource(cluster("fay", "kept")).delete();
      admin().resources(RayCluster.class).resource(leaked).create();

      events.await(
          r ->
              event("fay/kept", "provisioning").test(r)
                  && TopicProbe.value(r).contains("the cluster was gone"),
          Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster("fay", "kept") != null);
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster("fay", "leaked") == null);
    }
  }

  @Test
  @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
  void aRestartedServiceAdoptsTheClustersItMadeAndRecreatesNothing() throws Exception {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("hana", "kept", 1);
      events.await(event("hana/kept", "ready"), Duration.ofSeconds(60));
      String clusterUid = cluster("hana", "kept").getMetadata().getUid();
      List<String> podUids =
          pods("hana", "kept").stream().map(p -> p.getMetadata().getUid()).toList();

      // Its listeners and reconciler stop as the process would; a new one takes over.
      context.stop();
      long before = events.seen().stream().filter(r -> "hana/kept".equals(r.key())).count();
      try (ConfigurableApplicationContext restarted =
          new SpringApplicationBuilder(EnvironmentServiceApplication.class)
              .initializers(new AsTheChartDeploysIt())
              .properties(TIMINGS.split("\n"))
              .properties("server.port=0")
              .run()) {
        Thread.sleep(5000);
        assertThat(events.seen().stream().filter(r -> "hana/kept".equals(r.key())).count())
            .as("no event: the READY cluster it finds is the one it made")
            .isEqualTo(before);
        assertThat(cluster("hana", "kept").getMetadata().getUid()).isEqualTo(clusterUid);
        assertThat(pods("hana", "kept").stream().map(p -> p.getMetadata().getUid()).toList())
            .containsExactlyInAnyOrderElementsOf(podUids);

        delete("hana", "kept");
        events.await(event("hana/kept", "deleted"), Duration.ofSeconds(60));
      }
    }
  }

  @Test
  void requestBeyondTheUsersQuotaIsRejectedNamingTheLimit() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("gus", "huge", 100);

      var rejected = events.await(event("gus/huge", "rejected"));
      assertThat(TopicProbe.value(rejected))
          .contains("\"field\":\"workers\"")
          .contains("at most 8 workers per user (would be 100)");
      assertThat(cluster("gus", "huge")).isNull();
    }
  }

  @Test
  void environmentsTopicDeadLettersMalformedRecordsAndKeepsTheNextRequest() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.environment-requests",
        "io.trainyard.environment.requested.v1",
        "hal/default",
        "{\"owner\":\"hal\",\"name\":\"default\",\"workers\":1,\"workerCpu\":1,"
            + "\"workerMemoryGi\":2,\"gpusPerWorker\":0}",
        "hal-default-requested",
        "environment-service");

    await().atMost(Duration.ofSeconds(20)).until(() -> status("hal", "default") != null);
  }

  @Test
  void jobsTopicDeadLettersMalformedRecordsAndRemembersWhereTheNextJobRuns() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.jobs",
        "io.trainyard.job.submitted.v1",
        "env-dlq-job",
        """
        {"jobId":"env-dlq-job","owner":"ada","environment":"default","template":"digits-mlp",
         "hyperparameters":{},"workers":1,
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}
        """,
        "env-dlq-job-submitted",
        "environment-service");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM environment_jobs WHERE job_id = 'env-dlq-job'")
                        .query(Long.class)
                        .single()
                    == 1);
  }

  @Test
  void deletingAMissingEnvironmentSucceeds() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      delete("ivy", "nothing");

      var deleted = events.await(event("ivy/nothing", "deleted"));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"user\"");
    }
  }

  private String status(String owner, String name) {
    return jdbc.sql("SELECT status FROM environments WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
