package io.phalanx.parallel.impl.unitfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * A task Jackson can write but not read back. {@code getLabel()} has no field, setter or creator parameter behind it,
 * so Jackson writes {@code {"label":"fixed"}}; reading that back, the property {@code label} has no mutator, and with
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} (on by default) Jackson refuses it as an unrecognized field.
 * <p>
 * (A private final field with a getter would not do: Jackson infers the field as the property's mutator and sets it
 * by reflection, so that class round-trips.)
 */
public class ReadOnlyProperty implements Task<String> {

  public ReadOnlyProperty() {
  }

  public String getLabel() {
    return "fixed";
  }

  @Override
  public String run(TaskScope scope) {
    return getLabel();
  }
}
