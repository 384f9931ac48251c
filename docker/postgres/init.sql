-- One database per service: they share no table.
CREATE DATABASE trainyard_gateway;
CREATE DATABASE trainyard_environments;
CREATE DATABASE trainyard_jobs;
CREATE DATABASE mlflow;
