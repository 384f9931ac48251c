package io.trainyard.contracts.job;

/** What each training worker asks of its environment. */
public record Resources(double cpuPerWorker, double memoryGiPerWorker, int gpusPerWorker) {}
