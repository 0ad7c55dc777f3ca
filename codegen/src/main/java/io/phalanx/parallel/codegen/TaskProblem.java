package io.phalanx.parallel.codegen;

import javax.lang.model.element.Element;

/**
 * Why a task class cannot be sent to a worker.
 *
 * @param element where to point the diagnostic: the class itself, or the field or record component at fault
 * @param message the shared message from {@code TaskTypeRules}, formatted as the run-time check formats it
 */
record TaskProblem(Element element, String message) {
}
