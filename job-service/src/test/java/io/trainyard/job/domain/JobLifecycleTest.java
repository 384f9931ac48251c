package io.trainyard.job.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.job.domain.AttemptStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final JobLifecycle lifecycle =
      new JobLifecycle(clock, 2, Duration.ofSeconds(20), Duration.ofMinutes(2));
  private final SubmissionCheck check = new SubmissionCheck(new NoUploads(), 8);
  private final EnvironmentView ready =
      new EnvironmentView("ada", "default", true, "http://127.0.0.1:8265/api/jobs/", 2);

  private static JobSubmitted submission(String id) {
    return new JobSubmitted(
        id, "ada", "default", "digits-mlp", null, null, Map.of(), 2, new Resources(1, 2, 0));
  }

  private Job queued(String id) {
    return lifecycle
        .submitted(Optional.empty(), submission(id), Optional.empty(), null)
        .job()
        .get();
  }

  private Job running(String id) {
    return started(lifecycle.runCreated(Optional.of(queued(id)), "run-" + id).job().get());
  }

  private Job started(Job queued) {
    Job starting =
        lifecycle.schedule(Optional.of(ready), List.of(queued), check).get(0).job().get();
    return lifecycle.running(starting).job().get();
  }

  /** A trial's job, whose first attempt pauses after epoch 1. */
  private Job pausingAfterOne(String id) {
    Job queued =
        lifecycle.submitted(Optional.empty(), submission(id), Optional.empty(), 1).job().get();
    return started(lifecycle.runCreated(Optional.of(queued), "run-" + id).job().get());
  }

  @Test
  void anAcceptedSubmissionWaitsInTheQueueForItsFirstAttempt() {
    Job job = queued("j-1");

    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.attempt().number()).isEqualTo(1);
    assertThat(job.submittedAt()).isEqualTo(now.get());
  }

  @Test
  void aSecondSubmissionWithTheSameIdHasNoEffect() {
    assertThat(
            lifecycle.submitted(
                Optional.of(queued("j-1")), submission("j-1"), Optional.empty(), null))
        .isEqualTo(Transition.none());
  }

  @Test
  void aWrongSubmissionIsRejectedNamingTheField() {
    Transition t =
        lifecycle.submitted(
            Optional.empty(),
            submission("j-1"),
            Optional.of(new Rejection("hyperparameters.epochs", "must be at most 200")),
            null);

    assertThat(t.job().get().status()).isEqualTo(JobStatus.REJECTED);
    assertThat(t.events())
        .containsExactly(
            new JobRejected("j-1", "ada", "hyperparameters.epochs", "must be at most 200"));
  }

  @Test
  void theOldestQueuedJobWithARunStartsWhenItsEnvironmentIsReadyAndIdle() {
    Job first = lifecycle.runCreated(Optional.of(queued("a")), "run-a").job().get();
    now.set(now.get().plusSeconds(1));
    Job second = lifecycle.runCreated(Optional.of(queued("b")), "run-b").job().get();

    List<Transition> plan = lifecycle.schedule(Optional.of(ready), List.of(second, first), check);

    assertThat(plan.get(0).job().get().status()).isEqualTo(JobStatus.STARTING);
    assertThat(plan.get(0).job().get().attempt().submissionId()).isEqualTo("a-1");
    assertThat(plan.get(1).events()).containsExactly(new JobQueued("b", "ada", "default", 0));
  }

  @Test
  void whileTheEnvironmentIsBusyJobsWaitAndLearnTheirPositionOnce() {
    Job busy = running("a");
    Job waiting = lifecycle.runCreated(Optional.of(queued("b")), "run-b").job().get();

    List<Transition> plan = lifecycle.schedule(Optional.of(ready), List.of(busy, waiting), check);
    Job told = plan.get(0).job().get();

    assertThat(told.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(plan.get(0).events()).containsExactly(new JobQueued("b", "ada", "default", 0));
    assertThat(lifecycle.schedule(Optional.of(ready), List.of(busy, told), check)).isEmpty();
  }

  @Test
  void jobsShareTheEnvironmentsWorkersInOrderAndOneThatDoesNotFitHoldsTheQueue() {
    var four = new EnvironmentView("ada", "default", true, "http://127.0.0.1:8265/api/jobs/", 4);
    Job busy = running("a");
    List<Job> waiting = new java.util.ArrayList<>();
    for (String id : List.of("b", "c", "d")) {
      now.set(now.get().plusSeconds(1));
      JobSubmitted one =
          new JobSubmitted(
              id,
              "ada",
              "default",
              "digits-mlp",
              null,
              null,
              Map.of(),
              "c".equals(id) ? 2 : 1,
              new Resources(1, 2, 0));
      Job queued = lifecycle.submitted(Optional.empty(), one, Optional.empty(), null).job().get();
      waiting.add(lifecycle.runCreated(Optional.of(queued), "run-" + id).job().get());
    }
    List<Job> all = new java.util.ArrayList<>(waiting);
    all.add(busy);

    List<Transition> plan = lifecycle.schedule(Optional.of(four), all, check);

    // a holds 2 of 4 workers: b (1) starts, c (2) does not fit beside them, and d waits behind c.
    assertThat(plan)
        .extracting(t -> t.job().get().id() + ":" + t.job().get().status())
        .containsExactly("b:STARTING", "c:QUEUED", "d:QUEUED");
  }

  @Test
  void aJobWhoseLostAttemptIsStillBeingStoppedDoesNotStartEvenWithWorkersFree() {
    var four = new EnvironmentView("ada", "default", true, "http://127.0.0.1:8265/api/jobs/", 4);
    Job lost = lifecycle.lost(running("a"), "the cluster restarted").job().get();
    assertThat(lost.attempt().previous()).isEqualTo("a-1");

    assertThat(lifecycle.schedule(Optional.of(four), List.of(lost), check))
        .noneMatch(t -> t.job().get().status() == JobStatus.STARTING);
    Job stopped = lifecycle.previousStopped(lost).job().get();
    assertThat(lifecycle.schedule(Optional.of(four), List.of(stopped), check))
        .extracting(t -> t.job().get().status())
        .containsExactly(JobStatus.STARTING);
  }

  @Test
  void nothingStartsInAnEnvironmentThatIsNotReady() {
    Job job = lifecycle.runCreated(Optional.of(queued("a")), "run-a").job().get();
    var provisioning = new EnvironmentView("ada", "default", false, null, 0);

    List<Transition> plan = lifecycle.schedule(Optional.of(provisioning), List.of(job), check);

    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).job().get().status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void aJobAskingMoreWorkersThanItsEnvironmentHasIsRejectedWhenItWouldStart() {
    Job job = lifecycle.runCreated(Optional.of(queued("a")), "run-a").job().get();
    var small = new EnvironmentView("ada", "default", true, "http://x/api/jobs/", 1);

    Transition t = lifecycle.schedule(Optional.of(small), List.of(job), check).get(0);

    assertThat(t.job().get().status()).isEqualTo(JobStatus.REJECTED);
    assertThat(((JobRejected) t.events().get(0)).field()).isEqualTo("workers");
  }

  @Test
  void newLogLinesBecomeLogEventsAndEachNewStepOneProgressEvent() {
    Job job = running("a");
    String progress =
        "(RayTrainWorker pid=1) TRAINYARD_PROGRESS {\"epoch\": 1, \"epochs\": 2, \"step\": 23,"
            + " \"metrics\": {\"accuracy\": 0.9, \"loss\": 0.3}}";

    Transition t = lifecycle.output(job, List.of("starting", progress, progress));

    assertThat(t.events())
        .containsExactly(
            new JobLogsAppended("a", "ada", 1, 0, List.of("starting", progress, progress)),
            new JobProgressed("a", "ada", 1, 1, 2, 23, Map.of("accuracy", 0.9, "loss", 0.3)));
    Job after = t.job().get();
    assertThat(after.attempt().logLines()).isEqualTo(3);
    assertThat(lifecycle.output(after, List.of())).isEqualTo(Transition.none());
    assertThat(lifecycle.output(after, List.of("half a line")).events())
        .containsExactly(new JobLogsAppended("a", "ada", 1, 3, List.of("half a line")));
  }

  @Test
  void anAttemptThatEndedEndsTheJobOnlyOnceItsLogIsReadToTheEnd() {
    Job job = running("a");

    Transition partly =
        lifecycle.observed(
            job, AttemptStatus.of(State.SUCCEEDED), new LogRead(List.of("epoch 1"), true));
    assertThat(partly.job().get().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(partly.events()).noneMatch(JobSucceeded.class::isInstance);

    Transition rest =
        lifecycle.observed(
            partly.job().get(), AttemptStatus.of(State.SUCCEEDED), read("epoch 2\n"));
    assertThat(rest.job().get().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(rest.events().get(0))
        .isEqualTo(new JobLogsAppended("a", "ada", 1, 1, List.of("epoch 2")));
  }

  @Test
  void aLostAttemptsNextWaitsUntilTheLostOneIsSeenStoppedAndNothingElseStartsMeanwhile() {
    Job lost =
        lifecycle
            .observed(running("a"), AttemptStatus.of(State.NOT_FOUND), LogRead.none())
            .job()
            .get();
    Job other = lifecycle.runCreated(Optional.of(queued("b")), "run-b").job().get();

    assertThat(lost.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(lost.attempt().previous()).isEqualTo("a-1");
    assertThat(lifecycle.schedule(Optional.of(ready), List.of(lost, other), check))
        .allMatch(t -> t.job().get().status() == JobStatus.QUEUED);

    Job free = lifecycle.previousStopped(lost).job().get();
    assertThat(free.attempt().previous()).isNull();
    Transition next = lifecycle.schedule(Optional.of(ready), List.of(free, other), check).get(0);
    assertThat(next.job().get().id()).isEqualTo("a");
    assertThat(next.job().get().attempt().submissionId()).isEqualTo("a-2");
    assertThat(lifecycle.previousStopped(free)).isEqualTo(Transition.none());
  }

  @Test
  void aSucceededAttemptReportsTheLastMetricsAndTheModelInTheRun() {
    Job job = running("a");
    String log =
        "TRAINYARD_PROGRESS {\"epoch\": 2, \"epochs\": 2, \"step\": 46,"
            + " \"metrics\": {\"accuracy\": 0.97}}\n";

    Transition t = lifecycle.observed(job, AttemptStatus.of(State.SUCCEEDED), read(log));

    assertThat(t.job().get().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(t.events())
        .last()
        .isEqualTo(new JobSucceeded("a", "ada", 1, Map.of("accuracy", 0.97), "runs:/run-a/model"));
  }

  @Test
  void aStartingJobSeenRunningPublishesItsStart() {
    Job job = lifecycle.runCreated(Optional.of(queued("a")), "run-a").job().get();
    Job starting = lifecycle.schedule(Optional.of(ready), List.of(job), check).get(0).job().get();

    Transition t = lifecycle.observed(starting, AttemptStatus.of(State.RUNNING), LogRead.none());

    assertThat(t.job().get().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(t.events())
        .containsExactly(
            new JobStarted("a", "ada", 1, io.trainyard.contracts.job.Executor.RAY, "a-1", "run-a"));
  }

  @Test
  void anErrorInTheJobFailsAtOnceWithTheEndOfItsLogAsTheReason() {
    Job job = running("a");
    var failed = new AttemptStatus(State.FAILED, "Job entrypoint command failed", 1, null);

    Transition t =
        lifecycle.observed(
            job,
            failed,
            read("Traceback (most recent call last):\nRuntimeError: my model is broken\n"));

    JobFailed event = (JobFailed) t.events().get(t.events().size() - 1);
    assertThat(event.retriable()).isFalse();
    assertThat(event.reason()).contains("RuntimeError: my model is broken");
    assertThat(t.job().get().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void aJobAStopRuleEndedFailsWithTheRulesReasonAlone() {
    Job job = running("a");
    var failed = new AttemptStatus(State.FAILED, "Job entrypoint command failed", 1, null);

    Transition t =
        lifecycle.observed(
            job,
            failed,
            read(
                "(RayTrainWorker pid=7) TRAINYARD_STOPPED {\"reason\": \"forged by user code\"}\n"
                    + "Traceback (most recent call last):\nNonFiniteLoss: loss became nan\n"
                    + "TRAINYARD_STOPPED {\"reason\": \"loss became nan at epoch 3, step 120\"}\n"));

    JobFailed event = (JobFailed) t.events().get(t.events().size() - 1);
    assertThat(event.reason()).isEqualTo("stopped: loss became nan at epoch 3, step 120");
    assertThat(event.retriable()).isFalse();
  }

  private Job pausedAfterOne(String id) {
    return lifecycle
        .observed(
            pausingAfterOne(id),
            new AttemptStatus(State.SUCCEEDED, null, 0, null),
            read("TRAINYARD_PAUSED {\"epoch\": 1, \"epochs\": 9}\n"))
        .job()
        .get();
  }

  @Test
  void anAttemptAskedToPauseThatEndsWithThePauseLinePausesTheJobHoldingNoWorkers() {
    Job job = pausingAfterOne("t");
    var succeeded = new AttemptStatus(State.SUCCEEDED, null, 0, null);

    Transition t =
        lifecycle.observed(
            job,
            succeeded,
            read(
                "(RayTrainWorker pid=7) TRAINYARD_PROGRESS {\"epoch\": 1, \"epochs\": 9,"
                    + " \"step\": 45, \"metrics\": {\"accuracy\": 0.9}}\n"
                    + "TRAINYARD_PAUSED {\"epoch\": 1, \"epochs\": 9}\n"));

    Job paused = t.job().get();
    assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(t.events().get(t.events().size() - 1))
        .isEqualTo(
            new JobPaused("t", "ada", 1, 1, 9, "paused after epoch 1 of 9: waiting to be resumed"));
    assertThat(t.events()).noneMatch(JobSucceeded.class::isInstance);
    Job other = lifecycle.runCreated(Optional.of(queued("u")), "run-u").job().get();
    assertThat(lifecycle.schedule(Optional.of(ready), List.of(paused, other), check))
        .as("a paused job holds none of the environment's 2 workers")
        .singleElement()
        .satisfies(s -> assertThat(s.job().get().status()).isEqualTo(JobStatus.STARTING));
  }

  @Test
  void aResumedJobQueuesItsNextAttemptWhichTrainsToTheEndAndIsNoRetry() {
    Job paused = pausedAfterOne("t");
    assertThat(lifecycle.resumed(Optional.of(running("x")), null, "no"))
        .isEqualTo(Transition.none());

    Transition resumed = lifecycle.resumed(Optional.of(paused), null, "promoted at epoch 1");

    Job queued = resumed.job().get();
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.attempt().number()).isEqualTo(2);
    assertThat(queued.attempt().pauseAt()).isNull();
    assertThat(resumed.events())
        .containsExactly(new JobResumed("t", "ada", 2, null, "promoted at epoch 1"));
    Job second = started(queued);
    assertThat(second.attempt().submissionId()).isEqualTo("t-2");
    // With 2 attempts allowed, one lost attempt after a resume is still retried.
    var infrastructure =
        new AttemptStatus(State.FAILED, "failed", AttemptStatus.INFRASTRUCTURE_EXIT, null);
    assertThat(lifecycle.observed(second, infrastructure, read("node died\n")).job().get().status())
        .isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void aPausedJobIsCancelledAtOnceAndAPauseLineOfAJobNotAskedToPauseIsNoPause() {
    Job paused = pausedAfterOne("t");
    Transition stopped = lifecycle.stopRequested(Optional.of(paused), "stopped early at epoch 1");
    assertThat(stopped.job().get().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(stopped.events())
        .containsExactly(new JobCancelled("t", "ada", 1, "stopped early at epoch 1"));

    Transition plain =
        lifecycle.observed(
            running("a"),
            new AttemptStatus(State.SUCCEEDED, null, 0, null),
            read("TRAINYARD_PAUSED {\"epoch\": 1, \"epochs\": 9}\n"));
    assertThat(plain.job().get().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aClusterFailureQueuesTheNextAttemptUntilTheAttemptsRunOut() {
    var infrastructure =
        new AttemptStatus(State.FAILED, "failed", AttemptStatus.INFRASTRUCTURE_EXIT, null);

    Transition first = lifecycle.observed(running("a"), infrastructure, read("node died\n"));
    Job retried = first.job().get();

    assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(retried.attempt().number()).isEqualTo(2);
    assertThat(retried.attempt().submissionId()).isNull();
    assertThat(((JobFailed) first.events().get(first.events().size() - 1)).retriable()).isTrue();

    Job second =
        lifecycle
            .running(
                lifecycle
                    .schedule(
                        Optional.of(ready),
                        List.of(lifecycle.previousStopped(retried).job().get()),
                        check)
                    .get(0)
                    .job()
                    .get())
            .job()
            .get();
    assertThat(second.attempt().submissionId()).isEqualTo("a-2");
    Transition last = lifecycle.observed(second, infrastructure, read("node died again\n"));
    assertThat(last.job().get().status()).isEqualTo(JobStatus.FAILED);
    assertThat(((JobFailed) last.events().get(last.events().size() - 1)).reason())
        .startsWith("gave up after 2 attempts");
  }

  @Test
  void aSilentClusterLosesTheAttemptOnlyAfterTheGracePeriod() {
    Job job = running("a");
    AttemptStatus silent = AttemptStatus.unreachable("connection refused");

    Job marked = lifecycle.observed(job, silent, LogRead.none()).job().get();
    now.set(now.get().plusSeconds(5));
    assertThat(lifecycle.observed(marked, silent, LogRead.none())).isEqualTo(Transition.none());
    now.set(now.get().plusSeconds(20));

    Transition lost = lifecycle.observed(marked, silent, LogRead.none());
    assertThat(lost.job().get().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(lost.job().get().attempt().number()).isEqualTo(2);
  }

  @Test
  void aStartingAttemptGetsLongerToBeTakenThanARunningOneToAnswer() {
    Job job = lifecycle.runCreated(Optional.of(queued("a")), "run-a").job().get();
    Job starting = lifecycle.schedule(Optional.of(ready), List.of(job), check).get(0).job().get();

    Job marked = lifecycle.unreachable(starting, "no available agent").job().get();
    now.set(now.get().plusSeconds(60));
    assertThat(lifecycle.unreachable(marked, "no available agent")).isEqualTo(Transition.none());
    now.set(now.get().plusSeconds(61));
    assertThat(lifecycle.unreachable(marked, "no available agent").job().get().attempt().number())
        .isEqualTo(2);
  }

  @Test
  void aRunningJobWhoseRayJobVanishedIsRetried() {
    Transition t =
        lifecycle.observed(running("a"), AttemptStatus.of(State.NOT_FOUND), LogRead.none());

    assertThat(t.job().get().attempt().number()).isEqualTo(2);
  }

  @Test
  void cancellingAWaitingJobCancelsItAtOnce() {
    Transition t = lifecycle.cancelRequested(Optional.of(queued("j-1")));

    assertThat(t.job().get().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(t.events()).containsExactly(new JobCancelled("j-1", "ada", 1, "cancelled by ada"));
  }

  @Test
  void cancellingARunningJobAsksItsExecutorAndEndsWhenRayStopped() {
    Job flagged = lifecycle.cancelRequested(Optional.of(running("a"))).job().get();

    assertThat(flagged.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(flagged.state().cancelRequested()).isTrue();
    Transition t = lifecycle.observed(flagged, AttemptStatus.of(State.STOPPED), LogRead.none());
    assertThat(t.job().get().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(t.events()).containsExactly(new JobCancelled("a", "ada", 1, "cancelled by ada"));
  }

  @Test
  void cancellingAnUnknownOrFinishedJobChangesNothing() {
    Job cancelled = lifecycle.cancelRequested(Optional.of(queued("j-1"))).job().get();

    assertThat(lifecycle.cancelRequested(Optional.empty())).isEqualTo(Transition.none());
    assertThat(lifecycle.cancelRequested(Optional.of(cancelled))).isEqualTo(Transition.none());
  }

  @Test
  void aJobOfADeletedEnvironmentFailsWithThatReason() {
    Transition t = lifecycle.environmentGone(queued("j-1"), "was deleted");

    assertThat(t.job().get().status()).isEqualTo(JobStatus.FAILED);
    assertThat(t.events())
        .containsExactly(
            new JobFailed("j-1", "ada", 1, "environment 'default' was deleted", false));
  }

  @Test
  void runCreatedIsRecordedOnce() {
    Job withRun = lifecycle.runCreated(Optional.of(queued("j-1")), "run-1").job().get();

    assertThat(withRun.mlflowRunId()).isEqualTo("run-1");
    assertThat(lifecycle.runCreated(Optional.of(withRun), "run-1")).isEqualTo(Transition.none());
  }

  private static LogRead read(String log) {
    List<String> lines = new java.util.ArrayList<>(List.of(log.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return new LogRead(lines, false);
  }

  static class NoUploads implements Uploads {
    @Override
    public Optional<String> codeProblem(FileRef code) {
      return Optional.empty();
    }

    @Override
    public Optional<String> dataProblem(FileRef data) {
      return Optional.empty();
    }

    @Override
    public boolean ownedBy(FileRef ref, String owner) {
      return ref.uri().startsWith("file:///blobs/" + owner + "/");
    }
  }
}
