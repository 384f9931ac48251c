from trainyard_runtime import progress


def test_a_progress_line_round_trips():
    text = progress.line(2, 5, 40, {"loss": 0.5, "accuracy": 0.9})
    assert progress.parse(text) == {"epoch": 2, "epochs": 5, "step": 40,
                                    "metrics": {"accuracy": 0.9, "loss": 0.5}}


def test_other_log_lines_are_not_progress():
    assert progress.parse("Epoch 2: loss 0.5") is None


def test_a_line_forwarded_from_a_ray_worker_is_still_read():
    text = "(RayTrainWorker pid=4242) " + progress.line(1, 3, 10, {"loss": 1.0})
    assert progress.parse(text)["epoch"] == 1
