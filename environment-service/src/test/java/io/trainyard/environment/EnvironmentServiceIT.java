package io.trainyard.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.adapters.k8s.RayCluster;
import io.trainyard.environment.adapters.k8s.TestKubeRayController;
import io.trainyard.testsupport.DeadLetterChecks;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.TopicProbe;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * environment-service on the Kubernetes provisioner, against the fabric8 mock API server in CRUD
 * mode with the KubeRay CRD registered, and a test controller playing KubeRay. Kafka and PostgreSQL
 * are real.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
@EnableKubernetesMockClient(crud = true)
@SpringBootTest(
    properties = {
      "trainyard.environments.provisioner=kubernetes",
      "trainyard.environments.reconcile-interval=300ms",
      "trainyard.environments.provisioning-timeout=8s",
      "trainyard.environments.idle-timeout=6s"
    })
class EnvironmentServiceIT {

  static KubernetesClient client;
  static TestKubeRayController kubeRay;

  @Autowired JdbcClient jdbc;

  @TestConfiguration
  static class MockApiServer {
    @Bean
    @Primary
    KubernetesClient mockKubernetesClient() {
      return client;
    }
  }

  @BeforeAll
  static void registerCrdAndStartController() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    EnvironmentServiceIT.class.getResourceAsStream("/rayclusters.ray.io.yaml"),
                    CustomResourceDefinition.class))
        .create();
    kubeRay = new TestKubeRayController(client);
  }

  @AfterAll
  static void stopController() {
    kubeRay.close();
  }

  static void request(String owner, String name, int workers) {
    TopicProbe.send(
        "trainyard.environment-requests",
        owner + "/" + name,
        TopicProbe.cloudEventHeaders(
            owner + "-" + name + "-" + System.nanoTime(), "io.trainyard.environment.requested.v1"),
        ("{\"owner\":\"%s\",\"name\":\"%s\",\"workers\":%d,\"workerCpu\":1,"
                + "\"workerMemoryGi\":2,\"gpusPerWorker\":0}")
            .formatted(owner, name, workers)
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

  RayCluster cluster(String owner, String name) {
    return client
        .resources(RayCluster.class)
        .inNamespace(KubernetesNames.namespace("ty-", owner))
        .withName(name)
        .get();
  }

  @Test
  void requestedEnvironmentBecomesAKubeRayClusterAndReportsReadyWithItsJobsApi() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("Ada.L", "alpha", 2);

      events.await(event("Ada.L/alpha", "provisioning"));
      var ready = events.await(event("Ada.L/alpha", "ready"));
      assertThat(
              events.seen().stream()
                  .filter(r -> "Ada.L/alpha".equals(r.key()))
                  .map(r -> TopicProbe.header(r, "ce_type"))
                  .findFirst())
          .as("the request it took, recorded first by its one writer")
          .contains("io.trainyard.environment.requested.v1");
      String ns = KubernetesNames.namespace("ty-", "Ada.L");
      assertThat(TopicProbe.value(ready))
          .contains("\"dashboardUrl\":\"http://alpha-head-svc." + ns + ".svc.cluster.local:8265\"")
          .contains(
              "\"jobsApiUrl\":\"http://alpha-head-svc."
                  + ns
                  + ".svc.cluster.local:8265/api/jobs/\"")
          .contains("\"workers\":2");
      assertThat(cluster("Ada.L", "alpha").getSpec().workerGroupSpecs.get(0).replicas).isEqualTo(2);
      assertThat(client.namespaces().withName(ns).get()).isNotNull();
      assertThat(client.resourceQuotas().inNamespace(ns).withName("trainyard-user-quota").get())
          .isNotNull();
      assertThat(client.limitRanges().inNamespace(ns).withName("trainyard-defaults").get())
          .isNotNull();
      assertThat(
              client
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace(ns)
                  .withName("trainyard-tenant")
                  .get())
          .isNotNull();
      var token =
          client.secrets().inNamespace(ns).withName(KubernetesNames.tokenSecret("alpha")).get();
      assertThat(token).as("the cluster's token Secret").isNotNull();
      String value =
          token.getStringData() != null
              ? token.getStringData().get("auth_token")
              : new String(java.util.Base64.getDecoder().decode(token.getData().get("auth_token")));
      assertThat(value).hasSizeGreaterThanOrEqualTo(40);
    }
  }

  @Test
  void sameRequestTwiceMakesOneClusterAndMoreWorkersPatchIt() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("bob", "twice", 1);
      request("bob", "twice", 1);
      events.await(event("bob/twice", "ready"));
      assertThat(client.resources(RayCluster.class).inAnyNamespace().list().getItems())
          .filteredOn(c -> c.getMetadata().getName().equals("twice"))
          .hasSize(1);

      request("bob", "twice", 3);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> cluster("bob", "twice").getSpec().workerGroupSpecs.get(0).replicas == 3);
    }
  }

  @Test
  void stalledProvisioningReportsTheSchedulersReasonThenFailsAfterTheDeadline() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("carol", "stuck-1", 1);

      var stalled =
          events.await(
              r ->
                  event("carol/stuck-1", "provisioning").test(r)
                      && TopicProbe.value(r).contains("Unschedulable"));
      assertThat(TopicProbe.value(stalled))
          .contains("0/3 nodes are available: 3 Insufficient cpu.");
      var failed = events.await(event("carol/stuck-1", "failed"), Duration.ofSeconds(40));
      assertThat(TopicProbe.value(failed))
          .contains("not ready after 8 s")
          .contains("Insufficient cpu");
      var deleted = events.await(event("carol/stuck-1", "deleted"));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"failure\"");
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster("carol", "stuck-1") == null);
    }
  }

  @Test
  void deletingRemovesTheClusterAndSaysWhoAsked() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("dave", "gone", 1);
      events.await(event("dave/gone", "ready"));

      delete("dave", "gone");

      var deleted = events.await(event("dave/gone", "deleted"));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"user\"");
      assertThat(cluster("dave", "gone")).isNull();
      assertThat(
              client
                  .secrets()
                  .inNamespace(KubernetesNames.namespace("ty-", "dave"))
                  .withName(KubernetesNames.tokenSecret("gone"))
                  .get())
          .as("the token goes with its cluster")
          .isNull();
    }
  }

  @Test
  void idleEnvironmentIsDeletedButOneWithARunningJobIsKept() throws Exception {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("erin", "idle", 1);
      request("erin", "busy", 1);
      events.await(event("erin/busy", "ready"));
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

      var deleted = events.await(event("erin/idle", "deleted"), Duration.ofSeconds(40));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"idle\"");
      Thread.sleep(7000);
      assertThat(events.seen()).noneMatch(event("erin/busy", "deleted"));
      assertThat(cluster("erin", "busy")).isNotNull();
    }
  }

  @Test
  void aForgottenClusterIsRecreatedAndALeakedOneRemoved() {
    try (TopicProbe events = new TopicProbe("trainyard.environments")) {
      request("fay", "kept", 1);
      events.await(event("fay/kept", "ready"));
      RayCluster leaked = cluster("fay", "kept");
      leaked.getMetadata().setName("leaked");
      leaked.getMetadata().setResourceVersion(null);
      leaked.getMetadata().setUid(null);
      leaked.setStatus(null);

      client.resources(RayCluster.class).resource(cluster("fay", "kept")).delete();
      client.resources(RayCluster.class).resource(leaked).create();

      events.await(
          r ->
              event("fay/kept", "provisioning").test(r)
                  && TopicProbe.value(r).contains("the cluster was gone"));
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster("fay", "kept") != null);
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster("fay", "leaked") == null);
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
