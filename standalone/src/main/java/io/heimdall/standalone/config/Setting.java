package io.heimdall.standalone.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of the configuration schema: checks a raw YAML value at a key path and returns it with
 * defaults filled in, or records what is wrong with it.
 */
public sealed interface Setting {

  /**
   * Checks {@code raw} (null when the key is absent or empty) and returns the value the node uses.
   * Problems are added to {@code errors} as {@code "<path>: <what is wrong>"}.
   */
  Object resolve(String path, Object raw, List<String> errors);

  /** A mapping with a fixed set of keys; any other key is an error. */
  record Section(Map<String, Setting> keys) implements Setting {
    /** Keeps the declaration order, which is the order the keys are documented in. */
    public Section {
      keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    @Override
    public Object resolve(String path, Object raw, List<String> errors) {
      JsonObject out = new JsonObject();
      Map<?, ?> given = raw == null ? Map.of() : asMap(path, raw, errors);
      if (given == null) {
        return out;
      }
      for (Map.Entry<?, ?> entry : given.entrySet()) {
        if (!keys.containsKey(String.valueOf(entry.getKey()))) {
          errors.add(join(path, String.valueOf(entry.getKey())) + ": unknown key (expected one of "
            + String.join(", ", keys.keySet()) + ")");
        }
      }
      for (Map.Entry<String, Setting> key : keys.entrySet()) {
        Object value = key.getValue().resolve(join(path, key.getKey()), given.get(key.getKey()), errors);
        if (value != null) {
          out.put(key.getKey(), value);
        }
      }
      return out;
    }
  }

  /** A mapping passed through unchecked: its owner validates the contents. */
  record FreeForm() implements Setting {
    @Override
    public Object resolve(String path, Object raw, List<String> errors) {
      if (raw == null) {
        return new JsonObject();
      }
      Map<?, ?> map = asMap(path, raw, errors);
      return map == null ? new JsonObject() : toJson(map);
    }
  }

  /** true or false. */
  record Flag(boolean defaultValue) implements Setting {
    @Override
    public Object resolve(String path, Object raw, List<String> errors) {
      if (raw == null) {
        return defaultValue;
      }
      if (raw instanceof Boolean b) {
        return b;
      }
      errors.add(path + ": must be true or false, was " + describe(raw));
      return defaultValue;
    }
  }

  /** A whole number in {@code [min, max]}; {@code defaultValue} may be null (unset). */
  record Whole(Integer defaultValue, int min, int max) implements Setting {
    @Override
    public Object resolve(String path, Object raw, List<String> errors) {
      if (raw == null) {
        return defaultValue;
      }
      if (!(raw instanceof Integer || raw instanceof Long)) {
        errors.add(path + ": must be a whole number, was " + describe(raw));
        return defaultValue;
      }
      long value = ((Number) raw).longValue();
      if (value < min || value > max) {
        errors.add(path + ": must be " + min + ".." + max + ", was " + value);
        return defaultValue;
      }
      return (int) value;
    }
  }

  /** A string matching {@code shape} (described by {@code expected}); {@code defaultValue} may be null. */
  record Text(String defaultValue, Pattern shape, String expected) implements Setting {
    @Override
    public Object resolve(String path, Object raw, List<String> errors) {
      if (raw == null) {
        return defaultValue;
      }
      if (!(raw instanceof String text)) {
        errors.add(path + ": must be " + expected + ", was " + describe(raw));
        return defaultValue;
      }
      if (!shape.matcher(text).matches()) {
        errors.add(path + ": must be " + expected + ", was \"" + text + "\"");
        return defaultValue;
      }
      return text;
    }
  }

  /** A list of strings of one shape, written as a YAML list or as one comma-separated string. */
  record TextList(Text element) implements Setting {
    @Override
    public Object resolve(String path, Object raw, List<String> errors) {
      JsonArray out = new JsonArray();
      List<Object> items = new ArrayList<>();
      if (raw instanceof String text) {
        for (String part : text.split(",")) {
          if (!part.isBlank()) {
            items.add(part.trim());
          }
        }
      } else if (raw instanceof List<?> list) {
        items.addAll(list);
      } else if (raw != null) {
        errors.add(path + ": must be a list or a comma-separated string, was " + describe(raw));
      }
      for (int i = 0; i < items.size(); i++) {
        Object value = element.resolve(path + "[" + i + "]", items.get(i), errors);
        if (value != null) {
          out.add(value);
        }
      }
      return out;
    }
  }

  private static Map<?, ?> asMap(String path, Object raw, List<String> errors) {
    if (raw instanceof Map<?, ?> map) {
      return map;
    }
    errors.add(path + ": must be a mapping of keys, was " + describe(raw));
    return null;
  }

  private static JsonObject toJson(Map<?, ?> map) {
    JsonObject out = new JsonObject();
    map.forEach((k, v) -> out.put(String.valueOf(k), toJsonValue(v)));
    return out;
  }

  private static Object toJsonValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return toJson(map);
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(v -> array.add(toJsonValue(v)));
      return array;
    }
    // YAML timestamps and binaries have no JSON form; their owners get the text.
    return value == null || value instanceof String || value instanceof Number || value instanceof Boolean
      ? value : String.valueOf(value);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String describe(Object raw) {
    String kind = raw instanceof Map ? "a mapping" : raw instanceof List ? "a list"
      : raw instanceof String ? "a string" : raw instanceof Boolean ? "a boolean"
      : raw instanceof Number ? "a number" : raw.getClass().getSimpleName();
    String text = raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
    return kind + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
  }
}
