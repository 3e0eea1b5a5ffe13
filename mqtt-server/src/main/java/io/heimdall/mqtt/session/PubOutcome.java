package io.heimdall.mqtt.session;

import io.heimdall.dist.client.PubResult;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;

/** How an inbound publish ended, with its MQTT 5 PUBACK and PUBREC reason codes. */
enum PubOutcome {
  SUCCESS(MqttPubAckReasonCode.SUCCESS, MqttPubRecReasonCode.SUCCESS),
  NO_MATCH(MqttPubAckReasonCode.NO_MATCHING_SUBSCRIBERS, MqttPubRecReasonCode.NO_MATCHING_SUBSCRIBERS),
  ERROR(MqttPubAckReasonCode.UNSPECIFIED_ERROR, MqttPubRecReasonCode.UNSPECIFIED_ERROR),
  NOT_AUTHORIZED(MqttPubAckReasonCode.NOT_AUTHORIZED, MqttPubRecReasonCode.NOT_AUTHORIZED),
  QUOTA_EXCEEDED(MqttPubAckReasonCode.QUOTA_EXCEEDED, MqttPubRecReasonCode.QUOTA_EXCEEDED),
  PAYLOAD_FORMAT_INVALID(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID, MqttPubRecReasonCode.PAYLOAD_FORMAT_INVALID);

  final MqttPubAckReasonCode pubAck;
  final MqttPubRecReasonCode pubRec;

  PubOutcome(MqttPubAckReasonCode pubAck, MqttPubRecReasonCode pubRec) {
    this.pubAck = pubAck;
    this.pubRec = pubRec;
  }

  static PubOutcome of(PubResult result) {
    return switch (result) {
      case OK -> SUCCESS;
      case NO_MATCH -> NO_MATCH;
      case ERROR -> ERROR;
    };
  }
}
