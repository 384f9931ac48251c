"""Structured progress lines: job-service turns each into a `progressed` event."""
import json
import sys

PREFIX = "TRAINYARD_PROGRESS "
# The last line of a job that a stop rule ended: job-service takes its reason as the job's.
STOPPED = "TRAINYARD_STOPPED "
# The last line of an attempt that stopped where it was asked to pause (a sweep's rung): job-service
# keeps the job, which a later attempt resumes from the checkpoint of that epoch.
PAUSED = "TRAINYARD_PAUSED "


def line(epoch: int, epochs: int, step: int, metrics: dict) -> str:
    body = {"epoch": epoch, "epochs": epochs, "step": step,
            "metrics": {k: float(v) for k, v in metrics.items()}}
    return PREFIX + json.dumps(body, sort_keys=True)


def stopped(reason: str) -> str:
    return STOPPED + json.dumps({"reason": reason})


def paused(epoch: int, epochs: int) -> str:
    return PAUSED + json.dumps({"epoch": epoch, "epochs": epochs}, sort_keys=True)


def emit(epoch: int, epochs: int, step: int, metrics: dict) -> None:
    print(line(epoch, epochs, step, metrics), file=sys.stdout, flush=True)


def parse(text: str):
    """The progress in a log line, or None for any other line. Ray prefixes lines that workers
    print with the worker's name, e.g. "(RayTrainWorker pid=12) TRAINYARD_PROGRESS {...}"."""
    at = text.find(PREFIX)
    if at < 0:
        return None
    return json.loads(text[at + len(PREFIX):])
