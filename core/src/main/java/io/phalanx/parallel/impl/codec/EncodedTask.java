package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task that arrived from another JVM of the cluster: its class name and JSON arguments, never instantiated in the
 * parent. The supervisor checks the class and forwards the arguments to a worker as they are.
 */
public record EncodedTask(String className, JsonNode args) {
}
