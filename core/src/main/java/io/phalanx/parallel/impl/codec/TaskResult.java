package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reply body to a {@code Task} request: the task's result in its JSON form, read into the task's result type by
 * the client that knows the task class.
 */
public record TaskResult(JsonNode json) {
}
