package io.heimdall.mqtt.props;

import io.heimdall.common.message.MessageProperties;
import io.heimdall.common.message.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/** Reads and builds the MQTT 5 properties netty carries, with absent properties as defaults. */
public final class Props {
  private Props() {
  }

  /** An integer property or the default. */
  public static long intOf(MqttProperties props, int id, long absent) {
    if (props == null) {
      return absent;
    }
    MqttProperties.MqttProperty<?> p = props.getProperty(id);
    // Four-byte integers (expiry intervals) are unsigned on the wire but arrive as signed ints.
    return p == null ? absent : Integer.toUnsignedLong((Integer) p.value());
  }

  /** A string property or null. */
  public static String stringOf(MqttProperties props, int id) {
    if (props == null) {
      return null;
    }
    MqttProperties.MqttProperty<?> p = props.getProperty(id);
    return p == null ? null : (String) p.value();
  }

  /** A binary property or null. */
  public static byte[] bytesOf(MqttProperties props, int id) {
    if (props == null) {
      return null;
    }
    MqttProperties.MqttProperty<?> p = props.getProperty(id);
    return p == null ? null : (byte[]) p.value();
  }

  /** All values of a repeatable integer property (subscription identifiers). */
  public static List<Integer> intsOf(MqttProperties props, int id) {
    List<Integer> out = new ArrayList<>();
    if (props != null) {
      for (MqttProperties.MqttProperty<?> p : props.getProperties(id)) {
        out.add((Integer) p.value());
      }
    }
    return out;
  }

  /** The user properties in order. */
  public static List<UserProperty> userPropertiesOf(MqttProperties props) {
    List<UserProperty> out = new ArrayList<>();
    if (props == null) {
      return out;
    }
    for (MqttProperties.MqttProperty<?> p : props.getProperties(MqttProperties.USER_PROPERTY)) {
      Object v = p.value();
      if (v instanceof List<?> pairs) {
        for (Object o : pairs) {
          MqttProperties.StringPair pair = (MqttProperties.StringPair) o;
          out.add(new UserProperty(pair.key, pair.value));
        }
      } else if (v instanceof MqttProperties.StringPair pair) {
        out.add(new UserProperty(pair.key, pair.value));
      }
    }
    return out;
  }

  /** The properties a publish hands on to its receivers. */
  public static MessageProperties messagePropertiesOf(MqttProperties props) {
    if (props == null || props.isEmpty()) {
      return MessageProperties.NONE;
    }
    byte[] correlation = bytesOf(props, MqttProperties.CORRELATION_DATA);
    return new MessageProperties(intOf(props, MqttProperties.PAYLOAD_FORMAT_INDICATOR, 0) == 1,
      stringOf(props, MqttProperties.CONTENT_TYPE), stringOf(props, MqttProperties.RESPONSE_TOPIC),
      correlation == null ? null : Buffer.buffer(correlation), userPropertiesOf(props));
  }

  /** Adds an integer property. */
  public static void putInt(MqttProperties props, int id, long value) {
    props.add(new MqttProperties.IntegerProperty(id, (int) value));
  }

  /** Adds a string property. */
  public static void putString(MqttProperties props, int id, String value) {
    props.add(new MqttProperties.StringProperty(id, value));
  }

  /** Adds a reason string, which MQTT 5 allows only when the client did not refuse problem information. */
  public static MqttProperties reason(String reason, boolean problemInformation) {
    MqttProperties props = new MqttProperties();
    if (problemInformation && reason != null) {
      putString(props, MqttProperties.REASON_STRING, reason);
    }
    return props;
  }

  /** Writes a message's forwarded properties into outbound publish properties. */
  public static void putMessageProperties(MqttProperties props, MessageProperties mp) {
    if (mp.payloadFormatUtf8()) {
      putInt(props, MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1);
    }
    if (mp.contentType() != null) {
      putString(props, MqttProperties.CONTENT_TYPE, mp.contentType());
    }
    if (mp.responseTopic() != null) {
      putString(props, MqttProperties.RESPONSE_TOPIC, mp.responseTopic());
    }
    if (mp.correlationData() != null) {
      props.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, mp.correlationData().getBytes()));
    }
    if (!mp.userProperties().isEmpty()) {
      MqttProperties.UserProperties ups = new MqttProperties.UserProperties();
      mp.userProperties().forEach(up -> ups.add(up.key(), up.value()));
      props.add(ups);
    }
  }
}
