package io.heimdall.standalone.config;

import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code standalone.yml} and validates it. */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  /** The validated config of {@code file} with defaults filled in. */
  public static JsonObject load(Path file) throws ConfigException {
    Object raw;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      raw = parse(reader);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read: " + e));
    } catch (YAMLException e) {
      throw new ConfigException(file.toString(), List.of("not valid YAML: " + e.getMessage().replace('\n', ' ')));
    }
    ConfigValidator.Result result = ConfigValidator.validate(raw);
    if (!result.valid()) {
      throw new ConfigException(file.toString(), result.errors());
    }
    return result.config();
  }

  /** Parses YAML safely (no object construction) and refuses duplicate keys. */
  static Object parse(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options)).load(reader);
  }
}
