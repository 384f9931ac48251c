"""Loads a registered model with MLflow's own Python client and predicts one digit."""
import sys

import mlflow
import mlflow.pytorch
import torch

mlflow.set_tracking_uri(sys.argv[1])
model = mlflow.pytorch.load_model(sys.argv[2])
print("prediction shape", tuple(model(torch.zeros(1, 64)).shape))
