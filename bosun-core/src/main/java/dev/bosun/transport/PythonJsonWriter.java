package dev.bosun.transport;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.JsonNode;

/**
 * Writes a JSON tree straight to ASCII bytes the way Python's {@code json.dumps} defaults do
 * ({@code ", "} and {@code ": "} separators; {@code \}{@code b \}{@code t \}{@code n \}{@code f
 * \}{@code r}, {@code \"} and {@code \\}; every other control character, DEL and everything above
 * it as lower-case {@code \}{@code uXXXX}, one per UTF-16 unit, so surrogate pairs come out as
 * pairs), optionally <em>quoted</em>: written as the content of a JSON string, which is how the
 * inner message sits in oslo's 2.0 envelope. Quoting only doubles the {@code "} and {@code \} of
 * the inner text into {@code \"} and {@code \\}, since the inner text is pure printable ASCII.
 *
 * <p>Two passes over the tree: the first measures the exact size, the second fills one array of
 * that size, so encoding allocates the result and nothing of the payload's size besides (no
 * intermediate {@code String}, no growing buffer).
 *
 * <p>Objects, arrays, strings, booleans, null, and {@code int}/{@code long}/{@code short}/ {@code
 * BigInteger} numbers are written here; doubles and floats through Jackson's own {@link
 * NumberOutput} with the codec's setting, so the digits match what Jackson writes. Any other node
 * (big decimals, binary, POJO nodes) is written by {@code fallback}, the codec's Jackson writer,
 * whose output for a subtree is what it would write inside the whole tree.
 *
 * <p>One instance per encoding; not thread-safe.
 */
