package io.trainyard.tracking.domain;

import java.util.List;

/** Outputs per input; for a classifier also the most likely class of each. */
public record Prediction(String name, int version, List<float[]> outputs, List<Integer> classes) {}
