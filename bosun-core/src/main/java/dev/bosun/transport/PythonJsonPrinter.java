package dev.bosun.transport;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.PrettyPrinter;

/**
 * Writes JSON with the separators of Python's {@code json.dumps} defaults: {@code ", "} between
 * entries and {@code ": "} between a name and its value, no other whitespace. Stateless, so one
 * instance serves every generator.
 */
final class PythonJsonPrinter implements PrettyPrinter {
  static final PythonJsonPrinter INSTANCE = new PythonJsonPrinter();

  private PythonJsonPrinter() {}

  @Override
  public void writeRootValueSeparator(JsonGenerator g) {}

  @Override
  public void writeStartObject(JsonGenerator g) {
    g.writeRaw('{');
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) {
    g.writeRaw('}');
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) {
    g.writeRaw(", ");
  }

  @Override
  public void writeObjectNameValueSeparator(JsonGenerator g) {
    g.writeRaw(": ");
  }

  @Override
  public void writeStartArray(JsonGenerator g) {
    g.writeRaw('[');
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) {
    g.writeRaw(']');
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) {
    g.writeRaw(", ");
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) {}

  @Override
  public void beforeObjectEntries(JsonGenerator g) {}
}