final class PythonJsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Per ASCII char: 0 plain, UNICODE for a u-escape, else the char written after the backslash. */
  private static final byte[] ESCAPES = escapes();

  private static final byte UNICODE = -1;

  private final boolean quoted;
  private final boolean fastDoubles;
  private final Function<JsonNode, String> fallback;
  private byte[] out = new byte[0]; // sized by write() after the measuring pass
  private int pos;

  private PythonJsonWriter(
      boolean quoted, boolean fastDoubles, Function<JsonNode, String> fallback) {
    this.quoted = quoted;
    this.fastDoubles = fastDoubles;
    this.fallback = fallback;
  }

  /**
   * {@code node} as Python JSON in a new array of exactly the right size, after {@code head} and
   * before {@code tail} (both copied as they are).
   *
   * @param quoted write the JSON as the content of a JSON string
   * @throws MessageFormatException if the result would not fit in an array
   */
  static byte[] write(
      JsonNode node,
      boolean quoted,
      boolean fastDoubles,
      Function<JsonNode, String> fallback,
      byte[] head,
      byte[] tail) {
    PythonJsonWriter writer = new PythonJsonWriter(quoted, fastDoubles, fallback);
    long size = head.length + writer.measure(node) + tail.length;
    if (size > Integer.MAX_VALUE - 16) {
      throw new MessageFormatException(
          "Cannot write a message of "
              + size
              + " bytes; the largest is "
              + (Integer.MAX_VALUE - 16));
    }
    writer.out = new byte[(int) size];
    System.arraycopy(head, 0, writer.out, 0, head.length);
    writer.pos = head.length;
    writer.emit(node);
    System.arraycopy(tail, 0, writer.out, writer.pos, tail.length);
    if (writer.pos + tail.length != size) {
      throw new IllegalStateException(
          "PythonJsonWriter measured " + size + " bytes but wrote " + (writer.pos + tail.length));
    }
    return writer.out;
  }

  // ---- pass 1: size ----

  private long measure(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        {
          int n = node.size();
          long size = 2 + (n == 0 ? 0 : 4L * n - 2); // braces, ": " per entry, ", " between
          for (Map.Entry<String, JsonNode> entry : node.properties()) {
            size += measureString(entry.getKey()) + measure(entry.getValue());
          }
          return size;
        }
      case ARRAY:
        {
          int n = node.size();
          long size = 2 + (n == 0 ? 0 : 2L * n - 2);
          for (int i = 0; i < n; i++) {
            size += measure(node.get(i));
          }
          return size;
        }
      case STRING:
        return measureString(node.stringValue());
      case BOOLEAN:
        return node.booleanValue() ? 4 : 5;
      case NULL:
        return 4;
      default:
        return measureRaw(scalarText(node));
    }
  }

  private long measureString(String s) {
    int quote = quoted ? 2 : 1;
    long size = 2L * quote;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 128) {
        byte e = ESCAPES[c];
        if (e == 0) {
          size++;
        } else if (e == UNICODE) {
          size += quote + 5;
        } else {
          // \" and \\ need their second char quoted too; \n etc. do not
          size += quote + ((c == '"' || c == '\\') ? quote : 1);
        }
      } else {
        size += quote + 5;
      }
    }
    return size;
  }

  private long measureRaw(String ascii) {
    if (!quoted) {
      return ascii.length();
    }
    long size = ascii.length();
    for (int i = 0, n = ascii.length(); i < n; i++) {
      char c = ascii.charAt(i);
      if (c == '"' || c == '\\') {
        size++;
      }
    }
    return size;
  }

  // ---- pass 2: bytes ----

  private void emit(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        {
          out[pos++] = '{';
          Iterator<Map.Entry<String, JsonNode>> entries = node.properties().iterator();
          boolean first = true;
          while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!first) {
              out[pos++] = ',';
              out[pos++] = ' ';
            }
            first = false;
            emitString(entry.getKey());
            out[pos++] = ':';
            out[pos++] = ' ';
            emit(entry.getValue());
          }
          out[pos++] = '}';
          return;
        }
      case ARRAY:
        {
          out[pos++] = '[';
          for (int i = 0, n = node.size(); i < n; i++) {
            if (i > 0) {
              out[pos++] = ',';
              out[pos++] = ' ';
            }
            emit(node.get(i));
          }
          out[pos++] = ']';
          return;
        }
      case STRING:
        emitString(node.stringValue());
        return;
      case BOOLEAN:
        emitAscii(node.booleanValue() ? "true" : "false");
        return;
      case NULL:
        emitAscii("null");
        return;
      default:
        emitRaw(scalarText(node));
    }
  }

  private void emitString(String s) {
    quote();
    byte[] b = out;
    int p = pos;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 128) {
        byte e = ESCAPES[c];
        if (e == 0) {
          b[p++] = (byte) c;
          continue;
        }
        pos = p;
        backslash();
        if (e == UNICODE) {
          unicode(c);
        } else if (c == '"') {
          quote();
        } else if (c == '\\') {
          backslash();
        } else {
          out[pos++] = e;
        }
        p = pos;
      } else {
        pos = p;
        backslash();
        unicode(c);
        p = pos;
      }
    }
    pos = p;
    quote();
  }

  private void unicode(char c) {
    out[pos++] = 'u';
    out[pos++] = HEX[(c >> 12) & 0xf];
    out[pos++] = HEX[(c >> 8) & 0xf];
    out[pos++] = HEX[(c >> 4) & 0xf];
    out[pos++] = HEX[c & 0xf];
  }

  /**
   * Writes JSON text that is already ASCII and escaped; quoting doubles {@code "} and {@code \}.
   */
  private void emitRaw(String ascii) {
    for (int i = 0, n = ascii.length(); i < n; i++) {
      char c = ascii.charAt(i);
      if (quoted && (c == '"' || c == '\\')) {
        out[pos++] = '\\';
      }
      out[pos++] = (byte) c;
    }
  }

  /** Writes a keyword with no characters that need quoting. */
  private void emitAscii(String keyword) {
    for (int i = 0, n = keyword.length(); i < n; i++) {
      out[pos++] = (byte) keyword.charAt(i);
    }
  }

  private void quote() {
    if (quoted) {
      out[pos++] = '\\';
    }
    out[pos++] = '"';
  }

  private void backslash() {
    if (quoted) {
      out[pos++] = '\\';
    }
    out[pos++] = '\\';
  }

  // ---- numbers and the rest ----

  private String scalarText(JsonNode node) {
    if (node.isInt() || node.isShort()) {
      return Integer.toString(node.intValue());
    } else if (node.isLong()) {
      return Long.toString(node.longValue());
    } else if (node.isBigInteger()) {
      return node.bigIntegerValue().toString();
    } else if (node.isDouble()) {
      return NumberOutput.toString(node.doubleValue(), fastDoubles);
    } else if (node.isFloat()) {
      return NumberOutput.toString(node.floatValue(), fastDoubles);
    }
    String text = fallback.apply(node);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 128) {
        throw new IllegalStateException(
            "Jackson wrote non-ASCII JSON for a " + node.getNodeType() + " node: " + text);
      }
    }
    return text;
  }

  private static byte[] escapes() {
    byte[] e = new byte[128];
    for (int c = 0; c < 0x20; c++) {
      e[c] = UNICODE;
    }
    e['\b'] = 'b';
    e['\t'] = 't';
    e['\n'] = 'n';
    e['\f'] = 'f';
    e['\r'] = 'r';
    e['"'] = '"';
    e['\\'] = '\\';
    e[0x7f] = UNICODE;
    return e;
  }
}
