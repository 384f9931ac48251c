"""Template and own-code tasks without Ray: shapes, units and the errors a user sees."""
import pytest
import torch

from trainyard_runtime import own_code, templates


@pytest.mark.parametrize("template,shape", [("digits-mlp", (64,)), ("digits-cnn", (1, 8, 8)),
                                            ("tabular-regression", (10,)), ("sequence-lstm", (30, 1))])
def test_each_template_builds_a_scriptable_model_for_its_declared_input(template, shape):
    task = templates.task(template, {})
    train_set, test_set = task.datasets()

    model = torch.jit.script(task.build({}, task.input_shape, task.outputs))

    assert task.input_shape == shape
    assert tuple(train_set[0][0].shape) == shape
    assert len(test_set) > 0
    assert model(torch.zeros(2, *shape)).shape[0] == 2


def test_digits_held_out_set_is_a_fifth_and_never_in_training():
    train_set, test_set = templates.task("digits-mlp", {}).datasets()
    assert len(test_set) == 360 and len(train_set) == 1437


def test_a_csv_without_the_target_column_names_the_column_and_the_ones_it_has(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="targetColumn 'price'.*a, b"):
        templates.task("tabular-regression", {"targetColumn": "price"}, str(data))


def test_own_code_without_build_model_is_refused_by_name(tmp_path):
    code = tmp_path / "model.py"
    code.write_text("x = 1\n")
    with pytest.raises(ValueError, match="build_model"):
        own_code.task(str(code), {})


def test_own_code_in_a_directory_is_entered_through_model_py(tmp_path):
    (tmp_path / "model.py").write_text(
        "import torch\nTASK = 'classification'\n"
        "def build_model(config, input_shape, outputs):\n    return torch.nn.Linear(input_shape[0], outputs)\n")
    task = own_code.task(str(tmp_path), {})
    assert task.input_shape == (64,) and task.outputs == 10


@pytest.mark.parametrize("template", ["digits-mlp", "digits-cnn"])
def test_the_modules_shipped_for_djl_are_the_templates_models(template):
    """job-service ships `python -m trainyard_runtime.export` output: re-export after a model change."""
    import pathlib
    shipped = torch.jit.load(str(pathlib.Path(__file__).parents[2] / "job-service/src/main/resources/djl" / f"{template}.pt"))
    task = templates.task(template, {})
    model = task.build(dict(templates.DEFAULTS), task.input_shape, task.outputs)
    assert [tuple(p.shape) for p in shipped.parameters()] == [tuple(p.shape) for p in model.parameters()]
