package io.heimdall.mqtt.props;

import io.heimdall.common.message.MessageProperties;
import io.heimdall.common.message.UserProperty;
import io.heimdall.common.topic.MqttUtf8;

/** Upper bound of the encoded size of an outbound PUBLISH, to honour the client's maximum packet size. */
public final class PacketSize {
  private PacketSize() {
  }

  /** Bytes of a PUBLISH with this topic, QoS, payload, forwarded properties and extra property bytes. */
  public static long ofPublish(String topic, int qos, int payloadBytes, MessageProperties mp, int extraPropertyBytes) {
    long props = extraPropertyBytes;
    if (mp.payloadFormatUtf8()) {
      props += 2;
    }
    if (mp.contentType() != null) {
      props += 3 + MqttUtf8.utf8Length(mp.contentType());
    }
    if (mp.responseTopic() != null) {
      props += 3 + MqttUtf8.utf8Length(mp.responseTopic());
    }
    if (mp.correlationData() != null) {
      props += 3 + mp.correlationData().length();
    }
    for (UserProperty up : mp.userProperties()) {
      props += 5 + MqttUtf8.utf8Length(up.key()) + MqttUtf8.utf8Length(up.value());
    }
    long remaining = 2 + MqttUtf8.utf8Length(topic) + (qos > 0 ? 2 : 0) + varIntSize(props) + props + payloadBytes;
    return 1 + varIntSize(remaining) + remaining;
  }

  /** Bytes of MQTT's variable byte integer encoding. */
  public static int varIntSize(long value) {
    int n = 1;
    while (value >= 128) {
      value >>= 7;
      n++;
    }
    return n;
  }
}
