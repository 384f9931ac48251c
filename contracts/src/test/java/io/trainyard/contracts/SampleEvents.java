package io.trainyard.contracts;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRejected;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.intake.IntakeAnswered;
import io.trainyard.contracts.intake.IntakeRequested;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobCancelRequested;
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
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialPromoted;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.ModelRegistrationFailed;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.contracts.tracking.SweepRunCreated;
import io.trainyard.contracts.user.UserSignedUp;
import java.util.List;
import java.util.Map;

/** One valid instance of every catalogue type. */
final class SampleEvents {

  static final String SHA = "a".repeat(64);

  static List<TrainyardEvent> all() {
    return List.of(
        new EnvironmentRequested("ada", "default", 2, 1, 2, 0),
        new EnvironmentRejected("ada", "default", "workers", "at most 4 workers per user"),
        new EnvironmentProvisioning("ada", "default", "0/1 nodes are available: Insufficient cpu"),
        new EnvironmentReady("ada", "default", "http://h:8265", "http://h:8265/api/jobs/", 2),
        new EnvironmentFailed("ada", "default", "image pull failed"),
        new EnvironmentDeleteRequested("ada", "default"),
        new EnvironmentDeleted("ada", "default", EnvironmentDeleted.Reason.IDLE),
        new JobSubmitted(
            "j-1",
            "ada",
            "default",
            "digits-mlp",
            null,
            new FileRef("file:///blobs/d.csv", "d.csv", 10, SHA),
            Map.of("epochs", 5, "learningRate", 0.001),
            2,
            new Resources(1, 2, 0)),
        new JobRejected("j-1", "ada", "template", "unknown template 'x'"),
        new JobQueued("j-1", "ada", "default", 0),
        new JobStarted("j-1", "ada", 1, Executor.RAY, "j-1-1", "run1"),
        new JobProgressed("j-1", "ada", 1, 2, 5, 120, Map.of("loss", 0.3)),
        new JobPaused("j-1", "ada", 1, 3, 9, "paused at epoch 3 of 9: its sweep compares trials"),
        new JobResumed("j-1", "ada", 2, 9, "promoted at epoch 3: accuracy 0.9, in the top 1 of 3"),
        new JobSucceeded("j-1", "ada", 1, Map.of("accuracy", 0.97), "runs:/run1/model"),
        new JobFailed("j-1", "ada", 1, "Traceback ...", false),
        new JobCancelRequested("j-1", "ada"),
        new JobCancelled("j-1", "ada", 1, "cancelled by ada"),
        new SweepRequested(
            "s-1",
            "ada",
            "default",
            "digits-mlp",
            null,
            null,
            Map.of("epochs", 9),
            Map.of("learningRate", Map.of("logUniform", List.of(1e-4, 1e-1))),
            SweepRequested.RANDOM,
            6,
            7L,
            2,
            "accuracy",
            "max",
            new SweepRequested.EarlyStopping(1, 3),
            1,
            new Resources(1, 1, 0),
            null),
        new SweepRejected("s-1", "ada", "space.depth", "digits-mlp has no hyperparameter depth"),
        new TrialStarted("s-1", "ada", 1, "s-1-t1", Map.of("learningRate", 0.01)),
        new TrialPromoted(
            "s-1",
            "ada",
            2,
            "s-1-t2",
            3,
            0.9,
            9,
            "promoted at epoch 3: accuracy 0.9, in the top 1 of 3"),
        new TrialStopped(
            "s-1",
            "ada",
            1,
            "s-1-t1",
            3,
            0.75,
            "stopped early at epoch 3: accuracy 0.75, rung cut 0.8"),
        new SweepCancelRequested("s-1", "ada"),
        new SweepCompleted(
            "s-1",
            "ada",
            SweepCompleted.SUCCEEDED,
            null,
            2,
            "s-1-t2",
            0.97,
            Map.of("learningRate", 0.003)),
        new JobLogsAppended("j-1", "ada", 1, 0, List.of("epoch 1", "epoch 2")),
        new RunCreated("j-1", "ada", "1", "run1"),
        new SweepRunCreated("s-1", "ada", "1", "run0"),
        new ModelRegistered("j-1", "ada", "ada-digits-mlp", 3, List.of("latest", "champion")),
        new ModelRegistrationFailed("j-1", "ada", "model answers shape [1, 3], expected [1, 10]"),
        new UserSignedUp("ada"),
        new IntakeRequested(
            "r-1",
            "acme",
            "ada",
            "ty_secret",
            IntakeRequested.SUBMIT_JOB,
            new IntakeRequested.Job("default", "digits-mlp", 1, Map.of("epochs", 1), null),
            null,
            null),
        new IntakeAnswered("r-1", "acme", true, 202, "j-1", null, null, null));
  }

  private SampleEvents() {}
}
