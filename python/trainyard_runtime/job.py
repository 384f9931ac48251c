"""The Ray job entrypoint job-service submits: `python -m trainyard_runtime.job`.

Reads trainyard_job.json from the working directory job-service uploaded, trains, and exits with
0 on success (its last line TRAINYARD_DONE, or TRAINYARD_PAUSED {"epoch", "epochs"} when the spec's
pauseAtEpoch ended it before its last epoch), 1 when the job itself is wrong (its traceback is the
last thing in the log, or the line of the stop rule that ended it: TRAINYARD_STOPPED
{"reason": ...}), or INFRASTRUCTURE (75) when the cluster failed under it, so that job-service
retries from the last checkpoint instead of failing the job.
"""
import json
import os
import sys
import traceback

INFRASTRUCTURE = 75
SPEC = "trainyard_job.json"
INFRASTRUCTURE_ERRORS = ("RayActorError", "ActorDiedError", "ActorUnavailableError", "NodeDiedError",
                         "ObjectLostError", "OwnerDiedError", "RaySystemError", "WorkerCrashedError",
                         "LocalRayletDiedError", "GetTimeoutError", "OutOfMemoryError")


def causes(error):
    """The error, what it wraps, and the errors Ray Train collected from its workers."""
    seen, todo = [], [error]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [e.__cause__, e.__context__]
        for attribute in ("worker_failures", "errors"):
            found = getattr(e, attribute, None)
            if isinstance(found, dict):
                todo += list(found.values())
            elif isinstance(found, (list, tuple)):
                todo += list(found)
    return seen


def infrastructure(error) -> bool:
    return any(type(e).__name__ in INFRASTRUCTURE_ERRORS for e in causes(error))


def stop_reason(error):
    """The reason of a stop rule (see train.NonFiniteLoss) among the causes, however Ray wrapped it."""
    from .train import NonFiniteLoss
    for e in causes(error):
        found = NonFiniteLoss.PATTERN.search(str(e))
        if found:
            return found.group(0)
    return None


def main() -> int:
    with open(SPEC) as f:
        spec = json.load(f)
    here = os.getcwd()
    local = lambda p: os.path.join(here, p) if p else None
    from . import progress, train

    epochs = train.epochs_of(spec.get("hyperparameters", {}))
    pause = spec.get("pauseAtEpoch")
    pause = int(pause) if pause is not None and int(pause) < epochs else None
    try:
        result = train.run(
            spec.get("template"), spec.get("hyperparameters", {}), int(spec["workers"]),
            storage_path=spec["storagePath"], name=spec["jobId"],
            mlflow_tracking_uri=os.environ.get("MLFLOW_TRACKING_URI"),
            mlflow_run_id=os.environ.get("TRAINYARD_MLFLOW_RUN_ID"),
            code_path=local(spec.get("codePath")), data_path=local(spec.get("dataPath")),
            cpus_per_worker=float(spec.get("cpusPerWorker", 1)),
            gpus_per_worker=int(spec.get("gpusPerWorker", 0)),
            progress_every_steps=int(spec.get("progressEverySteps", 0)),
            pause_at_epoch=pause)
        if result.error is not None:
            raise result.error
    except Exception as error:  # noqa: BLE001 - every failure ends the job; its kind decides the code
        traceback.print_exc()
        if infrastructure(error):
            print(f"TRAINYARD_INFRASTRUCTURE_FAILURE {type(error).__name__}", flush=True)
            return INFRASTRUCTURE
        reason = stop_reason(error)
        if reason:
            print(progress.stopped(reason), flush=True)
        return 1
    if pause is not None:
        print(progress.paused(train.checkpoint_epoch(result), epochs), flush=True)
        return 0
    print("TRAINYARD_DONE " + json.dumps({"metrics": result.metrics}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
