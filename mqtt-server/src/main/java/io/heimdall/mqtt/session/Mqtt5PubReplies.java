package io.heimdall.mqtt.session;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;

/**
 * Sends MQTT 5 PUBREC and PUBCOMP with their reason code: vertx-mqtt 5.0.8 leaves the code out of both, so a
 * refused QoS 2 publish would read as accepted and an unknown PUBREL as completed.
 */
final class Mqtt5PubReplies {
  private Mqtt5PubReplies() {
  }

  /** Answers a QoS 2 PUBLISH. */
  static void pubrec(MqttEndpoint endpoint, int packetId, MqttPubRecReasonCode code, MqttProperties props) {
    if (!write(endpoint, MqttMessageType.PUBREC, packetId, code.value(), props)) {
      endpoint.publishReceived(packetId, code, props);
    }
  }

  /** Answers a PUBREL. */
  static void pubcomp(MqttEndpoint endpoint, int packetId, MqttPubCompReasonCode code, MqttProperties props) {
    if (!write(endpoint, MqttMessageType.PUBCOMP, packetId, code.value(), props)) {
      endpoint.publishComplete(packetId, code, props);
    }
  }

  private static boolean write(MqttEndpoint endpoint, MqttMessageType type, int packetId, byte code,
                               MqttProperties props) {
    NetSocketInternal socket = EndpointSocket.of(endpoint);
    if (socket == null) {
      return false;
    }
    MqttFixedHeader header = new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    socket.writeMessage(MqttMessageFactory.newMessage(header,
      new MqttPubReplyMessageVariableHeader(packetId, code, props), null));
    return true;
  }
}
