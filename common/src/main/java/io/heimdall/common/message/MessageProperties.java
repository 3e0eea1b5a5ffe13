package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The MQTT 5 properties a published message carries to its receivers unchanged.
 *
 * @param payloadFormatUtf8 payload format indicator 1 (UTF-8 text) when true
 * @param contentType       content type or null
 * @param responseTopic     response topic or null
 * @param correlationData   correlation data or null
 * @param userProperties    user properties in order
 */
public record MessageProperties(boolean payloadFormatUtf8, String contentType, String responseTopic,
                                Buffer correlationData, List<UserProperty> userProperties) {
  /** No properties. */
  public static final MessageProperties NONE = new MessageProperties(false, null, null, null, List.of());

  /** Copies the user properties so the record stays immutable. */
  public MessageProperties {
    userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
  }
}
