"""Starts MLflow with Trainyard's auth.ini; MLFLOW_AUTH_DATABASE_URI, when set, says where its
user store is (MLflow reads that address from the ini file alone, never from the environment)."""
import configparser
import os
import sys

CONFIG = "/etc/mlflow/auth.ini"
uri = os.environ.get("MLFLOW_AUTH_DATABASE_URI")
os.environ.setdefault("MLFLOW_AUTH_CONFIG_PATH", CONFIG)
if uri:
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG)
    config["mlflow"]["database_uri"] = uri
    with open("/tmp/auth.ini", "w") as out:
        config.write(out)
    os.environ["MLFLOW_AUTH_CONFIG_PATH"] = "/tmp/auth.ini"
os.execvp("mlflow", ["mlflow", *sys.argv[1:]])
