package io.heimdall.common.message;

/** One MQTT 5 user property; names may repeat and order is kept. */
public record UserProperty(String key, String value) {
}
